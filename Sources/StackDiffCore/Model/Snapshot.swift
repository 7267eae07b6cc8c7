/// Everything one dump says: its groups, and what the parser could not place.
public struct Snapshot: Equatable, Sendable {
  /// The path, `-` for stdin, or a URL.
  public var source: String
  /// 1-based position of this dump within its source (a log may hold several).
  public var index: Int
  public var format: DumpFormat
  /// Number of traces (goroutines); pprof records count as their record count.
  public var total: Int
  /// Sorted by count (descending), then by first frame.
  public var groups: [Group]
  /// Headlines around the dump: `panic: …`, `fatal error: …`, `SIGQUIT: quit`.
  public var events: [String]
  /// The Go installation the dump's runtime frames point into, when the paths reveal it.
  public var goroot: String?
  public var diagnostics: Diagnostics
  /// Every trace, in input order, when `DumpReader.Options.keepTraces` is set; otherwise empty.
  public var traces: [Trace]

  public init(
    source: String, index: Int = 1, format: DumpFormat, total: Int, groups: [Group],
    events: [String] = [], goroot: String? = nil, diagnostics: Diagnostics = Diagnostics(),
    traces: [Trace] = []
  ) {
    self.source = source
    self.index = index
    self.format = format
    self.total = total
    self.groups = groups
    self.events = events
    self.goroot = goroot
    self.diagnostics = diagnostics
    self.traces = traces
  }
}

/// Lines that looked like part of a dump but could not be placed.
public struct Diagnostics: Equatable, Sendable {
  public var unknownLineCount = 0
  /// 1-based line number of the first one.
  public var firstUnknownLine: Int?
  /// The input ended in the middle of a goroutine block's line.
  public var endsMidLine = false
  /// Lines longer than the reader keeps (they are skipped).
  public var cutLineCount = 0
  /// A pprof debug=1 profile whose records do not add up to its `total N`.
  public var profileTotal: ProfileTotal?

  public init() {}

  mutating func noteUnknown(line: Int) {
    unknownLineCount += 1
    if firstUnknownLine == nil { firstUnknownLine = line }
  }
}

public struct ProfileTotal: Equatable, Sendable {
  public var declared: Int
  public var found: Int
}
