/// Groups found by their key without building keys: candidates by the key's hash, confirmed by
/// comparing in place (`ComparisonKey.matches`). With many distinct stacks, building a key (six
/// arrays) per group was most of a diff's matching.
struct GroupIndex {
  let key: ComparisonKey
  /// The last position filed under each hash; `earlier[n]` is the one filed before `n` under the
  /// same hash (-1: none). Chains, not an array per hash: one allocation per group was most of
  /// filing 200,000 of them.
  private var latest: [Int: Int] = [:]
  private var earlier: [Int: Int] = [:]

  /// An index that files about `capacity` groups without growing on the way.
  init(key: ComparisonKey, capacity: Int = 0) {
    self.key = key
    latest.reserveCapacity(capacity)
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
    var index = GroupIndex(key: key, capacity: hashes.count)
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

  /// Files the group at `position`, whose key hashes to `hash`.
  mutating func insert(hash: Int, at position: Int) {
    if let previous = latest.updateValue(position, forKey: hash) { earlier[position] = previous }
  }

  /// The first position filed under `hash` for which `isMatch` holds: whether the group filed
  /// there has the key sought. Callers compare groups in place (through a buffer), since a
  /// group returned by a closure is a copy, retained and released for every candidate.
  func firstPosition(hash: Int, where isMatch: (Int) -> Bool) -> Int? {
    var found: Int?
    var candidate = latest[hash]
    // Newest first: the last match met is the first filed.
    while let position = candidate {
      if isMatch(position) { found = position }
      candidate = earlier[position]
    }
    return found
  }
}
