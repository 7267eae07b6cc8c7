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
enum StateShiftMatcher {
  /// Sets `movedIn` and `movedOut` on `changes` and returns the shifts, largest first. Changes
  /// that are noise never pair: they are not reported as growth anyway.
  static func match(_ changes: inout [GroupChange], key: ComparisonKey) -> [StateShift] {
    var members: [ComparisonKey.Key: [Int]] = [:]
    var order: [ComparisonKey.Key] = []
    for (index, change) in changes.enumerated() where change.noise == nil && change.delta != 0 {
      let stack = key.stackKey(of: change.group)
      if members[stack] == nil { order.append(stack) }
      members[stack, default: []].append(index)
    }
    var shifts: [StateShift] = []
    for stack in order {
      guard let indices = members[stack], indices.count > 1 else { continue }
      // Largest moves first; equal ones in input order, so that equal inputs pair alike.
      let rising = indices.filter { changes[$0].delta > 0 }.sorted {
        (-changes[$0].delta, $0) < (-changes[$1].delta, $1)
      }
      let falling = indices.filter { changes[$0].delta < 0 }.sorted {
        (changes[$0].delta, $0) < (changes[$1].delta, $1)
      }
      var risingLeft = rising.map { changes[$0].delta }
      var fallingLeft = falling.map { -changes[$0].delta }
      var up = 0
      var down = 0
      while up < rising.count && down < falling.count {
        let moved = min(risingLeft[up], fallingLeft[down])
        changes[rising[up]].movedIn += moved
        changes[falling[down]].movedOut += moved
        shifts.append(
          StateShift(count: moved, from: changes[falling[down]].group, to: changes[rising[up]].group))
        risingLeft[up] -= moved
        fallingLeft[down] -= moved
        if risingLeft[up] == 0 { up += 1 }
        if fallingLeft[down] == 0 { down += 1 }
      }
    }
    shifts.sort { a, b in
      a.count != b.count ? a.count > b.count : Group.isOrderedByStack(a.to, b.to)
    }
    return shifts
  }
}
