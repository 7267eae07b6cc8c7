#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Byte scanning for the per-line hot path.
enum ByteSearch {
  /// Index of the first `\n` in `base[0..<count]`, or `count`. (libc's vectorized `memchr`
  /// beat both a 16-byte SIMD loop and an 8-byte SWAR loop here, in instructions and in time.)
  @inline(__always)
  static func newline(in base: UnsafePointer<UInt8>, count: Int) -> Int {
    guard let hit = memchr(base, 0x0A, count) else { return count }
    return UnsafeRawPointer(hit) - UnsafeRawPointer(base)
  }

  /// Whether two byte runs of the same `count` are equal.
  @inline(__always)
  static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, count: Int) -> Bool {
    memcmp(a, b, count) == 0
  }

  /// 0x80 in each byte of `word` that equals the byte repeated in `pattern`, 0 elsewhere; exact,
  /// unlike the shorter test for a zero byte, which may also flag the bytes above a match.
  @inline(__always)
  static func matches(in word: UInt64, of pattern: UInt64) -> UInt64 {
    let bits = word ^ pattern
    let low = UInt64(0x7F7F_7F7F_7F7F_7F7F)
    return ~(((bits & low) &+ low) | bits | low)
  }

  /// `byte` in every byte of a word.
  @inline(__always)
  static func repeated(_ byte: UInt8) -> UInt64 { UInt64(byte) &* 0x0101_0101_0101_0101 }
}

extension ByteSlice {
  /// Whether every byte is ASCII.
  @inline(__always)
  var isASCII: Bool { UnsafeBufferPointer(start: base, count: count).isASCII }

  /// Same bytes as `other`.
  @inline(__always)
  func equals(_ other: ByteSlice) -> Bool {
    count == other.count && ByteSearch.equal(base, other.base, count: count)
  }

  /// Same bytes as the UTF-8 of `string`.
  @inline(__always)
  func equals(_ string: String) -> Bool {
    var string = string
    return string.withUTF8 { utf8 in
      guard let other = utf8.baseAddress else { return count == 0 }
      return count == utf8.count && ByteSearch.equal(base, other, count: count)
    }
  }

  /// Same bytes as the UTF-8 of `string`, or both absent.
  @inline(__always)
  func equals(_ string: String?) -> Bool {
    guard let string else { return false }
    return equals(string)
  }
}

extension UnsafeBufferPointer<UInt8> {
  /// Whether these bytes begin with `prefix`'s: one `memcmp`, where `starts(with:)` walks a
  /// sequence byte by byte.
  @inline(__always)
  func hasPrefix(_ prefix: StaticString) -> Bool {
    hasPrefix(UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount))
  }

  @inline(__always)
  func hasPrefix(_ prefix: UnsafeBufferPointer<UInt8>) -> Bool {
    guard prefix.count <= count else { return false }
    guard let base = baseAddress, let other = prefix.baseAddress else { return prefix.isEmpty }
    return ByteSearch.equal(base, other, count: prefix.count)
  }

  /// Whether these bytes end with `suffix`'s.
  @inline(__always)
  func hasSuffix(_ suffix: StaticString) -> Bool {
    let length = suffix.utf8CodeUnitCount
    guard length <= count else { return false }
    guard let base = baseAddress else { return length == 0 }
    return ByteSearch.equal(base + (count - length), suffix.utf8Start, count: length)
  }
}

extension UnsafeBufferPointer<UInt8> {
  /// Whether every byte is ASCII: one pass, no early exit, which the compiler vectorizes.
  var isASCII: Bool {
    var combined: UInt8 = 0
    for byte in self { combined |= byte }
    return combined < 0x80
  }
}

extension String {
  /// Whether every byte of the string's UTF-8 is ASCII, read as a buffer: the view's iterator
  /// would cost a call per byte.
  var isASCII: Bool { utf8.withContiguousStorageIfAvailable(\.isASCII) ?? utf8.allSatisfy { $0 < 0x80 } }
}
