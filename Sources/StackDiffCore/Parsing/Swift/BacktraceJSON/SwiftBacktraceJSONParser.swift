/// Finds backtracer JSON reports among an input's lines: a line holding a whole report (as the
/// runtime writes it), or a report spread over lines (pretty-printed), from a line that is
/// only `{` when the next one starts with the report's first key.
final class SwiftBacktraceJSONParser: LineParser {
  let cursor: LineCursor
  private let builder: SnapshotBuilder
  private var crashLog: SwiftCrashLog
  /// The lines of a spread-out report, joined.
  private let document = PrettyJSONDocument()
  private var documentStartLine = 0
  /// How far the document's opening `{` is indented.
  private var documentIndent = 0

  private enum Stage {
    case outside
    /// A `{` line, held until the next line says whether a report starts there.
    case opening
    case document
  }

  private var stage = Stage.outside
  private var released = DeclinedLine(text: ByteSlice(base: ByteSlice.emptyBase, count: 0), number: 0)
  private let heldBrace = ScratchBuffer(capacity: 16)

  init(format: DumpFormat, builder: SnapshotBuilder, cursor: LineCursor) {
    self.builder = builder
    self.cursor = cursor
    crashLog = SwiftCrashLog(format: format)
  }

  var releasedLine: DeclinedLine { released }
  var isInsideTrace: Bool { stage == .document }

  func take(_ raw: ByteSlice) -> LineVerdict {
    switch stage {
    case .outside:
      let text = raw.trimmingWhitespace()
      guard text.first == UInt8(ascii: "{") else { return .declined }
      if text.count == 1 {
        heldBrace.removeAll()
        heldBrace.append(raw)
        documentStartLine = cursor.number
        documentIndent = raw.count - raw.trimmingLeadingWhitespace().count
        stage = .opening
        return .taken
      }
      guard Self.mentionsReport(text) else { return .declined }
      readReport(text, firstLine: cursor.number)
      return .taken
    case .opening:
      let text = raw.trimmingWhitespace()
      guard Self.isReportKey(text) else {
        stage = .outside
        released = DeclinedLine(text: heldBrace.slice, number: documentStartLine)
        return .released
      }
      document.start()
      stage = .document
      document.append(heldBrace.slice)
      document.append(raw)
      return .taken
    case .document:
      guard Self.canContinue(raw, indent: documentIndent) else {
        // A report cut short and something else after it: one damaged line, like a cut
        // one-line report, and this line goes to whoever reads it (a report of ours included).
        stage = .outside
        builder.noteUnknown(line: documentStartLine)
        return take(raw)
      }
      document.append(raw)
      if document.depth == 0 {
        stage = .outside
        readReport(document.slice, firstLine: documentStartLine)
      } else if document.isTooLarge {
        stage = .outside
        builder.noteUnknown(line: documentStartLine)
      }
      return .taken
    }
  }

  func blockStart(in line: ByteSlice) -> Int? {
    guard let brace = line.firstRange(of: "{ \"timestamp\"") ?? line.firstRange(of: "{\"timestamp\""),
      brace > 0, Self.mentionsReport(line.dropFirst(brace))
    else { return nil }
    return brace
  }

  func finish() {
    // A report cut short: the reader names the first line it could not complete.
    if stage == .document { builder.noteUnknown(line: documentStartLine) }
    stage = .outside
  }

  /// Whether `raw` can be the next line of a pretty-printed document whose `{` is indented by
  /// `indent`: pretty-printers indent members past the brace, and each line starts with JSON
  /// (a text report's `*** Program crashed:` or `Thread 0 …` cannot). A blank line waits for
  /// the next one to decide.
  private static func canContinue(_ raw: ByteSlice, indent: Int) -> Bool {
    let text = raw.trimmingLeadingWhitespace()
    guard let first = text.first, first != 0x0D else { return true }
    if first == UInt8(ascii: "}") || first == UInt8(ascii: "]") { return true }
    guard raw.count - text.count > indent else { return false }
    switch first {
    case UInt8(ascii: "\""), UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: ","), UInt8(ascii: "-"),
      UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
      return true
    default:
      return false
    }
  }

  /// A member of a report's top level, which pretty-printers may put first.
  private static func isReportKey(_ text: ByteSlice) -> Bool {
    for key: StaticString in [
      "\"timestamp\"", "\"kind\"", "\"description\"", "\"faultAddress\"", "\"platform\"",
      "\"architecture\"", "\"threads\"", "\"backtraceTime\"", "\"capturedMemory\"", "\"images\"",
      "\"omittedImages\"", "\"omittedThreads\"",
    ] where text.hasPrefix(key) {
      return true
    }
    return false
  }

  /// Whether a one-line object is a backtracer report: its kind is near the start.
  private static func mentionsReport(_ text: ByteSlice) -> Bool {
    text.prefix(2048).firstRange(of: "\"crashReport\"") != nil
  }

  private func readReport(_ text: ByteSlice, firstLine: Int) {
    let value: JSONValue
    do {
      value = try JSONReader.readValue(in: text.rawBuffer).value
    } catch {
      builder.noteUnknown(line: firstLine)
      return
    }
    if !crashLog.add(value, to: builder) { builder.noteUnknown(line: firstLine) }
  }

}
