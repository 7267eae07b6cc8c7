/// Remembers the canonical name (`SwiftSymbol.canonicalName`) of every symbol a parser met, so
/// demangling and name rewriting run once per distinct symbol, not once per frame line.
final class SwiftSymbolTable {
  // One parse, one thread: the `@exclusivity(unchecked)` fields skip runtime exclusivity
  // checks, which would cost more than the parsing itself (README, Performance).
  private let raw = ByteKeyTable(capacity: 1024)
  private let canonical = ByteArena(capacity: 16 * 1024)
  private let key = ScratchBuffer(capacity: 256)

  /// The canonical name of `symbol` printed in `image`; valid until the next call.
  func canonicalName(_ symbol: ByteSlice, image: ByteSlice?) -> ByteSlice {
    key.removeAll()
    key.append(symbol)
    key.append(0)
    if let image { key.append(image) }
    let (id, isNew) = raw.intern(key.slice)
    if isNew {
      var name = SwiftSymbol.canonicalName(symbol.string, image: image?.string)
      name.withUTF8 { canonical.append(ByteSlice(UnsafeRawBufferPointer($0))) }
    }
    return canonical.slice(Int(id))
  }
}
