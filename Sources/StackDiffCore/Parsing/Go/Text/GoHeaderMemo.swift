/// What a goroutine header's bracket says, with its state and attributes interned.
struct GoHeaderFacts {
  var stateID: Int32 = -1
  var waitMinutes = -1
  var isLocked = false
  var isLeaked = false
  var attributesID: Int32 = -1
}

/// The headers of a dump repeat a few brackets (`[select, 281 minutes]:`) thousands of times.
/// This keeps each one's facts by the bytes after the goroutine id, in a direct-mapped table, so
/// a header seen before costs a hash and a comparison instead of a parse and an interning.
/// It is exact: what follows a header's id decides everything but the id. The parser keeps no
/// header with labels: those are interned only once the goroutine is taken, since
/// `SnapshotBuilder.maximumLabelSets` counts them.
final class GoHeaderMemo {
  // One parse, one thread: the `@exclusivity(unchecked)` fields skip runtime exclusivity
  // checks, which would cost more than the parsing itself (README, Performance).
  private static let slotCount = 1024
  /// Longer brackets are not kept.
  private static let slotBytes = 64
  private let bytes = UnsafeMutablePointer<UInt8>.allocate(capacity: slotCount * slotBytes)
  /// Per slot, the length of the kept bytes; -1 while empty.
  @exclusivity(unchecked) private var lengths = [Int](repeating: -1, count: slotCount)
  @exclusivity(unchecked) private var facts = [GoHeaderFacts](repeating: GoHeaderFacts(), count: slotCount)

  deinit { bytes.deallocate() }

  @inline(__always)
  static func slot(of rest: ByteSlice) -> Int {
    Int(truncatingIfNeeded: ByteKeyTable.hash(rest) & UInt64(slotCount - 1))
  }

  /// The facts kept for `rest`, the header after its id, found at `slot`.
  @inline(__always)
  func facts(for rest: ByteSlice, at slot: Int) -> GoHeaderFacts? {
    guard lengths[slot] == rest.count,
      ByteSearch.equal(bytes + slot * Self.slotBytes, rest.base, count: rest.count)
    else { return nil }
    return facts[slot]
  }

  func keep(_ facts: GoHeaderFacts, for rest: ByteSlice, at slot: Int) {
    guard rest.count <= Self.slotBytes else { return }
    (bytes + slot * Self.slotBytes).update(from: rest.base, count: rest.count)
    lengths[slot] = rest.count
    self.facts[slot] = facts
  }
}
