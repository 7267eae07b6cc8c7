/// How a group's count moves over a series of snapshots.
public enum TrendKind: String, Sendable {
  /// Never decreases and ends higher than it started.
  case growing
  /// The same in every snapshot.
  case stable
  /// Never increases and ends lower.
  case shrinking
  /// Goes up and down.
  case fluctuating
  /// Changes only as members move between states of the same stack (`sleep` ↔ `chan
  /// receive`): its net count is the same in every snapshot.
  case shifting

  public static func classify(_ series: [Int]) -> TrendKind {
    guard let first = series.first, let last = series.last else { return .stable }
    let steps = zip(series, series.dropFirst())
    if steps.allSatisfy({ $0 == $1 }) { return .stable }
    if steps.allSatisfy({ $0 <= $1 }) && last > first { return .growing }
    if steps.allSatisfy({ $0 >= $1 }) && last < first { return .shrinking }
    return .fluctuating
  }
}

/// One group's counts across the snapshots, oldest first.
public struct TrendSeries: Equatable, Sendable {
  public var group: Group
  public var counts: [Int]
  /// The counts without members that only moved in from, or out to, another state of the same
  /// stack between two snapshots: what grows. Equal to `counts` when nothing moved.
  public var netCounts: [Int]
  /// Classified on `netCounts`.
  public var kind: TrendKind
  public var noise: GrowthNoise?
  /// Growing across at least three snapshots, and a suspect by `diff`'s rules (blocked, with a
  /// site in user code): the strongest evidence of a leak.
  public var isStrongestEvidence = false

  /// Per-step increments: `[50, 450, 500, 500]` for `0 → 50 → 500 → 1000 → 1500`.
  public var increments: [Int] { zip(counts, counts.dropFirst()).map { $1 - $0 } }
  /// Per-step increments of `netCounts`.
  public var netIncrements: [Int] { zip(netCounts, netCounts.dropFirst()).map { $1 - $0 } }
  /// Net growth from the first snapshot to the last.
  public var growth: Int { (netCounts.last ?? 0) - (netCounts.first ?? 0) }
}

/// A leaking site over a series: its growing stacks (one or several routes) with their counts
/// summed.
public struct TrendFinding: Equatable, Sendable {
  /// Largest growth first.
  public var stacks: [TrendSeries]
  /// `via` names, one per stack, when there are several.
  public var routes: [String]
  /// Per snapshot, the stacks' net counts summed.
  public var counts: [Int]
  public var longestWaitMinutes: Int?

  public var group: Group { stacks[0].group }
  public var growth: Int { (counts.last ?? 0) - (counts.first ?? 0) }
  public var increments: [Int] { zip(counts, counts.dropFirst()).map { $1 - $0 } }
}

/// Per function, how many traces contain it in each snapshot, net of state shifts.
public struct TrendFunction: Equatable, Sendable {
  public var function: String
  public var counts: [Int]
  public var isUserCode: Bool
  public var growth: Int { (counts.last ?? 0) - (counts.first ?? 0) }
}

public struct TrendReport: Sendable {
  /// Each snapshot's name, format and total; their groups are not kept (see `TrendAccumulator`).
  public var snapshots: [Snapshot]
  /// Growing first (largest growth first), then fluctuating, shrinking, shifting and stable.
  public var series: [TrendSeries]
  /// The strongest evidence, by site, strongest first.
  public var findings: [TrendFinding] = []
  /// Functions in more traces in the last snapshot than in the first, largest growth first.
  public var functions: [TrendFunction] = []
  public var key: ComparisonKey

  public var totals: [Int] { snapshots.map(\.total) }

  /// The format a missing state is blamed on: a snapshot's without states, else the newest's.
  public var formatWithoutStates: DumpFormat? { Self.formatWithoutStates(in: snapshots) }

  /// The language's rules for this series: the newest snapshot's.
  public var dialect: any LanguageDialect { Self.dialect(of: snapshots) }

  static func formatWithoutStates(in snapshots: [Snapshot]) -> DumpFormat? {
    snapshots.first { !$0.format.capabilities.hasStates }?.format ?? snapshots.last?.format
  }

  static func dialect(of snapshots: [Snapshot]) -> any LanguageDialect {
    snapshots.last?.format.dialect ?? NeutralDialect()
  }
}

public enum TrendAnalyzer {
  public static func analyze(_ snapshots: [Snapshot], mode: GroupingMode = .lines) -> TrendReport {
    var accumulator = TrendAccumulator(key: ComparisonKey(mode: mode, snapshots: snapshots))
    for snapshot in snapshots { accumulator.add(snapshot) }
    return accumulator.report()
  }

