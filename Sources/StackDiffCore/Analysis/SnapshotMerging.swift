/// `--merge`: dumps of one program folded into one snapshot, so thirty crash reports of an app
/// become its few distinct crashing stacks and the dumps of twenty replicas of a service one
/// picture. Each group counts the dumps it came from.
public struct MergeError: Error, Equatable, Sendable, CustomStringConvertible {
  public let description: String
}

extension Snapshot {
  /// Folds `snapshots` (at least one, all of one format) into one, groups matched under `mode`
  /// as `diff` matches them. Frames keep the verdicts their own dump gave them.
  public static func merging(_ snapshots: [Snapshot], mode: GroupingMode) throws(MergeError) -> Snapshot {
    guard var result = snapshots.first else { throw MergeError(description: "nothing to merge") }
    if let other = snapshots.first(where: { $0.format != result.format }) {
      throw MergeError(
        description:
          "--merge folds dumps of one format: \(result.source) is \(result.format.name), "
          + "\(other.source) is \(other.format.name)")
    }
    result.mergedDumpCount = snapshots.count
    result.source = mergedSource(snapshots)
    result.index = 1
    for index in result.groups.indices { result.groups[index].dumpCount = 1 }
    var seenEvents = Set(result.events)
    for later in snapshots.dropFirst() {
      result.fold(later, mode: mode, countingDumps: true)
      for event in later.events where seenEvents.insert(event).inserted { result.events.append(event) }
      result.diagnostics.absorb(later.diagnostics)
    }
    result.sortGroupsIntoReportOrder()
    return result
  }

  /// Adds `later`'s traces: its groups join the groups with the same key under `mode`.
  /// `hashes`, when given, are `GroupIndex.hashes` of this snapshot's groups and of `later`'s,
  /// computed beforehand (on the cores that parsed them).
  /// Returns the positions of its own groups that absorbed a later one (their counts changed).
  @discardableResult
  mutating func fold(
    _ later: Snapshot, mode: GroupingMode, countingDumps: Bool, hashes: (own: [Int], later: [Int])? = nil
  ) -> [Int] {
    var absorbing: [Int] = []
    total += later.total
    let index = GroupIndex(
      key: ComparisonKey(mode: mode, format: format), capacity: groups.count + later.groups.count)
    let ownHashes = hashes?.own ?? index.hashes(of: groups)
    let laterHashes = hashes?.later ?? index.hashes(of: later.groups)
    for (position, hash) in ownHashes.enumerated() { index.insert(hash: hash, at: position) }
    for (laterPosition, group) in later.groups.enumerated() {
      var group = group
      if countingDumps { group.dumpCount = 1 }
      let hash = laterHashes[laterPosition]
      let found = groups.withUnsafeBufferPointer { groups in
        index.firstPosition(hash: hash) { index.key.matches(groups[$0], group) }
      }
      if let position = found {
        groups[position].absorb(group)
        absorbing.append(position)
        if countingDumps { groups[position].dumpCount = (groups[position].dumpCount ?? 0) + 1 }
      } else {
        index.insert(hash: hash, at: groups.count)
        groups.append(group)
      }
    }
    return absorbing
  }

  /// `a.txt, b.txt, c.txt`, or `a.txt, b.txt and 28 more`; a source with several dumps once.
  private static func mergedSource(_ snapshots: [Snapshot]) -> String {
    var names: [String] = []
    var seen = Set<String>()
    for snapshot in snapshots where seen.insert(snapshot.source).inserted { names.append(snapshot.source) }
    if names.count <= 3 { return names.joined(separator: ", ") }
    return names.prefix(2).joined(separator: ", ") + " and \(names.count - 2) more"
  }
}
