/// Rows of a table with one row per name (function names, for the diff's function tallies),
/// numbered 0, 1, 2, … as names are added.
///
/// A tally of hundreds of thousands of distinct stacks looks up millions of names, most of them
/// met once: names are found by a fast hash of their bytes, and compared only when the hashes
/// are equal. Like the frame interner, it tells names apart by their bytes.
struct NameRows {
  private let index = HashIndex(capacity: 1024)
  private var names: [String] = []

  /// The row of `name`, or nil when it has none.
  func row(of name: String) -> Int? {
    let found = find(name, hash: Self.hash(name))
    return found.id >= 0 ? Int(found.id) : nil
  }

  /// The row of `name`, and whether it was added now (as the next row).
  mutating func row(addingIfAbsent name: String) -> (row: Int, isNew: Bool) {
    let hash = Self.hash(name)
    let found = find(name, hash: hash)
    if found.id >= 0 { return (Int(found.id), false) }
    names.append(name)
    return (Int(index.insert(hash, at: found.slot)), true)
  }

  private func find(_ name: String, hash: UInt64) -> (id: Int32, slot: Int) {
    names.withUnsafeBufferPointer { names in index.find(hash) { names[Int($0)] == name } }
  }

  private static func hash(_ name: String) -> UInt64 {
    if let hash = name.utf8.withContiguousStorageIfAvailable(hash) { return hash }
    return Array(name.utf8).withUnsafeBufferPointer(hash)
  }

  private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    guard let base = bytes.baseAddress else { return 0 }
    return ByteKeyTable.hash(ByteSlice(base: base, count: bytes.count))
  }
}
