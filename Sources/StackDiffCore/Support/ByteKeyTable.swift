#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Maps byte strings to dense ids (0, 1, 2, … in first-seen order).
///
/// The parser interns frames, states and whole stacks through this table without creating
/// a `String` or an `Array` per lookup: keys are hashed word by word and compared with
/// `memcmp` against an append-only arena. Ids follow insertion order, so everything built
/// from them is deterministic.
struct ByteKeyTable {
  private var slots: [Int32]
  private var slotMask: Int
  private var hashes: [UInt64] = []
  private var keyOffsets: [Int] = [0]
  private var arena: [UInt8] = []

  init(capacity: Int = 1024) {
    var size = 16
    while size < capacity * 2 { size <<= 1 }
    slots = Array(repeating: -1, count: size)
    slotMask = size - 1
  }

  var count: Int { hashes.count }

  /// Bytes held by the table, for memory accounting.
  var storageBytes: Int { arena.capacity + slots.count * 4 + hashes.count * 8 + keyOffsets.count * 8 }

  /// The id of `key`, adding it when unseen.
  mutating func intern(_ key: ByteSlice) -> (id: Int32, isNew: Bool) {
    let hash = Self.hash(key)
    var slot = Int(truncatingIfNeeded: hash) & slotMask
    while true {
      let existing = slots[slot]
      if existing < 0 { break }
      if hashes[Int(existing)] == hash, keyEquals(Int(existing), key) {
        return (existing, false)
      }
      slot = (slot + 1) & slotMask
    }
    let id = Int32(hashes.count)
    hashes.append(hash)
    arena.append(contentsOf: key.rawBuffer)
    keyOffsets.append(arena.count)
    slots[slot] = id
    if hashes.count * 2 > slots.count { grow() }
    return (id, true)
  }

  /// The id of `key` if it was interned before.
  func lookup(_ key: ByteSlice) -> Int32? {
    let hash = Self.hash(key)
    var slot = Int(truncatingIfNeeded: hash) & slotMask
    while true {
      let existing = slots[slot]
      if existing < 0 { return nil }
      if hashes[Int(existing)] == hash, keyEquals(Int(existing), key) { return existing }
      slot = (slot + 1) & slotMask
    }
  }

  /// Calls `body` with the stored bytes of `id`.
  func withKey<R>(_ id: Int32, _ body: (ByteSlice) throws -> R) rethrows -> R {
    let start = keyOffsets[Int(id)]
    let end = keyOffsets[Int(id) + 1]
    return try arena.withUnsafeBufferPointer { buffer in
      let base = buffer.baseAddress ?? ByteSlice.emptyBase
      return try body(ByteSlice(base: base + start, count: end - start))
    }
  }

  func string(_ id: Int32) -> String { withKey(id) { $0.string } }

  private func keyEquals(_ id: Int, _ key: ByteSlice) -> Bool {
    let start = keyOffsets[id]
    guard keyOffsets[id + 1] - start == key.count else { return false }
    return arena.withUnsafeBufferPointer { buffer in
      guard let base = buffer.baseAddress else { return key.count == 0 }
      return memcmp(base + start, key.base, key.count) == 0
    }
  }

  private mutating func grow() {
    let size = slots.count * 2
    var newSlots = [Int32](repeating: -1, count: size)
    let mask = size - 1
    for (id, hash) in hashes.enumerated() {
      var slot = Int(truncatingIfNeeded: hash) & mask
      while newSlots[slot] >= 0 { slot = (slot + 1) & mask }
      newSlots[slot] = Int32(id)
    }
    slots = newSlots
    slotMask = mask
  }

  /// A fast multiplicative hash over 8-byte words (keys are not attacker-chosen hash-flooding
  /// targets here, and a collision only costs a probe).
  static func hash(_ key: ByteSlice) -> UInt64 {
    let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
    var h: UInt64 = 0x243F_6A88_85A3_08D3 ^ UInt64(key.count)
    let raw = UnsafeRawPointer(key.base)
    var i = 0
    while i + 8 <= key.count {
      let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
      h = (h ^ word) &* multiplier
      h ^= h >> 29
      i += 8
    }
    if i < key.count {
      var tail: UInt64 = 0
      var shift: UInt64 = 0
      while i < key.count {
        tail |= UInt64(key.base[i]) << shift
        shift += 8
        i += 1
      }
      h = (h ^ tail) &* multiplier
      h ^= h >> 29
    }
    h = (h ^ (h >> 32)) &* 0xD6E8_FEB8_6659_FD93
    return h ^ (h >> 32)
  }
}
