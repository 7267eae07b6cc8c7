/// Groups found by their key without building keys: candidates by the key's hash, confirmed by
/// comparing in place (`ComparisonKey.matches`). With many distinct stacks, building a key (six
/// arrays) per group was most of a diff's matching. A class: copies would share its table.
final class GroupIndex {
  let key: ComparisonKey
  /// Positions by their groups' key hashes: groups are filed in order, so a position is its
  /// id there. A hand-managed table, not a dictionary, which hashed every key hash again
  /// (200,000 lookups and as many insertions per diff, and as many per merged dump).
  private let positions: HashIndex

  /// An index that files about `capacity` groups without growing on the way.
  init(key: ComparisonKey, capacity: Int = 0) {
    self.key = key
    positions = HashIndex(capacity: max(capacity, 16))
  }

  /// The hashes of `groups`' keys, which a thread of its own may compute before filing; those
  /// a group remembers under this key are not computed again.
  func hashes(of groups: [Group]) -> [Int] {
    let code = key.memoCode
    // Read in place: `map` would copy each group, retaining every field of it.
    return groups.withUnsafeBufferPointer { groups in
      groups.indices.map { index in
        let memo = groups[index].keyHashMemo
        return code != nil && memo.code == code ? memo.hash : key.hash(of: groups[index])
      }
    }
  }

  /// `hashes(of:)`, each remembered by its group for matching it again under the same key
  /// (a diff, after the halves of a dump were merged).
  func rememberingHashes(of groups: inout [Group]) -> [Int] {
    let hashes = hashes(of: groups)
    guard let code = key.memoCode else { return hashes }
    for index in groups.indices { groups[index].keyHashMemo = KeyHashMemo(code: code, hash: hashes[index]) }
    return hashes
  }

  /// Whether two of `groups` have one key, `hashes` being their key hashes: names that print
  /// alike though the dump's bytes differ (a name that is not UTF-8, repaired).
  func holdsDuplicateKeys(_ groups: [Group], hashes: [Int]) -> Bool {
    let index = GroupIndex(key: key, capacity: hashes.count)
    return groups.withUnsafeBufferPointer { groups in
      for (position, hash) in hashes.enumerated() {
        if index.firstPosition(hash: hash, where: { key.matches(groups[$0], groups[position]) }) != nil {
          return true
        }
        index.insert(hash: hash, at: position)
      }
      return false
    }
  }

  /// Files the group at `position`, whose key hashes to `hash`; positions are filed in order
  /// (0, 1, 2, …).
  func insert(hash: Int, at position: Int) {
    assert(position == positions.count, "groups are filed in order")
    let free = positions.find(UInt64(bitPattern: Int64(hash))) { _ in false }.slot
    _ = positions.insert(UInt64(bitPattern: Int64(hash)), at: free)
  }

  /// The first position filed under `hash` for which `isMatch` holds: whether the group filed
  /// there has the key sought. Callers compare groups in place (through a buffer), since a
  /// group returned by a closure is a copy, retained and released for every candidate. Ids of
  /// one hash lie along its probe in the order they were filed, so the first match met is the
  /// first filed.
  func firstPosition(hash: Int, where isMatch: (Int) -> Bool) -> Int? {
    let found = positions.find(UInt64(bitPattern: Int64(hash))) { isMatch(Int($0)) }
    return found.id >= 0 ? Int(found.id) : nil
  }
}
