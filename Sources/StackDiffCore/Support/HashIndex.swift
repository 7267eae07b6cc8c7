/// Maps 64-bit hashes to dense ids (0, 1, 2, … in insertion order) whose keys live with the
/// caller, who says whether an id is the one sought; it is asked about ids whose hash has the
/// same upper half.
///
/// `ByteKeyTable` keeps a copy of every key beside it to compare against; the frame interner
/// instead compares against the frame it already made, so a frame seen once is not held twice.
///
/// A slot holds an id and the upper half of its hash, so that a probe passing other ids reads
/// nothing else: with hundreds of thousands of frames, a second array read per probe is a cache
/// miss each. Storage is managed by hand because this sits on the per-line path, where an
/// array's reference count would be touched on every lookup.
final class HashIndex {
  // One parse, one thread: the `@exclusivity(unchecked)` fields skip runtime exclusivity
  // checks, which would cost more than the parsing itself (README, Performance).
  /// Per slot: the hash's upper 32 bits, then the id + 1 (0: an empty slot).
  @exclusivity(unchecked) private var slots: UnsafeMutablePointer<UInt64>
  @exclusivity(unchecked) private var slotMask: Int
  /// Per id, its whole hash: read only to place ids again when the slots grow.
  @exclusivity(unchecked) private var hashes: UnsafeMutablePointer<UInt64>
  @exclusivity(unchecked) private var hashCapacity: Int
  @exclusivity(unchecked) private(set) var count = 0
  /// Ids below it are in `slots`; those from it on were added without a slot (`addUnplaced`)
  /// and are placed before any lookup.
  @exclusivity(unchecked) private var placed = 0

  private static let tagMask: UInt64 = 0xFFFF_FFFF_0000_0000

  init(capacity: Int = 1024) {
    var size = 16
    while size < capacity * 2 { size <<= 1 }
    slots = .allocate(capacity: size)
    slots.initialize(repeating: 0, count: size)
    slotMask = size - 1
    // Grown as ids come: a stack ranking makes an index per split, most of them small.
    hashCapacity = max(8, min(capacity, 1024))
    hashes = .allocate(capacity: hashCapacity)
  }

  deinit {
    slots.deallocate()
    hashes.deallocate()
  }

  /// Forgets every id, giving back the memory.
  func removeAll() {
    slots.deallocate()
    slots = .allocate(capacity: 16)
    slots.initialize(repeating: 0, count: 16)
    slotMask = 15
    hashes.deallocate()
    hashCapacity = 8
    hashes = .allocate(capacity: hashCapacity)
    count = 0
    placed = 0
  }

  /// The id whose hash is `hash` and that `isMatch` accepts, or -1 with the free slot where
  /// `insert` puts a new id. An id whose hash differs only in its lower half is offered to
  /// `isMatch` too, which decides.
  @inline(__always)
  func find(_ hash: UInt64, where isMatch: (Int32) -> Bool) -> (id: Int32, slot: Int) {
    if placed < count { placeAdded() }
    let tag = hash & Self.tagMask
    var slot = Int(truncatingIfNeeded: hash) & slotMask
    while true {
      let entry = slots[slot]
      if entry == 0 { return (-1, slot) }
      if entry & Self.tagMask == tag {
        let id = Int32(truncatingIfNeeded: (entry & 0xFFFF_FFFF) &- 1)
        if isMatch(id) { return (id, slot) }
      }
      slot = (slot + 1) & slotMask
    }
  }

  /// Adds the next id at `slot`, the free slot `find` returned for `hash`.
  @inline(__always)
  func insert(_ hash: UInt64, at slot: Int) -> Int32 {
    let id = appendHash(hash)
    placed = count
    slots[slot] = Self.entry(hash, id)
    if count * 2 > slotMask + 1 { growSlots() }
    return id
  }

  /// Adds the next id for a hash known to be new, without finding its slot: the slot is found
  /// later, with others (`placeAdded`, or the next lookup). Finding a slot waits on memory in a
  /// large table; a batch of them waits on all at once, where one at a time, between the
  /// lines of a dump, each waited on its own.
  @inline(__always)
  func addUnplaced(_ hash: UInt64) -> Int32 {
    let id = appendHash(hash)
    if count * 2 > slotMask + 1 {
      growSlots()
    } else if count - placed >= Self.placementBatch {
      placeAdded()
    }
    return id
  }

  /// Ids added but not placed, at most; small enough that the next lookup's wait stays short.
  private static let placementBatch = 128

  /// Puts the ids added since the last placement in their slots.
  func placeAdded() {
    for id in placed..<count {
      let hash = hashes[id]
      var slot = Int(truncatingIfNeeded: hash) & slotMask
      while slots[slot] != 0 { slot = (slot + 1) & slotMask }
      slots[slot] = Self.entry(hash, Int32(truncatingIfNeeded: id))
    }
    placed = count
  }

  /// Gives the next id `hash`, not yet in any slot.
  @inline(__always)
  private func appendHash(_ hash: UInt64) -> Int32 {
    // Ids are Int32 everywhere they are kept; more than Int32.max traps, as an array would.
    let id = Int32(count)
    if count == hashCapacity { growHashes() }
    (hashes + count).initialize(to: hash)
    count += 1
    return id
  }

  /// The hash id `id` was added with.
  @inline(__always)
  func hash(of id: Int32) -> UInt64 { hashes[Int(id)] }

  @inline(__always)
  private static func entry(_ hash: UInt64, _ id: Int32) -> UInt64 {
    hash & tagMask | UInt64(UInt32(truncatingIfNeeded: id) &+ 1)
  }

  private func growHashes() {
    let capacity = hashCapacity * 2
    let grown = UnsafeMutablePointer<UInt64>.allocate(capacity: capacity)
    grown.moveInitialize(from: hashes, count: count)
    hashes.deallocate()
    hashes = grown
    hashCapacity = capacity
  }

  /// Twice the slots, every id placed again in id order.
  private func growSlots() {
    let size = (slotMask + 1) * 2
    slots.deallocate()
    slots = .allocate(capacity: size)
    slots.initialize(repeating: 0, count: size)
    slotMask = size - 1
    placed = 0
    placeAdded()
  }
}
