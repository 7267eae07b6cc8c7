/// A trend that grows one snapshot at a time and says, after each, what is growing now and which
/// sites just became suspects: `stackdiff watch`.
///
/// A site is announced once, at the snapshot where one of its series first qualifies by `trend`'s
/// rules for the strongest evidence (not noise, blocked, a site in user code) applied to its
/// current run: net of state shifts, it never fell since its last fall and rose at two steps or
/// more, so across three snapshots at least. Counting from its last fall rather than from the
/// first snapshot lets a leak that starts after a warm-up's ups and downs be announced; the
/// final report (`report()`) is `trend`'s over the whole series.
public struct LiveTrend {
  public private(set) var accumulator: TrendAccumulator
  /// Per series, its current run.
  private var runs: [Run] = []
  private var announced: Set<SiteKey> = []

  /// How many snapshots, the latest included, "growing now" looks at.
  public static let growthWindow = 3

  /// Where a series' current run of never falling started rising, and how often it rose.
  private struct Run: Sendable {
    /// The snapshot before the run's first rise; nil before any rise.
    var start: Int?
    var rises = 0
  }

  public init(key: ComparisonKey) { accumulator = TrendAccumulator(key: key) }

  /// Groups that grew over the latest snapshots, and the sites that just became suspects.
  public struct Step: Sendable {
    public var total: Int
    /// The previous snapshot's total; nil for the first.
    public var previousTotal: Int?
    /// The first of the snapshots "growing" looks at (0-based): the latest `growthWindow`.
    public var windowStart: Int
    /// Groups (not noise) whose net count never fell over the window and ended higher.
    public var growingGroups: Int
    /// Their net growth over the window, summed.
    public var growth: Int
    /// Sites that qualified at this snapshot, strongest first. A finding's counts are those of
    /// the snapshots from `firstPosition(of:)` to this one.
    public var newSuspects: [TrendFinding]
    /// This snapshot's position (0-based).
    public var position: Int

    /// The position of a new suspect's first count.
    public func firstPosition(of finding: TrendFinding) -> Int { position - finding.counts.count + 1 }
  }

  /// The snapshots so far, without their groups.
  public var snapshots: [Snapshot] { accumulator.snapshots }
  public var dialect: any LanguageDialect { TrendReport.dialect(of: accumulator.snapshots) }
  public var formatWithoutStates: DumpFormat? { TrendReport.formatWithoutStates(in: accumulator.snapshots) }

  public func accepts(_ snapshot: Snapshot) -> Bool { accumulator.accepts(snapshot) }

  public mutating func add(_ snapshot: Snapshot) -> Step {
    accumulator.add(snapshot)
    let series = accumulator.series
    let position = accumulator.count - 1
    runs += [Run](repeating: Run(), count: series.count - runs.count)
    if position > 0 {
      for index in series.indices {
        let rise = series[index].netCounts[position] - series[index].netCounts[position - 1]
        if rise < 0 {
          runs[index] = Run()
        } else if rise > 0 {
          if runs[index].start == nil { runs[index].start = position - 1 }
          runs[index].rises += 1
        }
      }
    }
    let windowStart = max(0, position - Self.growthWindow + 1)
    var growing = 0
    var growth = 0
    for member in series where member.noise == nil {
      let window = Array(member.netCounts[windowStart...])
      guard TrendKind.classify(window) == .growing, let first = window.first, let last = window.last else {
        continue
      }
      growing += 1
      growth += last - first
    }
    return Step(
      total: snapshot.total, previousTotal: position > 0 ? snapshots[position - 1].total : nil,
      windowStart: windowStart, growingGroups: growing, growth: growth, newSuspects: announce(at: position),
      position: position)
  }

  /// The sites not yet announced whose series qualify now, as `trend`'s findings over their runs.
  private mutating func announce(at position: Int) -> [TrendFinding] {
    let dialect = self.dialect
    let series = accumulator.series
    var order: [SiteKey] = []
    var qualifying: [SiteKey: [Int]] = [:]
    for index in series.indices where runs[index].rises >= 2 {
      guard TrendAnalyzer.mayBeEvidence(series[index], dialect: dialect) else { continue }
      let site = SiteKey(series[index].group)
      guard !announced.contains(site) else { continue }
      if qualifying[site] == nil { order.append(site) }
      qualifying[site, default: []].append(index)
    }
    var window: [TrendSeries] = []
    for site in order {
      guard let members = qualifying[site] else { continue }
      announced.insert(site)
      // One window per site, so the stacks' counts add up step by step.
      let start = members.compactMap { runs[$0].start }.min() ?? position
      for index in members {
        var member = series[index]
        member.counts = Array(member.counts[start...])
        member.netCounts = Array(member.netCounts[start...])
        member.kind = .growing
        member.isStrongestEvidence = true
        window.append(member)
      }
    }
    return TrendAnalyzer.findings(in: window, dialect: dialect)
  }

  /// `trend`'s report over every snapshot so far.
  public func report() -> TrendReport { accumulator.report() }
}
