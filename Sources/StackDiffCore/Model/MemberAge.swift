/// The oldest and newest member ids of a group (at most `Group.maximumSampleIDs` of each), so
/// that a comparison can tell members that existed before another snapshot (ids no larger than
/// its newest) from members created since: Go never reuses a goroutine id. Memory stays a few
/// integers per group, however many members it has.
public struct MemberAge: Equatable, Sendable {
  /// Ascending.
  public private(set) var oldest: [Int] = []
  /// Ascending.
  public private(set) var newest: [Int] = []

  public init() {}

  /// From kept ids in any order; only the oldest and newest few are kept.
  public init(oldest: [Int], newest: [Int]) {
    self.oldest = Array(oldest.sorted().prefix(Group.maximumSampleIDs))
    self.newest = Array(newest.sorted().suffix(Group.maximumSampleIDs))
  }

  /// From kept ids already ascending, at most `Group.maximumSampleIDs` of each.
  init(ascendingOldest oldest: [Int], ascendingNewest newest: [Int]) {
    self.oldest = oldest
    self.newest = newest
  }

  public var isEmpty: Bool { oldest.isEmpty }
  public var newestID: Int? { newest.last }

  /// The smallest id kept once `oldest` is full, else `Int.max`: ids at or above it can skip
  /// `oldest`.
  var oldestCutoff: Int { oldest.count < Group.maximumSampleIDs ? .max : oldest[oldest.count - 1] }
  /// The largest id not kept once `newest` is full, else `Int.min`.
  var newestCutoff: Int { newest.count < Group.maximumSampleIDs ? .min : newest[0] }

  public mutating func add(_ id: Int) {
    if id < oldestCutoff, !oldest.contains(id) {
      let at = oldest.firstIndex { $0 > id } ?? oldest.count
      oldest.insert(id, at: at)
      if oldest.count > Group.maximumSampleIDs { oldest.removeLast() }
    }
    if let last = newest.last, id > last {
      // Ids mostly come in ascending order: the common case appends.
      newest.append(id)
      if newest.count > Group.maximumSampleIDs { newest.removeFirst() }
    } else if id > newestCutoff, !newest.contains(id) {
      let at = newest.firstIndex { $0 > id } ?? newest.count
      newest.insert(id, at: at)
      if newest.count > Group.maximumSampleIDs { newest.removeFirst() }
    }
  }

  public mutating func add(_ other: MemberAge) {
    for id in other.oldest { add(id) }
    for id in other.newest { add(id) }
  }

  /// At most how many of the group's `count` members existed when a snapshot whose newest id
  /// was `newestBefore` was taken, as far as the kept ids tell. Exact when some kept oldest id
  /// is newer (every older member is kept); else all but the members known to be new.
  public func maximumOld(of count: Int, newestBefore: Int) -> Int {
    let full = Group.maximumSampleIDs
    let oldKept = oldest.filter { $0 <= newestBefore }.count
    if oldKept < oldest.count || oldest.count < full { return oldKept }
    let newKept = newest.filter { $0 > newestBefore }.count
    return max(oldKept, count - newKept)
  }
}

extension Snapshot {
  /// The newest member id, for telling old members from new ones in a later snapshot of the same
  /// process; nil without ids, or for a merge of several dumps, whose ids mean nothing together.
  var newestTraceID: Int? {
    guard mergedDumpCount <= 1 else { return nil }
    return groups.compactMap(\.memberAge.newestID).max()
  }
}
