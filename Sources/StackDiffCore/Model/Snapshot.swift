/// Everything one dump says: its groups, and what the parser could not place.
public struct Snapshot: Equatable, Sendable {
  /// The path, `-` for stdin, or a URL.
  public var source: String
  /// 1-based position of this dump within its source (a log may hold several).
  public var index: Int
  public var format: DumpFormat
  /// Number of traces (goroutines, threads, tasks); a profile record counts as its multiplicity.
  public var total: Int
  /// Sorted by count (descending), then by first frame.
  public var groups: [Group] { didSet { reportOrder = ReportOrderMemo() } }
  /// Headlines around the dump: `panic: …`, `fatal error: …`, `SIGQUIT: quit`.
  public var events: [String]
  /// What the dump revealed about where the program's code lives (its frames' verdicts used it).
  public var layout: ProgramLayout
  public var diagnostics: Diagnostics
  /// Every trace, in input order, when `DumpReader.Options.keepTraces` is set; otherwise empty.
  public var traces: [Trace]
  /// How many dumps `Snapshot.merging` folded into this one; 0 for a dump as read.
  public var mergedDumpCount = 0
  /// Whether the reader that sorted `groups` knows them to be in report order; forgotten when
  /// they change. Checking takes a comparison of stacks per group, which a diff of hundreds of
  /// thousands of distinct stacks would otherwise pay again.
  var groupsAreKnownInReportOrder: Bool {
    get { reportOrder.isKnown }
    set { reportOrder.isKnown = newValue }
  }
  private var reportOrder = ReportOrderMemo()

  public init(
    source: String, index: Int = 1, format: DumpFormat, total: Int, groups: [Group],
    events: [String] = [], layout: ProgramLayout = ProgramLayout(), diagnostics: Diagnostics = Diagnostics(),
    traces: [Trace] = []
  ) {
    self.source = source
    self.index = index
    self.format = format
    self.total = total
    self.groups = groups
    self.events = events
    self.layout = layout
    self.diagnostics = diagnostics
    self.traces = traces
  }
}

/// What a snapshot knows of its groups' order. Not part of its value: equal groups are equal
/// whether or not their order was checked.
private struct ReportOrderMemo: Equatable, Sendable {
  var isKnown = false

  static func == (a: ReportOrderMemo, b: ReportOrderMemo) -> Bool { true }
}
