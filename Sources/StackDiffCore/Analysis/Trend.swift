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
  public var kind: TrendKind
  public var noise: GrowthNoise?

  /// Growing across at least three snapshots: the strongest evidence of a leak.
  public var isStrongestEvidence: Bool {
    kind == .growing && zip(counts, counts.dropFirst()).filter { $0 < $1 }.count >= 2
  }

  /// Per-step increments: `[50, 450, 500, 500]` for `0 → 50 → 500 → 1000 → 1500`.
  public var increments: [Int] { zip(counts, counts.dropFirst()).map { $1 - $0 } }
}

public struct TrendReport: Sendable {
  public var snapshots: [Snapshot]
  /// Growing first (largest growth first), then fluctuating, shrinking and stable.
  public var series: [TrendSeries]
  public var key: ComparisonKey

  public var totals: [Int] { snapshots.map(\.total) }

  /// The language's rules for this series: the newest snapshot's.
  public var dialect: any LanguageDialect { snapshots.last?.format.dialect ?? NeutralDialect() }
}

public enum TrendAnalyzer {
  public static func analyze(_ snapshots: [Snapshot], mode: GroupingMode = .lines) -> TrendReport {
    let key = ComparisonKey(mode: mode, snapshots: snapshots)
    var index: [ComparisonKey.Key: Int] = [:]
    var series: [TrendSeries] = []
    for (position, snapshot) in snapshots.enumerated() {
      for group in key.groups(of: snapshot) {
        let groupKey = key.key(of: group)
        if let existing = index[groupKey] {
          series[existing].counts[position] = group.count
          series[existing].group = group
        } else {
          index[groupKey] = series.count
          var counts = Array(repeating: 0, count: snapshots.count)
          counts[position] = group.count
          series.append(
            TrendSeries(
              group: group, counts: counts, kind: .stable, noise: group.noise(in: snapshot.format.dialect)))
        }
      }
    }
    for position in series.indices { series[position].kind = TrendKind.classify(series[position].counts) }
    series.sort(by: isOrderedBefore)
    return TrendReport(snapshots: snapshots, series: series, key: key)
  }

  private static func rank(_ kind: TrendKind) -> Int {
    switch kind {
    case .growing: return 0
    case .fluctuating: return 1
    case .shrinking: return 2
    case .stable: return 3
    }
  }

  static func isOrderedBefore(_ a: TrendSeries, _ b: TrendSeries) -> Bool {
    if (a.noise == nil) != (b.noise == nil) { return a.noise == nil }
    if rank(a.kind) != rank(b.kind) { return rank(a.kind) < rank(b.kind) }
    let aGrowth = (a.counts.last ?? 0) - (a.counts.first ?? 0)
    let bGrowth = (b.counts.last ?? 0) - (b.counts.first ?? 0)
    if aGrowth != bGrowth { return aGrowth > bGrowth }
    if a.counts.last != b.counts.last { return (a.counts.last ?? 0) > (b.counts.last ?? 0) }
    return Frame.isOrderedBefore(
      stack: a.group.frames, a.group.state, a.group.createdBy, b.group.frames, b.group.state,
      b.group.createdBy)
  }
}
