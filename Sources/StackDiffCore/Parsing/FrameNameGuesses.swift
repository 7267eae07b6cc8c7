/// Frames by a hash of their function name, for a call line whose frame did not follow its
/// predecessor last time: the top frame of a dump whose stacks come in no order, a recursion of
/// varying depth. One frame per slot, the last one kept there; a wrong or missing guess costs
/// one failed byte comparison, and the parser reads the line the long way.
struct FrameNameGuesses {
  private static let slotCount = 4096
  private var ids = [Int32](repeating: -1, count: slotCount)

  @inline(__always)
  static func slot(of name: ByteSlice) -> Int {
    Int(truncatingIfNeeded: ByteKeyTable.hash(name) & UInt64(slotCount - 1))
  }

  /// The frame last kept for names of this slot's hash (-1: none).
  @inline(__always)
  func frame(at slot: Int) -> Int32 { ids[slot] }

  @inline(__always)
  mutating func keep(_ id: Int32, at slot: Int) { ids[slot] = id }
}