  /// Classifies `series` (counts and net counts per snapshot) and ranks them, their findings and
  /// their functions.
  static func report(series: [TrendSeries], snapshots: [Snapshot], key: ComparisonKey) -> TrendReport {
    var series = series
    let dialect = TrendReport.dialect(of: snapshots)
    for position in series.indices {
      var kind = TrendKind.classify(series[position].netCounts)
      if kind == .stable && TrendKind.classify(series[position].counts) != .stable { kind = .shifting }
      series[position].kind = kind
      series[position].isStrongestEvidence = isEvidence(series[position], dialect: dialect)
    }
    series.sort(by: isOrderedBefore)
    return TrendReport(
      snapshots: snapshots, series: series, findings: findings(in: series, dialect: dialect),
      functions: functions(in: series), key: key)
  }

  /// `diff`'s suspect rules over a series: not noise, a site in user code (or callers lost),
  /// blocked (or no state recorded), and growing at two steps or more.
  private static func isEvidence(_ series: TrendSeries, dialect: any LanguageDialect) -> Bool {
    guard series.kind == .growing else { return false }
    guard series.netIncrements.filter({ $0 > 0 }).count >= 2 else { return false }
    return mayBeEvidence(series, dialect: dialect)
  }

  /// What a leak's series must be whatever its counts: not noise, a site in user code (or
  /// callers lost), blocked (or no state recorded).
  static func mayBeEvidence(_ series: TrendSeries, dialect: any LanguageDialect) -> Bool {
    guard series.noise == nil else { return false }
    let group = series.group
    guard group.mayHaveUserCode else { return false }
    if let state = group.state, !dialect.isBlocked(state: state) { return false }
    return true
  }

  /// The evidence gathered by site, as `diff` gathers suspects: long waits first, then growth.
  static func findings(in series: [TrendSeries], dialect: any LanguageDialect) -> [TrendFinding] {
    var order: [SiteKey] = []
    var members: [SiteKey: [TrendSeries]] = [:]
    for member in series where member.isStrongestEvidence {
      let siteKey = SiteKey(member.group)
      if members[siteKey] == nil { order.append(siteKey) }
      members[siteKey, default: []].append(member)
    }
    let findings = order.compactMap { siteKey -> TrendFinding? in
      guard let stacks = members[siteKey]?.sorted(by: isOrderedBefore), let first = stacks.first else {
        return nil
      }
      var counts = Array(repeating: 0, count: first.netCounts.count)
      for stack in stacks {
        for position in counts.indices { counts[position] += stack.netCounts[position] }
      }
      return TrendFinding(
        stacks: stacks,
        routes: stacks.count > 1 ? RouteNamer.names(of: stacks.map(\.group), dialect: dialect) : [],
        counts: counts, longestWaitMinutes: stacks.compactMap { $0.group.waitMinutes?.upperBound }.max())
    }
    return findings.sorted { a, b in
      let aLong = (a.longestWaitMinutes ?? 0) > 0
      let bLong = (b.longestWaitMinutes ?? 0) > 0
      if aLong != bLong { return aLong }
      if a.growth != b.growth { return a.growth > b.growth }
      return isOrderedBefore(a.stacks[0], b.stacks[0])
    }
  }

  /// Functions whose net trace count grew from the first snapshot to the last.
  private static func functions(in series: [TrendSeries]) -> [TrendFunction] {
    var index: [String: Int] = [:]
    var result: [TrendFunction] = []
    for member in series where member.noise == nil {
      var seen = Set<String>()
      for frame in member.group.frames where seen.insert(frame.function).inserted {
        if let position = index[frame.function] {
          for step in member.netCounts.indices { result[position].counts[step] += member.netCounts[step] }
        } else {
          index[frame.function] = result.count
          result.append(
            TrendFunction(
              function: frame.function, counts: member.netCounts, isUserCode: frame.origin == .user))
        }
      }
    }
    return result.filter { $0.growth > 0 }.sorted { a, b in
      GrowthOrder.isBefore(a.growth, userCode: a.isUserCode, b.growth, userCode: b.isUserCode)
        ?? (a.function < b.function)
    }
  }

  private static func rank(_ kind: TrendKind) -> Int {
    switch kind {
    case .growing: return 0
    case .fluctuating: return 1
    case .shrinking: return 2
    case .shifting: return 3
    case .stable: return 4
    }
  }

  /// Noise last; then by kind, net growth (user code first on near-ties), last count, stack.
  static func isOrderedBefore(_ a: TrendSeries, _ b: TrendSeries) -> Bool {
    if (a.noise == nil) != (b.noise == nil) { return a.noise == nil }
    if rank(a.kind) != rank(b.kind) { return rank(a.kind) < rank(b.kind) }
    if let decided = GrowthOrder.isBefore(
      a.growth, userCode: a.group.mayHaveUserCode, b.growth, userCode: b.group.mayHaveUserCode)
    {
      return decided
    }
    if a.counts.last != b.counts.last { return (a.counts.last ?? 0) > (b.counts.last ?? 0) }
    return Frame.isOrderedBefore(
      stack: a.group.frames, a.group.state, a.group.createdBy, b.group.frames, b.group.state,
      b.group.createdBy)
  }
}
