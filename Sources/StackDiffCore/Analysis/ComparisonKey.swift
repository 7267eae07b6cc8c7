/// How groups from different snapshots are matched: the grouping mode, minus what either
/// snapshot cannot know. pprof profiles carry no states and no creators, and record at most 32
/// program counters per stack (128 from Go 1.23), runtime frames included, where text dumps
/// print up to 100 frames: with a profile involved, stacks are compared on their innermost
/// `profileDepth` frames.
public struct ComparisonKey: Sendable {
  public var mode: GroupingMode
  public var ignoresState: Bool
  public var ignoresCreator: Bool
  public var maximumDepth: Int?

  public static let profileDepth = 24

  public init(mode: GroupingMode, snapshots: [Snapshot]) {
    self.mode = mode
    ignoresState = snapshots.contains { !$0.format.hasStates }
    ignoresCreator = snapshots.contains { !$0.format.hasCreators }
    maximumDepth = snapshots.contains { $0.format != .goText } ? Self.profileDepth : nil
  }

  public func key(of group: Group) -> Regrouping.Key {
    Regrouping.key(
      of: group, mode: mode, ignoringState: ignoresState, ignoringCreator: ignoresCreator,
      maximumDepth: maximumDepth)
  }

  /// The snapshot's groups merged under this key.
  public func groups(of snapshot: Snapshot) -> [Group] {
    // The parser already grouped by lines (or exactly) with state and creator: nothing to merge.
    if mode != .functions && !ignoresState && !ignoresCreator && maximumDepth == nil {
      return snapshot.groups
    }
    return Regrouping.regroup(
      snapshot.groups, by: mode, ignoringState: ignoresState, ignoringCreator: ignoresCreator,
      maximumDepth: maximumDepth)
  }
}
