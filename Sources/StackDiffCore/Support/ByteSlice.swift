#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A borrowed run of bytes inside a buffer owned by someone else (usually the line reader).
///
/// Parsers look at lines through this view so that no `String` is created per line; a slice
/// is valid only until its owner reuses the buffer.
public struct ByteSlice {
  public let base: UnsafePointer<UInt8>
  public let count: Int

  @inlinable
  public init(base: UnsafePointer<UInt8>, count: Int) {
    self.base = base
    self.count = count
  }

  @inlinable
  public init(_ buffer: UnsafeRawBufferPointer) {
    self.base =
      buffer.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? ByteSlice.emptyBase
    self.count = buffer.count
  }

  /// A valid pointer for empty slices, so `base` never needs to be optional.
  @usableFromInline
  nonisolated(unsafe) static let emptyBase: UnsafePointer<UInt8> = {
    let storage = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
    storage.initialize(to: 0)
    return UnsafePointer(storage)
  }()

  @inlinable public var isEmpty: Bool { count == 0 }

  @inlinable
  public subscript(index: Int) -> UInt8 { base[index] }

  @inlinable public var first: UInt8? { count > 0 ? base[0] : nil }
  @inlinable public var last: UInt8? { count > 0 ? base[count - 1] : nil }

  @inlinable
  public func dropFirst(_ n: Int) -> ByteSlice {
    let n = Swift.min(n, count)
    return ByteSlice(base: base + n, count: count - n)
  }

  @inlinable
  public func dropLast(_ n: Int) -> ByteSlice {
    ByteSlice(base: base, count: count - Swift.min(n, count))
  }

  @inlinable
  public func prefix(_ n: Int) -> ByteSlice {
    ByteSlice(base: base, count: Swift.min(n, count))
  }

  @inlinable
  public subscript(range: Range<Int>) -> ByteSlice {
    ByteSlice(base: base + range.lowerBound, count: range.count)
  }

  @inlinable
  public func hasPrefix(_ literal: StaticString) -> Bool {
    let n = literal.utf8CodeUnitCount
    return n <= count && memcmp(base, literal.utf8Start, n) == 0
  }

  @inlinable
  public func hasSuffix(_ literal: StaticString) -> Bool {
    let n = literal.utf8CodeUnitCount
    return n <= count && memcmp(base + (count - n), literal.utf8Start, n) == 0
  }

  @inlinable
  public func equals(_ literal: StaticString) -> Bool {
    literal.utf8CodeUnitCount == count && hasPrefix(literal)
  }

  @inlinable
  public func firstIndex(of byte: UInt8, from start: Int = 0) -> Int? {
    guard start < count else { return nil }
    guard let hit = memchr(base + start, Int32(byte), count - start) else { return nil }
    return UnsafeRawPointer(hit) - UnsafeRawPointer(base)
  }

  /// Index of the first occurrence of `needle` at or after `start`.
  @inlinable
  public func firstRange(of needle: StaticString, from start: Int = 0) -> Int? {
    let n = needle.utf8CodeUnitCount
    guard n > 0 else { return start }
    let first = needle.utf8Start[0]
    var i = start
    while let hit = firstIndex(of: first, from: i) {
      if hit + n > count { return nil }
      if memcmp(base + hit, needle.utf8Start, n) == 0 { return hit }
      i = hit + 1
    }
    return nil
  }

  /// Index of the last occurrence of `needle`.
  public func lastRange(of needle: StaticString) -> Int? {
    var found: Int?
    var from = 0
    while let hit = firstRange(of: needle, from: from) {
      found = hit
      from = hit + 1
    }
    return found
  }

  public func lastIndex(of byte: UInt8) -> Int? {
    var index = count - 1
    while index >= 0 {
      if base[index] == byte { return index }
      index -= 1
    }
    return nil
  }

  @inlinable
  public func contains(_ byte: UInt8) -> Bool { firstIndex(of: byte) != nil }

  @inlinable
  public func trimmingLeadingWhitespace() -> ByteSlice {
    var i = 0
    while i < count, base[i] == 0x20 || base[i] == 0x09 { i += 1 }
    return ByteSlice(base: base + i, count: count - i)
  }

  @inlinable
  public func trimmingTrailingWhitespace() -> ByteSlice {
    var n = count
    while n > 0, base[n - 1] == 0x20 || base[n - 1] == 0x09 || base[n - 1] == 0x0D { n -= 1 }
    return ByteSlice(base: base, count: n)
  }

  @inlinable
  public func trimmingWhitespace() -> ByteSlice {
    trimmingLeadingWhitespace().trimmingTrailingWhitespace()
  }

  /// The value of an unsigned decimal number filling the whole slice; nil for anything else or overflow.
  @inlinable
  public func decimalValue() -> Int? {
    guard count > 0, count <= 19 else { return nil }
    var value = 0
    if count <= 18 {
      // Eighteen digits cannot overflow: no checks per digit (goroutine ids, line numbers).
      for i in 0..<count {
        let digit = base[i] &- 0x30
        guard digit < 10 else { return nil }
        value = value &* 10 &+ Int(digit)
      }
      return value
    }
    for i in 0..<count {
      let digit = base[i] &- 0x30
      guard digit < 10 else { return nil }
      let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
      let (sum, overflow2) = times10.addingReportingOverflow(Int(digit))
      guard !overflow1, !overflow2 else { return nil }
      value = sum
    }
    return value
  }

  /// Like `decimalValue`, but a number too large for `Int` is `Int.max` rather than nil: counts,
  /// line numbers and waits from damaged input are kept as "too large", not dropped.
  public func saturatingDecimalValue() -> Int? {
    guard count > 0 else { return nil }
    var value = 0
    for i in 0..<count {
      let digit = base[i] &- 0x30
      guard digit < 10 else { return nil }
      if value != .max {
        let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
        let (sum, overflow2) = times10.addingReportingOverflow(Int(digit))
        value = overflow1 || overflow2 ? .max : sum
      }
    }
    return value
  }

  /// Length of the run of decimal digits that starts at `start`.
  @inlinable
  public func digitRun(from start: Int) -> Int {
    var i = start
    while i < count, base[i] &- 0x30 < 10 { i += 1 }
    return i - start
  }

  /// How many hex digits start at `start`.
  public func hexDigitRun(from start: Int) -> Int {
    var i = start
    while i < count, isHexDigit(base[i]) { i += 1 }
    return i - start
  }

  /// The value of hex digits (no `0x`) filling the whole slice; nil when empty, for anything
  /// else, or beyond 64 bits.
  public func hexValue() -> UInt64? {
    guard count > 0, count <= 16 else { return nil }
    var value: UInt64 = 0
    for i in 0..<count {
      let byte = base[i]
      guard isHexDigit(byte) else { return nil }
      let digit = byte &- 0x30 < 10 ? byte &- 0x30 : (byte | 0x20) &- 0x61 &+ 10
      value = value << 4 | UInt64(digit)
    }
    return value
  }

  public var string: String {
    String(decoding: UnsafeBufferPointer(start: base, count: count), as: UTF8.self)
  }

  public var rawBuffer: UnsafeRawBufferPointer {
    UnsafeRawBufferPointer(start: base, count: count)
  }
}

@inlinable
func isHexDigit(_ byte: UInt8) -> Bool {
  (byte &- 0x30) < 10 || ((byte | 0x20) &- 0x61) < 6
}
