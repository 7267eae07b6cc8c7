/// The trace ids seen in one dump, to notice where a second dump in the same input begins.
///
/// Ids are dense small integers in practice, so a bit set indexed by id costs an eighth of a byte
/// per possible id; unusually large ids go to a `Set` instead of growing the bits without bound.
struct TraceIDSet {
  private var bits: [UInt64] = []
  private var large: Set<Int> = []
  private static let bitLimit = 1 << 26

  /// Whether some id is in both sets.
  func intersects(_ other: TraceIDSet) -> Bool {
    for index in 0..<min(bits.count, other.bits.count) where bits[index] & other.bits[index] != 0 {
      return true
    }
    return !large.isDisjoint(with: other.large)
  }

  /// Adds `id`; false when it was already present.
  mutating func insert(_ id: Int) -> Bool {
    guard id < Self.bitLimit else { return large.insert(id).inserted }
    let word = id >> 6
    if word >= bits.count {
      bits.append(contentsOf: repeatElement(0, count: max(word + 1 - bits.count, bits.count)))
    }
    let mask = UInt64(1) << UInt64(id & 63)
    if bits[word] & mask != 0 { return false }
    bits[word] |= mask
    return true
  }
}
