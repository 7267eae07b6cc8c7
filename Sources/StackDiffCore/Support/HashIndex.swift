/// Maps 64-bit hashes to dense ids (0, 1, 2, … in insertion order) whose keys live with the
/// caller, who says whether an id with an equal hash is the one sought.
///
/// `ByteKeyTable` keeps a copy of every key beside it to compare against; the frame interner
/// instead compares against the frame it already made, so a frame seen once is not held twice.
final class HashIndex {
  // One parse, one thread: the `@exclusivity(unchecked)` fields skip runtime exclusivity
  // checks, which would cost more than the parsing itself (README, Performance).
  @exclusivity(unchecked) private var slots: UnsafeMutablePointer<Int32>
  @exclusivity(unchecked) private var slotMask: Int
  @exclusivity(unchecked) private var hashes: [UInt64] = []

  init(capacity: Int = 1024) {
    var size = 16
    while size < capacity * 2 { size <<= 1 }
    slots = .allocate(capacity: size)
    slots.initialize(repeating: -1, count: size)
    slotMask = size - 1
  }

  deinit { slots.deallocate() }

  var count: Int { hashes.count }

  /// Forgets every id, giving back the memory.
  func removeAll() {
    slots.deallocate()
    slots = .allocate(capacity: 16)
    slots.initialize(repeating: -1, count: 16)
    slotMask = 15
    hashes = []
  }

  /// The id whose hash is `hash` and that `isMatch` accepts, or -1 with the free slot where
  /// `insert` puts a new id.
  @inline(__always)
  func find(_ hash: UInt64, where isMatch: (Int32) -> Bool) -> (id: Int32, slot: Int) {
    var slot = Int(truncatingIfNeeded: hash) & slotMask
    while true {
      let existing = slots[slot]
      if existing < 0 { return (-1, slot) }
      if hashes[Int(existing)] == hash, isMatch(existing) { return (existing, slot) }
      slot = (slot + 1) & slotMask
    }
  }

  /// Adds the next id at `slot`, the free slot `find` returned for `hash`.
  @inline(__always)
  func insert(_ hash: UInt64, at slot: Int) -> Int32 {
    let id = Int32(hashes.count)
    hashes.append(hash)
    slots[slot] = id
    if hashes.count * 2 > slotMask + 1 { growSlots() }
    return id
  }

  private func growSlots() {
    let size = (slotMask + 1) * 2
    let newSlots = UnsafeMutablePointer<Int32>.allocate(capacity: size)
    newSlots.initialize(repeating: -1, count: size)
    let mask = size - 1
    for (id, hash) in hashes.enumerated() {
      var slot = Int(truncatingIfNeeded: hash) & mask
      while newSlots[slot] >= 0 { slot = (slot + 1) & mask }
      newSlots[slot] = Int32(id)
    }
    slots.deallocate()
    slots = newSlots
    slotMask = mask
  }
}
