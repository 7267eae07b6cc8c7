/// Merges a snapshot's groups under a coarser key.
public enum Regrouping {
  /// What a key keeps of a group.
  public struct Key: Hashable {
    var state: String?
    var functions: [String]
    var files: [String]
    var lines: [Int]
    var arguments: [String?]
    var creator: String?
    var creatorFile: String?
    var creatorLine: Int
    var isElided: Bool
    var isStackUnavailable: Bool
  }

  /// The key of `group` under `mode`; `ignoringState` and `ignoringCreator` drop what one side
  /// of a comparison cannot know (pprof formats carry neither).
  /// `maximumDepth` compares only that many innermost frames, for profiles that record a fixed
  /// number of program counters.
  public static func key(
    of group: Group, mode: GroupingMode, ignoringState: Bool = false, ignoringCreator: Bool = false,
    maximumDepth: Int? = nil
  ) -> Key {
    let keepsLines = mode != .functions
    var frames = group.frames
    var isCut = group.elision.isElided || frames.count >= TraceAggregator.possiblyCutDepth
    if let maximumDepth, frames.count > maximumDepth {
      frames = Array(frames.prefix(maximumDepth))
      isCut = true
    }
    // A cut stack counts each run of a repeated frame once, as the parser's key does.
    if isCut { frames = foldingRepeats(frames) }
    return Key(
      state: ignoringState ? nil : group.state,
      functions: frames.map(\.function),
      files: keepsLines ? frames.map(\.file) : [],
      lines: keepsLines ? frames.map { $0.line } : [],
      arguments: mode == .exact ? frames.map(\.arguments) : [],
      creator: ignoringCreator ? nil : group.createdBy?.function,
      creatorFile: ignoringCreator || !keepsLines ? nil : group.createdBy?.file,
      creatorLine: ignoringCreator || !keepsLines ? 0 : group.createdBy?.line ?? 0,
      isElided: isCut,
      isStackUnavailable: group.isStackUnavailable)
  }

  static func foldingRepeats(_ frames: [Frame]) -> [Frame] {
    var folded: [Frame] = []
    for frame in frames where folded.last != frame { folded.append(frame) }
    return folded
  }

  public static func regroup(
    _ snapshot: Snapshot, by mode: GroupingMode, ignoringState: Bool = false,
    ignoringCreator: Bool = false, maximumDepth: Int? = nil
  ) -> Snapshot {
    var merged = snapshot
    merged.groups = regroup(
      snapshot.groups, by: mode, ignoringState: ignoringState, ignoringCreator: ignoringCreator,
      maximumDepth: maximumDepth)
    return merged
  }

  /// Groups are merged in their current order, so the first (largest) member gives the merged
  /// group its frames and line numbers.
  public static func regroup(
    _ groups: [Group], by mode: GroupingMode, ignoringState: Bool = false,
    ignoringCreator: Bool = false, maximumDepth: Int? = nil
  ) -> [Group] {
    var indexByKey: [Key: Int] = [:]
    var result: [Group] = []
    for group in groups {
      let key = key(
        of: group, mode: mode, ignoringState: ignoringState, ignoringCreator: ignoringCreator,
        maximumDepth: maximumDepth)
      if let index = indexByKey[key] {
        result[index].absorb(group)
      } else {
        indexByKey[key] = result.count
        var first = group
        if ignoringState { first.state = nil }
        if ignoringCreator { first.createdBy = nil }
        result.append(first)
      }
    }
    result.sort(by: Group.isOrderedBefore)
    return result
  }
}

extension Group {
  /// Adds another group's members to this one.
  mutating func absorb(_ other: Group) {
    count += other.count
    isDumpTaker = isDumpTaker || other.isDumpTaker
    waitingCount += other.waitingCount
    lockedCount += other.lockedCount
    leakedCount += other.leakedCount
    if let theirs = other.waitMinutes {
      waitMinutes =
        waitMinutes.map {
          Swift.min($0.lowerBound, theirs.lowerBound)...Swift.max($0.upperBound, theirs.upperBound)
        } ?? theirs
    }
    unlistedLabelCount += other.unlistedLabelCount
    for label in other.labels {
      if let index = labels.firstIndex(where: { $0.labels == label.labels }) {
        labels[index].count += label.count
      } else if labels.count < Group.maximumLabelSets {
        labels.append(label)
      } else {
        unlistedLabelCount += label.count
      }
    }
    for id in other.sampleIDs where sampleIDs.count < Group.maximumSampleIDs {
      sampleIDs.append(id)
    }
  }
}
