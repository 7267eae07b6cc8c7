/// Rows of names already looked up, remembered by the name's own 16 bytes: a small name's
/// bytes, or a large one's length and storage. The frames of one stack shape share their
/// names' storage, so most lookups of a tally over hundreds of thousands of stacks skip reading
/// and hashing the name.
///
/// Equal bytes mean the same name; different bytes say nothing (that lookup is made). Valid
/// only while every name looked up stays alive, so that no storage is reused for another: one
/// tally over changes that hold them.
struct RowsByIdentity {
  private static let slotBits = 13
  private var words = [UInt64](repeating: 0, count: 2 << slotBits)
  /// Per slot: -2 empty, -1 a name without a row, else its row.
  private var rows = [Int32](repeating: -2, count: 1 << slotBits)

  /// The row of `name`, from `lookUp` the first time its bytes are met.
  mutating func row(of name: String, lookUp: (String) -> Int?) -> Int? {
    guard MemoryLayout<String>.size == 16 else { return lookUp(name) }
    let (low, high) = unsafeBitCast(name, to: (UInt64, UInt64).self)
    let mixed = ((low &* 0x9E37_79B9_7F4A_7C15) ^ high) &* 0xBF58_476D_1CE4_E5B9
    let slot = Int(truncatingIfNeeded: mixed >> (64 - Self.slotBits))
    if rows[slot] != -2 && words[2 * slot] == low && words[2 * slot + 1] == high {
      return rows[slot] >= 0 ? Int(rows[slot]) : nil
    }
    let found = lookUp(name)
    words[2 * slot] = low
    words[2 * slot + 1] = high
    rows[slot] = found.map { Int32(truncatingIfNeeded: $0) } ?? -1
    return found
  }
}
