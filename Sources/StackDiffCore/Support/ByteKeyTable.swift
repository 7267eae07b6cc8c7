#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Maps byte strings to dense ids (0, 1, 2, … in first-seen order).
///
/// The parser interns states, label sets and whole stacks through this table without creating
/// a `String` or an `Array` per lookup: keys are hashed word by word, found through a
/// `HashIndex`, and compared with `memcmp` against an append-only arena. Ids follow insertion
/// order, so everything built from them is deterministic. Storage is managed by hand because
/// this sits on the per-line path.
final class ByteKeyTable {
  // One parse, one thread: the `@exclusivity(unchecked)` fields skip runtime exclusivity
  // checks, which would cost more than the parsing itself (README, Performance).
  private let index: HashIndex
  /// `keyOffsets[id]..<keyOffsets[id + 1]` is the key of `id` in `arena`.
  @exclusivity(unchecked) private var keyOffsets: UnsafeMutablePointer<Int>
  @exclusivity(unchecked) private var idCapacity: Int
  @exclusivity(unchecked) private var arena: UnsafeMutablePointer<UInt8>
  @exclusivity(unchecked) private var arenaCapacity: Int

  init(capacity: Int = 1024) {
    index = HashIndex(capacity: capacity)
    idCapacity = max(16, capacity) + 1
    keyOffsets = .allocate(capacity: idCapacity + 1)
    keyOffsets[0] = 0
    arenaCapacity = 64 * max(16, capacity)
    arena = .allocate(capacity: arenaCapacity)
  }

  deinit {
    keyOffsets.deallocate()
    arena.deallocate()
  }

  var count: Int { index.count }

  /// The id of `key`, adding it when unseen.
  @inline(__always)
  func intern(_ key: ByteSlice) -> (id: Int32, isNew: Bool) {
    let hash = Self.hash(key)
    let found = index.find(hash) { keyEquals(Int($0), key) }
    if found.id >= 0 { return (found.id, false) }
    store(key)
    return (index.insert(hash, at: found.slot), true)
  }

  /// The id of `key` if it was interned before.
  func lookup(_ key: ByteSlice) -> Int32? {
    let found = index.find(Self.hash(key)) { keyEquals(Int($0), key) }
    return found.id >= 0 ? found.id : nil
  }

  /// The stored bytes of `id`; valid until the next insertion.
  @inline(__always)
  func key(_ id: Int32) -> ByteSlice {
    let start = keyOffsets[Int(id)]
    return ByteSlice(base: arena + start, count: keyOffsets[Int(id) + 1] - start)
  }

  func withKey<R>(_ id: Int32, _ body: (ByteSlice) throws -> R) rethrows -> R {
    try body(key(id))
  }

  func string(_ id: Int32) -> String { key(id).string }

  @inline(__always)
  private func keyEquals(_ id: Int, _ key: ByteSlice) -> Bool {
    let start = keyOffsets[id]
    return keyOffsets[id + 1] - start == key.count && memcmp(arena + start, key.base, key.count) == 0
  }

  /// Appends the bytes of the next id's key.
  private func store(_ key: ByteSlice) {
    let count = index.count
    if count + 1 >= idCapacity { growOffsets() }
    let start = keyOffsets[count]
    if start + key.count > arenaCapacity { growArena(toFit: start + key.count) }
    memcpy(arena + start, key.base, key.count)
    keyOffsets[count + 1] = start + key.count
  }

  private func growOffsets() {
    let capacity = idCapacity * 2
    let newOffsets = UnsafeMutablePointer<Int>.allocate(capacity: capacity + 1)
    newOffsets.update(from: keyOffsets, count: index.count + 1)
    keyOffsets.deallocate()
    keyOffsets = newOffsets
    idCapacity = capacity
  }

  private func growArena(toFit size: Int) {
    var capacity = arenaCapacity * 2
    while capacity < size { capacity *= 2 }
    let newArena = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
    newArena.update(from: arena, count: keyOffsets[index.count])
    arena.deallocate()
    arena = newArena
    arenaCapacity = capacity
  }

  /// A fast multiplicative hash over 8-byte words; keys come from dumps, not from an adversary
  /// trying to flood one bucket, and a collision only costs a probe.
  @inline(__always)
  static func hash(_ key: ByteSlice) -> UInt64 {
    let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
    var h: UInt64 = 0x243F_6A88_85A3_08D3 ^ UInt64(truncatingIfNeeded: key.count)
    let raw = UnsafeRawPointer(key.base)
    let count = key.count
    if count >= 8 {
      var i = 0
      while i + 8 <= count {
        h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* multiplier
        h ^= h >> 29
        i += 8
      }
      if i < count {
        // The last word overlaps bytes already mixed in; that is fine for a hash.
        h = (h ^ raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)) &* multiplier
        h ^= h >> 29
      }
    } else {
      var tail: UInt64 = 0
      for i in 0..<count { tail |= UInt64(key.base[i]) << UInt64(i * 8) }
      h = (h ^ tail) &* multiplier
      h ^= h >> 29
    }
    h = (h ^ (h >> 32)) &* 0xD6E8_FEB8_6659_FD93
    return h ^ (h >> 32)
  }
}
