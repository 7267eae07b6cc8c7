/// UTF-8 text built by appending bytes: a `String` append does bookkeeping (capacity, count,
/// ASCII flags, uniqueness) that cost more than the copy itself, and a JSON report of 200,000
/// distinct stacks makes tens of millions of them.
struct ByteText {
  private(set) var bytes: [UInt8] = []

  var count: Int { bytes.count }
  var isEmpty: Bool { bytes.isEmpty }

  /// The text as a string (bytes that are not UTF-8 cannot come in: only strings are appended).
  var string: String { String(decoding: bytes, as: UTF8.self) }

  @inline(__always)
  mutating func append(_ text: String) {
    bytes.append(contentsOf: text.utf8)
  }

  @inline(__always)
  mutating func append(_ text: Substring) {
    bytes.append(contentsOf: text.utf8)
  }

  @inline(__always)
  mutating func append(byte: UInt8) {
    bytes.append(byte)
  }

  /// `count` spaces, for padding a column.
  mutating func append(spaces count: Int) {
    guard count > 0 else { return }
    bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: count))
  }

  /// `number` in decimal, written without making a string.
  mutating func append(_ number: Int) {
    if number < 0 {
      bytes.append(UInt8(ascii: "-"))
      // `Int.min` has no positive counterpart: its magnitude is written as unsigned.
      append(decimal: number.magnitude)
    } else {
      append(decimal: UInt(number))
    }
  }

  private mutating func append(decimal value: UInt) {
    guard value >= 10 else {
      bytes.append(UInt8(ascii: "0") + UInt8(value))
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
      bytes.append(contentsOf: buffer[position...])
    }
  }

  static func += (text: inout ByteText, piece: String) { text.append(piece) }
  static func += (text: inout ByteText, piece: Substring) { text.append(piece) }

  mutating func removeAll() {
    bytes.removeAll(keepingCapacity: true)
  }
}
