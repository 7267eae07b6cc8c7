/// Compares two snapshots: which groups grew, which functions are in more goroutines, and
/// which growing groups look like leaks.
public enum Differ {
  public static func diff(
    before: Snapshot, after: Snapshot, mode: GroupingMode = .lines, ordering: ChangeOrdering = .all
  ) -> SnapshotDiff {
    let key = ComparisonKey(mode: mode, snapshots: [before, after])
    let beforeGroups = key.groups(of: before)
    let afterGroups = key.groups(of: after)
    let beforeIndex = GroupIndex(key: key, capacity: beforeGroups.count)
    let (beforeHashes, afterHashes) = hashesOnTwoCores(beforeGroups, afterGroups, index: beforeIndex)
    for (index, hash) in beforeHashes.enumerated() { beforeIndex.insert(hash: hash, at: index) }

    let found = beforeMatches(
      of: afterGroups, hashes: afterHashes, in: beforeGroups, index: beforeIndex,
      dialect: after.format.dialect)
    var matched = [Bool](repeating: false, count: beforeGroups.count)
    var changes: [GroupChange] = []
    changes.reserveCapacity(afterGroups.count)
    var userCode: [Bool] = []
    userCode.reserveCapacity(afterGroups.count)
    for (position, group) in afterGroups.enumerated() {
      let match = found[position]
      if match.position >= 0 { matched[match.position] = true }
      changes.append(GroupChange(before: match.count, after: group.count, group: group, noise: match.noise))
      userCode.append(match.mayHaveUserCode)
    }
    // In report order whatever order the before side came in (a reader may skip sorting it).
    var vanished = beforeGroups.indices.filter { !matched[$0] }.map { beforeGroups[$0] }
    vanished.sortIntoReportOrder()
    if ordering == .moving,
      found.contains(where: { !$0.isConsistent }) || !vanished.allSatisfy(ASCIIOrder.isConsistent(for:))
    {
      // Where the stack order is not consistent (`ASCIIOrder`), the order of two changes depends
      // on what else is sorted with them: only ordering all of them, the after side in report
      // order as a reader sorts it, gives what `.all` gives.
      var sorted = after
      sorted.ensureReportOrder()
      return diff(before: before, after: sorted, mode: mode, ordering: .all)
    }
    for group in vanished {
      changes.append(
        GroupChange(
          before: group.count, after: 0, group: group, noise: group.noise(in: before.format.dialect)))
      userCode.append(group.mayHaveUserCode)
    }
    let shifts = StateShiftMatcher.match(&changes, key: key, newestBefore: before.newestTraceID)
    let afterIsInReportOrder =
      key.keepsParsedGroups && after.groupsAreKnownInReportOrder || afterGroups.isInReportOrder
    let order = order(
      of: changes, afterCount: afterGroups.count, afterIsInReportOrder: afterIsInReportOrder,
      userCode: userCode, ordering: ordering)
    changes.permute(to: order)
    let findings = SuspectFinder.findings(in: changes, dialect: after.format.dialect, changesAreInOrder: true)
    return SnapshotDiff(
      before: before, after: after, changes: changes, suspects: findings.suspects,
      smallChanges: findings.smallChanges, shifts: shifts, key: key)
  }

  /// The key hashes of both sides' groups, the after side's on a second thread when both are
  /// large: with hundreds of thousands of distinct stacks, hashing is a good part of matching.
  private static func hashesOnTwoCores(_ before: [Group], _ after: [Group], index: GroupIndex) -> (
    [Int], [Int]
  ) {
    guard min(before.count, after.count) >= 4096 else {
      return (index.hashes(of: before), index.hashes(of: after))
    }
    return TwoCores.run({ index.hashes(of: before) }, { index.hashes(of: after) })
  }

  /// An after group's match: the position of the before group with its key (-1: none) and
  /// that group's count (0: none), with the after group's noise, `mayHaveUserCode` and
  /// consistency, read while its frames are at hand.
  private struct BeforeMatch {
    var position = -1
    var count = 0
    var noise: GrowthNoise?
    var mayHaveUserCode = false
    /// `ASCIIOrder.isConsistent` for the after group.
    var isConsistent = true
  }

  /// Per after group, its before group, its noise and whether it may hold user code, found on
  /// two cores when both sides are large: with hundreds of thousands of distinct stacks, each
  /// lookup waits on memory for the candidate's frames, and the lookups share nothing but what
  /// they read.
  private static func beforeMatches(
    of after: [Group], hashes: [Int], in before: [Group], index: GroupIndex, dialect: any LanguageDialect
  ) -> [BeforeMatch] {
    let key = index.key
    let match = { (position: Int, before: UnsafeBufferPointer<Group>, after: UnsafeBufferPointer<Group>) in
      var match = BeforeMatch(
        noise: after[position].noise(in: dialect), mayHaveUserCode: after[position].mayHaveUserCode,
        isConsistent: ASCIIOrder.isConsistent(for: after[position]))
      let found = index.firstPosition(hash: hashes[position]) { key.matches(before[$0], after[position]) }
      if let found {
        match.position = found
        match.count = before[found].count
      }
      return match
    }
    func matchEach(_ positions: some Sequence<Int>) -> [BeforeMatch] {
      before.withUnsafeBufferPointer { before in
        after.withUnsafeBufferPointer { after in positions.map { match($0, before, after) } }
      }
    }
    guard min(before.count, after.count) >= 4096 else { return matchEach(after.indices) }
    // Walked in memory order (`MemoryOrder`), half on each core; each result is put back at
    // its group's position.
    let order = MemoryOrder.positions(of: after)
    let middle = order.count / 2
    let (first, second) = TwoCores.run({ matchEach(order[..<middle]) }, { matchEach(order[middle...]) })
    var matches = [BeforeMatch](repeating: BeforeMatch(), count: after.count)
    for (offset, position) in order.enumerated() {
      matches[position] = offset < middle ? first[offset] : second[offset - middle]
    }
    return matches
  }

