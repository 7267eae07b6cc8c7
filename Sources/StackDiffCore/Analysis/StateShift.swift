/// Members of one stack that changed state between two snapshots: an accept loop `runnable` in
/// one dump and `IO wait` in the next, four workers moving from `sleep` to `chan receive`. They
/// are not growth, and never a suspect.
public struct StateShift: Equatable, Sendable {
  public var count: Int
  /// The group they left, as the before snapshot has it.
  public var from: Group
  /// The group they joined, as the after snapshot has it.
  public var to: Group
}

/// Pairs the decrease of one group with the increase of another of the same stack (see
/// `ComparisonKey.stackKey(of:)`), so that only a stack's net change counts as growth.
///
/// Groups whose frames are the same, state aside, pair freely: only the state can have changed.
/// Groups that differ in the library or runtime frames they wait in, or in the line of their
/// site, pair only as far as member ids show old members: an accept loop or a worker pool keeps
/// its goroutines, while a leak at another line of a handler is made of new ones, which never
/// count as moved. Without ids (profiles, most Swift reports) such groups do not pair.
enum StateShiftMatcher {
  /// Sets `movedIn` and `movedOut` on `changes` and returns the shifts, largest first. Changes
  /// that are noise never pair: they are not reported as growth anyway. `newestBefore` is the
  /// before snapshot's newest member id, nil when it has none or its ids mean nothing here.
  /// It is asked for only when a pair needs it: finding it reads every group of the snapshot.
  static func match(
    _ changes: inout [GroupChange], key: ComparisonKey, newestBefore: @autoclosure () -> Int?
  ) -> [StateShift] {
    var newest: Int??
    func newestBeforeID() -> Int? {
      if let newest { return newest }
      let found = newestBefore()
      newest = found
      return found
    }
    var members: [ComparisonKey.Key: [Int]] = [:]
    var order: [ComparisonKey.Key] = []
    for index in candidates(changes, key: key) {
      let stack = key.stackKey(of: changes[index].group)
      if members[stack] == nil { order.append(stack) }
      members[stack, default: []].append(index)
    }
    // Largest moves first; equal ones in report order, after groups before vanished ones, so
    // that equal inputs pair alike whatever order the after groups came in.
    func movesMore(_ a: Int, _ b: Int) -> Bool {
      let (x, y) = (changes[a], changes[b])
      if abs(x.delta) != abs(y.delta) { return abs(x.delta) > abs(y.delta) }
      if (x.after == 0) != (y.after == 0) { return y.after == 0 }
      let byReport = Group.compareInReportOrder(x.group, y.group)
      return byReport != 0 ? byReport < 0 : a < b
    }
    var shifts: [StateShift] = []
    for stack in order {
      guard let indices = members[stack], indices.count > 1 else { continue }
      let rising = indices.filter { changes[$0].delta > 0 }.sorted(by: movesMore)
      let falling = indices.filter { changes[$0].delta < 0 }.sorted(by: movesMore)
      guard !rising.isEmpty, !falling.isEmpty else { continue }
      let frames = Dictionary(
        uniqueKeysWithValues: (rising + falling).map { ($0, key.statelessKey(of: changes[$0].group)) })
      // Same frames first, then what member ids allow.
      for sameFramesOnly in [true, false] {
        for up in rising {
          for down in falling {
            let room = min(
              changes[up].delta - changes[up].movedIn, -changes[down].delta - changes[down].movedOut)
            guard room > 0 else { continue }
            var moved = room
            if sameFramesOnly {
              guard frames[up] == frames[down] else { continue }
            } else {
              guard frames[up] != frames[down], let newestBefore = newestBeforeID() else { continue }
              let change = changes[up]
              let old = change.group.memberAge.maximumOld(of: change.after, newestBefore: newestBefore)
              moved = min(room, old - change.before - change.movedIn)
              guard moved > 0 else { continue }
            }
            changes[up].movedIn += moved
            changes[down].movedOut += moved
            shifts.append(StateShift(count: moved, from: changes[down].group, to: changes[up].group))
          }
        }
      }
    }
    shifts.sort { a, b in
      a.count != b.count ? a.count > b.count : Group.isOrderedByStack(a.to, b.to)
    }
    return shifts
  }

  /// The changes that may pair, in order: those that are not noise and whose stack, judged by
  /// its numbers (`ComparisonKey.stackKeyNumbersHash`), has both a rising and a falling change.
  /// A key holds arrays of names and hashes each one; a diff of 200,000 distinct stacks would
  /// build one per new stack, and most of them could pair with nothing.
  private static func candidates(_ changes: [GroupChange], key: ComparisonKey) -> [Int] {
    let moving = changes.indices.filter { changes[$0].noise == nil && changes[$0].delta != 0 }
    guard moving.contains(where: { changes[$0].delta > 0 }), moving.contains(where: { changes[$0].delta < 0 })
    else { return [] }
    let hashes = moving.map { key.stackKeyNumbersHash(of: changes[$0].group) }
    var rising = Set<Int>()
    var falling = Set<Int>()
    for (index, hash) in zip(moving, hashes) {
      if changes[index].delta > 0 { rising.insert(hash) } else { falling.insert(hash) }
    }
    return zip(moving, hashes).filter { rising.contains($1) && falling.contains($1) }.map(\.0)
  }
}
