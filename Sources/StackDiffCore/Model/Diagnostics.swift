/// Lines that looked like part of a dump but could not be placed, and other damage.
public struct Diagnostics: Equatable, Sendable {
  public var unknownLineCount = 0
  /// 1-based line number of the first one.
  public var firstUnknownLine: Int?
  /// The input ended in the middle of a dump's line.
  public var endsMidLine = false
  /// Lines longer than the reader keeps (they are skipped).
  public var cutLineCount = 0
  /// A dump whose records do not add up to the total it declares (pprof `debug=1`).
  public var profileTotal: ProfileTotal?
  /// Control bytes (binary data, a stray NUL) removed from lines or skipped with them.
  public var skippedByteCount = 0
  /// 1-based line number of the first line that held them.
  public var firstSkippedByteLine: Int?
  /// Why the input ended early (damaged compressed data, a read error): what came before it was
  /// read.
  public var endedEarly: String?

  public init() {}

  mutating func noteUnknown(line: Int) {
    unknownLineCount += 1
    if firstUnknownLine == nil { firstUnknownLine = line }
  }

  mutating func noteSkipped(bytes: Int, line: Int) {
    guard bytes > 0 else { return }
    skippedByteCount.saturatingAdd(bytes)
    if firstSkippedByteLine == nil { firstSkippedByteLine = line }
  }

  /// Adds what was found later in the same input; its line numbers start after `lineOffset`.
  mutating func absorb(_ later: Diagnostics, lineOffset: Int = 0) {
    unknownLineCount += later.unknownLineCount
    if firstUnknownLine == nil { firstUnknownLine = later.firstUnknownLine.map { $0 + lineOffset } }
    endsMidLine = endsMidLine || later.endsMidLine
    cutLineCount += later.cutLineCount
    profileTotal = profileTotal ?? later.profileTotal
    endedEarly = endedEarly ?? later.endedEarly
    skippedByteCount.saturatingAdd(later.skippedByteCount)
    if firstSkippedByteLine == nil {
      firstSkippedByteLine = later.firstSkippedByteLine.map { $0 + lineOffset }
    }
  }
}

public struct ProfileTotal: Equatable, Sendable {
  public var declared: Int
  public var found: Int
}
