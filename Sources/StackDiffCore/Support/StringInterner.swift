/// One `String` per distinct byte sequence: the frames of a dump share the strings of the files
/// they repeat (a file holds many functions), so each is made and stored once.
final class StringInterner {
  private let table = ByteKeyTable(capacity: 1024)
  private var strings: [String] = []

  func string(_ bytes: ByteSlice) -> String {
    let (id, isNew) = table.intern(bytes)
    if isNew { strings.append(bytes.string) }
    return strings[Int(id)]
  }
}
