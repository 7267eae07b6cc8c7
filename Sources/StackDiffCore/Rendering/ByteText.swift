#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// UTF-8 text built by appending bytes: a `String` append does bookkeeping (capacity, count,
/// ASCII flags, uniqueness) that cost more than the copy itself, and a JSON report of 200,000
/// distinct stacks makes tens of millions of them.
struct ByteText {
  /// Room for the text: `count` bytes are written, the rest is spare. Growing by hand keeps an
  /// append to one capacity check and one `memcpy`; `Array.append(contentsOf:)` costs a
  /// hundred-odd instructions of generic bookkeeping for a short name.
  private var storage: [UInt8] = []
  private(set) var count = 0

  var isEmpty: Bool { count == 0 }

  /// The text as a string (bytes that are not UTF-8 cannot come in: only strings are appended).
  var string: String { String(decoding: storage[..<count], as: UTF8.self) }

  @inline(__always)
  mutating func append(_ text: String) {
    let copied: Void? = text.utf8.withContiguousStorageIfAvailable { append(bytes: $0) }
    if copied == nil { append(bytes: Array(text.utf8)) }
  }

  @inline(__always)
  mutating func append(_ text: Substring) {
    let copied: Void? = text.utf8.withContiguousStorageIfAvailable { append(bytes: $0) }
    if copied == nil { append(bytes: Array(text.utf8)) }
  }

  @inline(__always)
  mutating func append(byte: UInt8) {
    reserve(1)
    storage[count] = byte
    count += 1
  }

  /// `count` spaces, for padding a column.
  mutating func append(spaces count: Int) {
    guard count > 0 else { return }
    reserve(count)
    storage.withUnsafeMutableBufferPointer { room in
      guard let base = room.baseAddress else { return }
      memset(base + self.count, Int32(UInt8(ascii: " ")), count)
    }
    self.count += count
  }

  /// `number` in decimal, written without making a string.
  mutating func append(_ number: Int) {
    if number < 0 {
      append(byte: UInt8(ascii: "-"))
      // `Int.min` has no positive counterpart: its magnitude is written as unsigned.
      append(decimal: number.magnitude)
    } else {
      append(decimal: UInt(number))
    }
  }

  private mutating func append(decimal value: UInt) {
    guard value >= 10 else {
      append(byte: UInt8(ascii: "0") + UInt8(value))
      return
    }
    var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
    withUnsafeMutableBytes(of: &digits) { buffer in
      var position = buffer.count
      var rest = value
      while rest > 0 {
        position -= 1
        buffer[position] = UInt8(ascii: "0") + UInt8(rest % 10)
        rest /= 10
      }
      append(bytes: UnsafeRawBufferPointer(rebasing: buffer[position...]).bindMemory(to: UInt8.self))
    }
  }

  @inline(__always)
  private mutating func append(bytes: UnsafeBufferPointer<UInt8>) {
    guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
    reserve(bytes.count)
    storage.withUnsafeMutableBufferPointer { room in
      guard let base = room.baseAddress else { return }
      memcpy(base + count, source, bytes.count)
    }
    count += bytes.count
  }

  private mutating func append(bytes: [UInt8]) {
    bytes.withUnsafeBufferPointer { append(bytes: $0) }
  }

  /// Makes room for `extra` more bytes, doubling so that appends cost a constant on average.
  @inline(__always)
  private mutating func reserve(_ extra: Int) {
    let needed = count + extra
    guard needed > storage.count else { return }
    storage.append(
      contentsOf: repeatElement(0, count: Swift.max(needed, storage.count * 2, 64) - storage.count))
  }

  static func += (text: inout ByteText, piece: String) { text.append(piece) }
  static func += (text: inout ByteText, piece: Substring) { text.append(piece) }

  mutating func removeAll() {
    count = 0
  }
}