  /// By net delta (see `GrowthOrder`), then after count (descending), then stack.
  static func isOrderedBefore(_ a: GroupChange, _ b: GroupChange) -> Bool {
    if let decided = GrowthOrder.isBefore(
      a.netDelta, userCode: a.group.mayHaveUserCode, b.netDelta, userCode: b.group.mayHaveUserCode)
    {
      return decided
    }
    if a.after != b.after { return a.after > b.after }
    return Group.isOrderedByStack(a.group, b.group)
  }

  /// The positions of `changes` in `isOrderedBefore` order (with `.moving`, those of net delta
  /// 0 in position order between the growing and the shrinking). The first `afterCount`
  /// changes are the after groups', in report order when `afterIsInReportOrder`; the rest are
  /// the vanished groups', in report order. The after groups' changes to be ordered are put in
  /// report order first: between two with equal after counts, their positions there give the
  /// stack order, which saves walking stacks when hundreds of thousands tie.
  /// `userCode` is each change's `group.mayHaveUserCode`, found while the groups were read for
  /// other reasons.
  static func order(
    of changes: [GroupChange], afterCount: Int, afterIsInReportOrder: Bool, userCode user: [Bool],
    ordering: ChangeOrdering
  ) -> [Int] {
    let net = changes.map(\.netDelta)
    let ordered = ordering == .all ? Array(changes.indices) : changes.indices.filter { net[$0] != 0 }
    var afterSide = Array(ordered.prefix { $0 < afterCount })
    var leading = afterIsInReportOrder ? afterSide.count : 0
    if !afterIsInReportOrder {
      let inReportOrder = afterSide.map { changes[$0].group }.reportOrder()
      if inReportOrder.isByRanks {
        afterSide = inReportOrder.order.map { afterSide[$0] }
        leading = afterSide.count
      }
    }
    let positions = afterSide + ordered[afterSide.count...]
    let sorted = changes.withUnsafeBufferPointer { changes in
      positions.indices.sorted { a, b in
        let (x, y) = (positions[a], positions[b])
        if let decided = GrowthOrder.isBefore(net[x], userCode: user[x], net[y], userCode: user[y]) {
          return decided
        }
        if changes[x].after != changes[y].after { return changes[x].after > changes[y].after }
        if a < leading && b < leading { return a < b }
        return Group.isOrderedByStack(changes[x].group, changes[y].group)
      }
    }
    var order = sorted.map { positions[$0] }
    if ordering == .moving {
      let firstShrinking = order.firstIndex { net[$0] < 0 } ?? order.count
      order.insert(contentsOf: changes.indices.filter { net[$0] == 0 }, at: firstShrinking)
    }
    return order
  }

  /// Per function, the traces that contain it at least once, before and after, and the net
  /// change without state shifts; with `minimumNetDelta` of 1 or more, only the functions that
  /// grew by that much, found among the growing changes before anything is tallied.
  static func functionChanges(_ changes: [GroupChange], minimumNetDelta: Int? = nil) -> [FunctionChange] {
    functionChanges(changes, minimumNetDelta: minimumNetDelta, top: nil).shown
  }

  /// `functionChanges`, only its first `top` (all when nil) put in order, with how many there
  /// are: a report that shows ten does not sort a hundred thousand.
  static func functionChanges(_ changes: [GroupChange], minimumNetDelta: Int?, top: Int?) -> (
    shown: [FunctionChange], total: Int
  ) {
    let rows = NameRows()
    var result: [FunctionChange] = []
    if (minimumNetDelta ?? 0) > 0 {
      // Only a function in some growing change can have grown.
      for change in changes where change.noise == nil && change.netDelta > 0 {
        // Read in place: a loop over the frames copies each, retaining its strings.
        change.group.frames.withUnsafeBufferPointer { frames in
          for frame in frames.indices where rows.row(addingIfAbsent: frames[frame].function).isNew {
            result.append(
              FunctionChange(
                function: frames[frame].function, before: 0, after: 0, netDelta: 0,
                isUserCode: frames[frame].origin == .user))
          }
        }
      }
      let tally = GrowthTally.counts(changes, rows: rows, rowCount: result.count)
      for row in result.indices {
        result[row].before = tally.before[row]
        result[row].after = tally.after[row]
        result[row].netDelta = tally.netDelta[row]
      }
    } else {
      // Per row, the last change that counted it: a recursive function counts once per trace.
      var lastCounted: [Int] = []
      for (position, change) in changes.enumerated() where change.noise == nil {
        change.group.frames.withUnsafeBufferPointer { frames in
          for frame in frames.indices {
            let function = frames[frame].function
            let found = rows.row(addingIfAbsent: function)
            if found.isNew {
              result.append(
                FunctionChange(
                  function: function, before: 0, after: 0, netDelta: 0,
                  isUserCode: frames[frame].origin == .user))
              lastCounted.append(-1)
            }
            guard lastCounted[found.row] != position else { continue }
            lastCounted[found.row] = position
            result[found.row].before += change.before
            result[found.row].after += change.after
            result[found.row].netDelta += change.netDelta
          }
        }
      }
    }
    if let minimumNetDelta { result.removeAll { $0.netDelta < minimumNetDelta } }
    // Names outside ASCII may order inconsistently.
    let shown = result.sortedPrefix(
      top, by: FunctionChange.isOrderedBefore, isConsistent: result.allSatisfy(\.function.isASCII))
    return (shown, result.count)
  }
}
