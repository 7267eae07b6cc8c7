/// Frames by a hash of their function name, for a call line whose frame did not follow its
/// predecessor last time: the top frame of a dump whose stacks come in no order, a recursion of
/// varying depth. One frame per slot, the last one kept there; a wrong or missing guess costs
/// one failed byte comparison, and the parser reads the line the long way.
struct FrameNameGuesses {
  private static let slotBits = 12
  private static let slotCount = 1 << slotBits
  private var ids = [Int32](repeating: -1, count: slotCount)

  /// From the name's length and its first, middle and last eight bytes: a slot only leads to a
  /// guess, which the whole name confirms, and hashing every byte of each name that succession
  /// did not predict was most of this guess's cost in a dump of one-frame stacks in no order.
  @inline(__always)
  static func slot(of name: ByteSlice) -> Int {
    guard name.count >= 8 else {
      return Int(truncatingIfNeeded: ByteKeyTable.hash(name) & UInt64(slotCount - 1))
    }
    let raw = UnsafeRawPointer(name.base)
    let first = raw.loadUnaligned(as: UInt64.self)
    let middle = raw.loadUnaligned(fromByteOffset: name.count / 2 - 4, as: UInt64.self)
    let last = raw.loadUnaligned(fromByteOffset: name.count - 8, as: UInt64.self)
    let words = first ^ (middle << 17 | middle >> 47) ^ (last << 29 | last >> 35)
    let mixed = (words ^ UInt64(name.count)) &* 0x9E37_79B9_7F4A_7C15
    return Int(truncatingIfNeeded: mixed >> (64 - UInt64(slotBits)))
  }

  /// The frame last kept for names of this slot's hash (-1: none).
  @inline(__always)
  func frame(at slot: Int) -> Int32 { ids[slot] }

  @inline(__always)
  mutating func keep(_ id: Int32, at slot: Int) { ids[slot] = id }
}
