/// How groups from different snapshots are matched: the grouping mode, minus what either
/// snapshot cannot know (pprof profiles carry no states and no creators).
public struct ComparisonKey: Sendable {
  public var mode: GroupingMode
  public var ignoresState: Bool
  public var ignoresCreator: Bool

  public init(mode: GroupingMode, snapshots: [Snapshot]) {
    self.mode = mode
    ignoresState = snapshots.contains { !$0.format.hasStates }
    ignoresCreator = snapshots.contains { !$0.format.hasCreators }
  }

  public func key(of group: Group) -> Regrouping.Key {
    Regrouping.key(of: group, mode: mode, ignoringState: ignoresState, ignoringCreator: ignoresCreator)
  }

  /// The snapshot's groups merged under this key.
  public func groups(of snapshot: Snapshot) -> [Group] {
    // The parser already grouped by lines (or exactly) with state and creator: nothing to merge.
    if mode != .functions && !ignoresState && !ignoresCreator { return snapshot.groups }
    return Regrouping.regroup(
      snapshot.groups, by: mode, ignoringState: ignoresState, ignoringCreator: ignoresCreator)
  }
}
