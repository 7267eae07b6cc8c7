/// Rows of a table with one row per name (function names, for the diff's function tallies),
/// numbered 0, 1, 2, … as names are added. Names are told apart as Swift's `==` does.
///
/// A tally of hundreds of thousands of distinct stacks looks up millions of names, most of them
/// met once: ASCII names, where equal means equal bytes, are found by a fast hash of their
/// bytes and compared only when the upper halves of the hashes are equal (`HashIndex`). Once a
/// name outside ASCII comes (which may equal another spelled differently, such as `é` and `e`
/// with a combining accent), every name is looked up in a `Dictionary`, which hashes by Unicode
/// canonical equivalence.
final class NameRows {
  private let index = HashIndex(capacity: 1024)
  private var names: [String] = []
  private var rowsByName: [String: Int]?

  /// The row of `name`, or nil when it has none.
  func row(of name: String) -> Int? {
    if rowsByName == nil, let hash = Self.asciiHash(name) {
      let found = find(name, hash: hash)
      return found.id >= 0 ? Int(found.id) : nil
    }
    return rowsByNameBuilt()[name]
  }

  /// The row of `name`, and whether it was added now (as the next row).
  func row(addingIfAbsent name: String) -> (row: Int, isNew: Bool) {
    if rowsByName == nil, let hash = Self.asciiHash(name) {
      let found = find(name, hash: hash)
      if found.id >= 0 { return (Int(found.id), false) }
      names.append(name)
      return (Int(index.insert(hash, at: found.slot)), true)
    }
    var rows = rowsByNameBuilt()
    rowsByName = nil
    defer { rowsByName = rows }
    if let row = rows[name] { return (row, false) }
    rows[name] = names.count
    names.append(name)
    return (names.count - 1, true)
  }

  private func find(_ name: String, hash: UInt64) -> (id: Int32, slot: Int) {
    names.withUnsafeBufferPointer { names in index.find(hash) { names[Int($0)] == name } }
  }

  /// The dictionary of every row, made from the names so far when first needed.
  private func rowsByNameBuilt() -> [String: Int] {
    if let rowsByName { return rowsByName }
    var rows: [String: Int] = [:]
    for (row, name) in names.enumerated() { rows[name] = row }
    rowsByName = rows
    return rows
  }

  /// A fast hash of `name`'s bytes when they are all ASCII; nil otherwise.
  private static func asciiHash(_ name: String) -> UInt64? {
    if let hash = name.utf8.withContiguousStorageIfAvailable(asciiHash) { return hash }
    return Array(name.utf8).withUnsafeBufferPointer(asciiHash)
  }

  private static func asciiHash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64? {
    guard let base = bytes.baseAddress else { return 0 }
    guard bytes.isASCII else { return nil }
    return ByteKeyTable.hash(ByteSlice(base: base, count: bytes.count))
  }
}
