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
  public var formatWithoutStates: DumpFormat? {
    snapshots.first { !$0.format.capabilities.hasStates }?.format ?? snapshots.last?.format
  }

  /// The language's rules for this series: the newest snapshot's.
  public var dialect: any LanguageDialect { snapshots.last?.format.dialect ?? NeutralDialect() }
}

public enum TrendAnalyzer {
  public static func analyze(_ snapshots: [Snapshot], mode: GroupingMode = .lines) -> TrendReport {
    let key = ComparisonKey(mode: mode, snapshots: snapshots)
    var index: [ComparisonKey.Key: Int] = [:]
    var series: [TrendSeries] = []
    // Each series' group in each snapshot, for the member ids of each step.
    var groupsBySnapshot: [[Group?]] = []
    for (position, snapshot) in snapshots.enumerated() {
      for group in key.groups(of: snapshot) {
        let groupKey = key.key(of: group)
        if let existing = index[groupKey] {
          series[existing].counts[position] = group.count
          series[existing].group = group
          groupsBySnapshot[existing][position] = group
        } else {
          index[groupKey] = series.count
          var counts = Array(repeating: 0, count: snapshots.count)
          counts[position] = group.count
          series.append(
            TrendSeries(
              group: group, counts: counts, netCounts: counts, kind: .stable,
              noise: group.noise(in: snapshot.format.dialect)))
          var groups: [Group?] = Array(repeating: nil, count: snapshots.count)
          groups[position] = group
          groupsBySnapshot.append(groups)
        }
      }
    }
    removeStateShifts(&series, groups: groupsBySnapshot, snapshots: snapshots, key: key)
    let dialect = snapshots.last?.format.dialect ?? NeutralDialect()
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

  /// Step by step, pairs what one stack lost in a state with what it gained in another (as
  /// `diff` does) and takes it out of `netCounts`, which never go below zero.
  private static func removeStateShifts(
    _ series: inout [TrendSeries], groups: [[Group?]], snapshots: [Snapshot], key: ComparisonKey
  ) {
    guard snapshots.count > 1 else { return }
    var net = series.map { [$0.counts[0]] }
    for step in 1..<snapshots.count {
      var changes = series.indices.map { position in
        GroupChange(
          before: series[position].counts[step - 1], after: series[position].counts[step],
          group: groups[position][step] ?? groups[position][step - 1] ?? series[position].group,
          noise: series[position].noise)
      }
      _ = StateShiftMatcher.match(&changes, key: key, newestBefore: snapshots[step - 1].newestTraceID)
      for position in series.indices {
        net[position].append(max(0, (net[position].last ?? 0) + changes[position].netDelta))
      }
    }
    for position in series.indices { series[position].netCounts = net[position] }
  }

  /// `diff`'s suspect rules over a series: not noise, a site in user code (or callers lost),
  /// blocked (or no state recorded), and growing at two steps or more.
  private static func isEvidence(_ series: TrendSeries, dialect: any LanguageDialect) -> Bool {
    guard series.kind == .growing, series.noise == nil else { return false }
    guard series.netIncrements.filter({ $0 > 0 }).count >= 2 else { return false }
    let group = series.group
    guard group.mayHaveUserCode else { return false }
    if let state = group.state, !dialect.isBlocked(state: state) { return false }
    return true
  }

  /// The evidence gathered by site, as `diff` gathers suspects: long waits first, then growth.
  private static func findings(in series: [TrendSeries], dialect: any LanguageDialect) -> [TrendFinding] {
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
