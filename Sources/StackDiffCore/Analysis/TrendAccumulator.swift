/// Builds a trend one snapshot at a time, keeping per group only its count series and its group
/// in the latest snapshot: what the next step's state-shift matching needs. A snapshot is not
/// kept once added (the report keeps its name, format and total), so a series of any length
/// costs memory per group and per step, never per snapshot.
///
/// `stackdiff trend` adds the snapshots it read; `stackdiff watch` adds each poll as it comes.
/// Both get their report from `report()`, so a watch's report is `trend`'s over the same dumps.
public struct TrendAccumulator {
  public let key: ComparisonKey
  /// Each series so far, in order of first appearance (the order state shifts pair in).
  private(set) var series: [TrendSeries] = []
  /// Each series' group in the latest snapshot, nil where it was absent.
  private var latestGroups: [Group?] = []
  private var index: [ComparisonKey.Key: Int] = [:]
  /// The latest snapshot's newest member id: tells old members from new ones at the next step.
  private var newestBefore: Int?
  /// Each snapshot without its groups: its name, format and total.
  private(set) var snapshots: [Snapshot] = []

  /// `key` must suit every snapshot that will be added (`ComparisonKey(mode:snapshots:)`).
  public init(key: ComparisonKey) { self.key = key }

  public var count: Int { snapshots.count }

  /// Whether `snapshot` can join this series under its key: a format that knows less (a
  /// profile without states, joining text dumps) would need a coarser key for every step.
  public func accepts(_ snapshot: Snapshot) -> Bool {
    ComparisonKey(mode: key.mode, snapshots: snapshots + [snapshot]).compares(like: key)
  }

  public mutating func add(_ snapshot: Snapshot) {
    let position = snapshots.count
    var current = [Group?](repeating: nil, count: series.count)
    for group in key.groups(of: snapshot) {
      let groupKey = key.key(of: group)
      if let existing = index[groupKey] {
        current[existing] = group
        series[existing].group = group
      } else {
        index[groupKey] = series.count
        let zeros = [Int](repeating: 0, count: position)
        series.append(
          TrendSeries(
            group: group, counts: zeros, netCounts: zeros, kind: .stable,
            noise: group.noise(in: snapshot.format.dialect)))
        latestGroups.append(nil)
        current.append(group)
      }
    }
    for position in series.indices { series[position].counts.append(current[position]?.count ?? 0) }
    if position == 0 {
      for position in series.indices { series[position].netCounts.append(series[position].counts[0]) }
    } else {
      appendNetCounts(current: current, step: position)
    }
    latestGroups = current
    newestBefore = snapshot.newestTraceID
    snapshots.append(Snapshot.shell(of: snapshot))
  }

  /// Pairs what one stack lost in a state with what it gained in another since the previous
  /// snapshot (as `diff` does) and takes it out of the net counts, which never go below zero.
  private mutating func appendNetCounts(current: [Group?], step: Int) {
    var changes = series.indices.map { position in
      GroupChange(
        before: series[position].counts[step - 1], after: series[position].counts[step],
        group: current[position] ?? latestGroups[position] ?? series[position].group,
        noise: series[position].noise)
    }
    _ = StateShiftMatcher.match(&changes, key: key, newestBefore: newestBefore)
    for position in series.indices {
      series[position].netCounts.append(
        max(0, (series[position].netCounts.last ?? 0) + changes[position].netDelta))
    }
  }

  /// The trend over the snapshots added so far.
  public func report() -> TrendReport {
    TrendAnalyzer.report(series: series, snapshots: snapshots, key: key)
  }
}

extension Snapshot {
  /// What a trend report keeps of a snapshot: its name, format and total, without its groups.
  static func shell(of snapshot: Snapshot) -> Snapshot {
    var shell = Snapshot(
      source: snapshot.source, index: snapshot.index, format: snapshot.format, total: snapshot.total,
      groups: [])
    shell.mergedDumpCount = snapshot.mergedDumpCount
    return shell
  }
}

extension ComparisonKey {
  /// Whether both keys compare groups alike.
  func compares(like other: ComparisonKey) -> Bool {
    mode == other.mode && ignoresState == other.ignoresState && ignoresCreator == other.ignoresCreator
      && maximumDepth == other.maximumDepth && possiblyCutDepth == other.possiblyCutDepth
  }
}
