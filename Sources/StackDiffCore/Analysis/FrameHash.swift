/// A hash of printed names and numbers, a word of UTF-8 at a time (`ByteKeyTable.hash`), for
/// matching groups by their keys; `Hasher` would hash each name through its normalized form.
/// Names that compare equal hash alike as long as they were printed alike, which is how a
/// program prints its own names.
struct FrameHash {
  private(set) var value: UInt64 = 0x6A09_E667_F3BC_C908

  mutating func mix(_ text: String?) {
    guard let text else { return mix(-1) }
    mix(text)
  }

  /// Not through the optional: wrapping a frame's name in one copies it, a reference count
  /// touched twice per name of every stack hashed.
  @inline(__always)
  mutating func mix(_ text: String) {
    let bytesHash =
      text.utf8.withContiguousStorageIfAvailable { ByteKeyTable.hash(ByteSlice(UnsafeRawBufferPointer($0))) }
      ?? Self.hashCopied(text)
    mix(word: bytesHash)
  }

  mutating func mix(_ number: Int) { mix(word: UInt64(bitPattern: Int64(number)) &+ 0x9E37_79B9) }

  private mutating func mix(word: UInt64) {
    value = (value ^ word) &* 0x9E37_79B9_7F4A_7C15
    value ^= value >> 31
  }

  /// A string whose bytes are not stored contiguously (bridged ones) is hashed from a copy.
  private static func hashCopied(_ text: String) -> UInt64 {
    var copy = text
    return copy.withUTF8 { ByteKeyTable.hash(ByteSlice(UnsafeRawBufferPointer($0))) }
  }
}
