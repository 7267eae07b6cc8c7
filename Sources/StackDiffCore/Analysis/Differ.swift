/// Compares two snapshots: which groups grew, which functions are in more goroutines, and
/// which growing groups look like leaks.
public enum Differ {
  public static func diff(before: Snapshot, after: Snapshot, mode: GroupingMode = .lines) -> SnapshotDiff {
    let key = ComparisonKey(mode: mode, snapshots: [before, after])
    let beforeGroups = key.groups(of: before)
    let afterGroups = key.groups(of: after)
    var beforeIndex: [ComparisonKey.Key: Int] = [:]
    for (index, group) in beforeGroups.enumerated() { beforeIndex[key.key(of: group)] = index }

    var matched = Set<Int>()
    var changes: [GroupChange] = []
    for group in afterGroups {
      var beforeCount = 0
      if let index = beforeIndex[key.key(of: group)] {
        beforeCount = beforeGroups[index].count
        matched.insert(index)
      }
      changes.append(
        GroupChange(
          before: beforeCount, after: group.count, group: group,
          noise: group.noise(in: after.format.dialect)))
    }
    for (index, group) in beforeGroups.enumerated() where !matched.contains(index) {
      changes.append(
        GroupChange(
          before: group.count, after: 0, group: group, noise: group.noise(in: before.format.dialect)))
    }
    changes.sort(by: isOrderedBefore)

    return SnapshotDiff(
      before: before, after: after, changes: changes,
      functions: functionChanges(changes),
      suspects: SuspectFinder.suspects(in: changes, dialect: after.format.dialect), key: key)
  }

  /// By delta (descending), then after count (descending), then stack.
  static func isOrderedBefore(_ a: GroupChange, _ b: GroupChange) -> Bool {
    if a.delta != b.delta { return a.delta > b.delta }
    if a.after != b.after { return a.after > b.after }
    return Group.isOrderedByStack(a.group, b.group)
  }

  /// Per function, the traces that contain it at least once, before and after.
  static func functionChanges(_ changes: [GroupChange]) -> [FunctionChange] {
    var index: [String: Int] = [:]
    var result: [FunctionChange] = []
    for change in changes where change.noise == nil {
      var seen = Set<String>()
      for frame in change.group.frames where seen.insert(frame.function).inserted {
        if let position = index[frame.function] {
          result[position].before += change.before
          result[position].after += change.after
        } else {
          index[frame.function] = result.count
          result.append(FunctionChange(function: frame.function, before: change.before, after: change.after))
        }
      }
    }
    result.sort { a, b in a.delta != b.delta ? a.delta > b.delta : a.function < b.function }
    return result
  }
}
