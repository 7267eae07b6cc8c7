import Testing

@testable import StackDiffCore

/// The index behind every interner: ids in insertion order, found by hash and key, whatever
/// the hashes share.
@Suite struct HashIndexTests {
  /// Keys with their hashes, interned the way the interners do: find, then insert when absent.
  private final class Keys {
    let index = HashIndex(capacity: 4)
    var keys: [String] = []
    /// How many times the index asked whether an id is the one sought.
    var comparisons = 0

    func intern(_ key: String, hash: UInt64) -> (id: Int32, isNew: Bool) {
      let found = index.find(hash) { id in
        self.comparisons += 1
        return self.keys[Int(id)] == key
      }
      if found.id >= 0 { return (found.id, false) }
      keys.append(key)
      return (index.insert(hash, at: found.slot), true)
    }
  }

  @Test func idsFollowInsertionAndAreFoundAgain() {
    let keys = Keys()
    // Hashes spread over the table: ids are found again after the slots grew many times.
    for number in 0..<50_000 {
      #expect(
        keys.intern("k\(number)", hash: UInt64(number) &* 0x9E37_79B9_7F4A_7C15) == (Int32(number), true))
    }
    var allFound = true
    for number in stride(from: 0, to: 50_000, by: 7) {
      allFound =
        allFound
        && keys.intern("k\(number)", hash: UInt64(number) &* 0x9E37_79B9_7F4A_7C15) == (Int32(number), false)
    }
    #expect(allFound)
    #expect(keys.index.count == 50_000)
  }

  /// Sixteen keys at a time share the lower half of their hashes, and so the slot they start
  /// from: probes run past the others of their cluster, and past neighbouring clusters, while
  /// the slots grow. Upper halves all differ, so only the id sought is ever asked about.
  @Test func probeChainsPassOtherIdsWithoutAsking() {
    let keys = Keys()
    func hash(_ number: Int) -> UInt64 { UInt64(number + 1) << 32 | UInt64(number / 16) }
    for number in 0..<20_000 {
      let interned = keys.intern("k\(number)", hash: hash(number))
      guard interned == (Int32(number), true) else {
        Issue.record("k\(number) interned as \(interned)")
        return
      }
    }
    #expect(keys.comparisons == 0)
    var allFound = true
    for number in stride(from: 0, to: 20_000, by: 3) {
      allFound = allFound && keys.intern("k\(number)", hash: hash(number)) == (Int32(number), false)
    }
    #expect(allFound)
    #expect(keys.comparisons == (20_000 + 2) / 3)
  }

  /// An index made for no ids, or one, grows like any other; emptied, it grows again.
  @Test(arguments: [0, 1])
  func smallIndexesGrow(capacity: Int) {
    let index = HashIndex(capacity: capacity)
    var hashes: [UInt64] = []
    for round in 0..<2 {
      hashes = (0..<100).map { UInt64($0 + round * 1_000) &* 0xD6E8_FEB8_6659_FD93 }
      for (id, hash) in hashes.enumerated() {
        let found = index.find(hash) { hashes[Int($0)] == hash }
        #expect(found.id == -1)
        #expect(index.insert(hash, at: found.slot) == Int32(id))
      }
      let ids = hashes.map { hash in index.find(hash) { hashes[Int($0)] == hash }.id }
      #expect(ids == (0..<100).map { Int32($0) })
      index.removeAll()
      #expect(index.count == 0)
    }
  }

  /// Keys whose whole hashes are equal are told apart by their keys alone.
  @Test func equalHashesAreToldApartByKey() {
    let keys = Keys()
    #expect(keys.intern("a", hash: 42) == (0, true))
    #expect(keys.intern("b", hash: 42) == (1, true))
    #expect(keys.intern("c", hash: 42) == (2, true))
    #expect(keys.intern("b", hash: 42) == (1, false))
    #expect(keys.intern("c", hash: 42) == (2, false))
    #expect(keys.intern("a", hash: 42) == (0, false))
  }

  /// A slot keeps the upper half of its id's hash: ids that only share the lower half (and so
  /// the slot they start from) are passed over without asking, and ids that share the upper
  /// half are asked about and told apart.
  @Test func hashHalvesDecideWhoIsAsked() {
    let keys = Keys()
    let lower: UInt64 = 0x1234_5678
    for upper in 1...20 as ClosedRange<UInt64> {
      #expect(keys.intern("u\(upper)", hash: upper << 32 | lower).isNew)
    }
    keys.comparisons = 0
    #expect(keys.intern("u20", hash: 20 << 32 | lower) == (19, false))
    #expect(keys.comparisons == 1)
    keys.comparisons = 0
    #expect(keys.intern("absent", hash: 21 << 32 | lower) == (20, true))
    #expect(keys.comparisons == 0)

    // Same upper half and same start slot, lower halves differing above the slot bits: the
    // other id is asked about, and told apart by key.
    let sharedUpper: UInt64 = 0xABCD << 32
    #expect(keys.intern("x", hash: sharedUpper | 1) == (21, true))
    #expect(keys.intern("y", hash: sharedUpper | 1 | 1 << 30) == (22, true))
    keys.comparisons = 0
    #expect(keys.intern("x", hash: sharedUpper | 1) == (21, false))
    #expect(keys.comparisons == 1)
    keys.comparisons = 0
    #expect(keys.intern("y", hash: sharedUpper | 1 | 1 << 30) == (22, false))
    #expect(keys.comparisons == 2)
  }

  /// Ids added without a slot (keys known new) are found like the others: in batches, across
  /// the slots' growth, by the first lookup after them, and beside ids inserted the usual way.
  @Test func idsAddedUnplacedAreFoundAgain() {
    let keys = Keys()
    func hash(_ number: Int) -> UInt64 { UInt64(number) &* 0x9E37_79B9_7F4A_7C15 }
    for number in 0..<30_000 {
      let id: Int32
      if number % 5 == 0 {
        id = keys.intern("k\(number)", hash: hash(number)).id
      } else {
        keys.keys.append("k\(number)")
        id = keys.index.addUnplaced(hash(number))
      }
      guard id == Int32(number) else {
        Issue.record("k\(number) added as \(id)")
        return
      }
    }
    var allFound = true
    for number in 0..<30_000 {
      allFound = allFound && keys.intern("k\(number)", hash: hash(number)) == (Int32(number), false)
    }
    #expect(allFound)
    #expect(keys.index.count == 30_000)
    #expect((0..<30_000).allSatisfy { keys.index.hash(of: Int32($0)) == hash($0) })
  }

  @Test func removeAllStartsOver() {
    let keys = Keys()
    for number in 0..<1_000 { _ = keys.intern("k\(number)", hash: UInt64(number)) }
    keys.index.removeAll()
    keys.keys = []
    #expect(keys.index.count == 0)
    #expect(keys.intern("k5", hash: 5) == (0, true))
    #expect(keys.intern("k6", hash: 6) == (1, true))
    #expect(keys.intern("k5", hash: 5) == (0, false))
  }
}
