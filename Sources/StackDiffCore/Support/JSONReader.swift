/// A JSON value as read; objects keep their members in input order (duplicates kept, first wins on lookup).
enum JSONValue: Equatable, Sendable {
  case null
  case bool(Bool)
  /// The number's text as written (`-12`, `0.0117`, `1e3`): callers convert what they need.
  case number(String)
  case string(String)
  case array([JSONValue])
  case object([JSONMember])

  /// The value of the first member named `key`; nil unless this is an object with that key.
  subscript(key: String) -> JSONValue? {
    guard case .object(let members) = self else { return nil }
    for member in members where member.key == key { return member.value }
    return nil
  }

  var string: String? {
    guard case .string(let text) = self else { return nil }
    return text
  }

  /// The number as an `Int` when it is written as a whole number (no fraction or exponent) that fits.
  var int: Int? {
    guard case .number(let text) = self else { return nil }
    var digits = text.utf8[...]
    let isNegative = digits.first == UInt8(ascii: "-")
    if isNegative { digits = digits.dropFirst() }
    if digits.isEmpty { return nil }
    // Accumulating toward the sign lets Int.min through, which has no positive counterpart.
    var result = 0
    for byte in digits {
      guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
      let digit = Int(byte &- UInt8(ascii: "0"))
      let (shifted, shiftOverflowed) = result.multipliedReportingOverflow(by: 10)
      let (next, digitOverflowed) =
        isNegative ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
      if shiftOverflowed || digitOverflowed { return nil }
      result = next
    }
    return result
  }

  var bool: Bool? {
    guard case .bool(let flag) = self else { return nil }
    return flag
  }

  var array: [JSONValue]? {
    guard case .array(let elements) = self else { return nil }
    return elements
  }
}

struct JSONMember: Equatable, Sendable {
  var key: String
  var value: JSONValue
}

struct JSONSyntaxError: Error, Equatable, CustomStringConvertible {
  /// Byte offset of the problem from the start of the bytes given.
  var offset: Int
  /// Short and lowercase, e.g. "unterminated string".
  var reason: String

  var description: String { "\(reason) at byte \(offset)" }
}

/// A JSON (RFC 8259) reader over raw bytes, for the JSON that dumps and logs embed.
///
/// Nesting is tracked on an explicit stack rather than by recursion, so reading never exhausts the
/// call stack. The limit still matters: releasing or comparing a `JSONValue` recurses once per
/// level (a 100,000-deep value overflows an 8 MB stack when freed), so raise it with care.
///
/// Error offsets point at the byte that broke the grammar, except that an unterminated string
/// points at its opening quote and input that ends early points at the end.
enum JSONReader {
  /// Reads one JSON value at the start of `bytes` (leading whitespace allowed) and returns it with the
  /// offset just past it; bytes after it are not looked at (a log line may go on).
  static func readValue(
    in bytes: UnsafeRawBufferPointer, maximumDepth: Int = 64
  ) throws(JSONSyntaxError) -> (value: JSONValue, end: Int) {
    var parser = try JSONParser(bytes, maximumDepth: maximumDepth)
    let value = try parser.readValue()
    return (value, parser.offset)
  }

  /// Reads a whole document: one value, only whitespace after it.
  static func readDocument(
    _ bytes: UnsafeRawBufferPointer, maximumDepth: Int = 64
  ) throws(JSONSyntaxError) -> JSONValue {
    var parser = try JSONParser(bytes, maximumDepth: maximumDepth)
    let value = try parser.readValue()
    parser.skipWhitespace()
    if parser.offset < parser.count {
      throw JSONSyntaxError(offset: parser.offset, reason: "unexpected data after value")
    }
    return value
  }
}

/// The bytes the grammar names; computed so that they fold to constants.
private enum ASCII {
  static var quote: UInt8 { 0x22 }
  static var backslash: UInt8 { 0x5C }
  static var slash: UInt8 { 0x2F }
  static var comma: UInt8 { 0x2C }
  static var colon: UInt8 { 0x3A }
  static var minus: UInt8 { 0x2D }
  static var plus: UInt8 { 0x2B }
  static var dot: UInt8 { 0x2E }
  static var zero: UInt8 { 0x30 }
  static var nine: UInt8 { 0x39 }
  static var openBracket: UInt8 { 0x5B }
  static var closeBracket: UInt8 { 0x5D }
  static var openBrace: UInt8 { 0x7B }
  static var closeBrace: UInt8 { 0x7D }
  static var space: UInt8 { 0x20 }
  static var tab: UInt8 { 0x09 }
  static var lineFeed: UInt8 { 0x0A }
  static var carriageReturn: UInt8 { 0x0D }
}

/// An array or object whose closing bracket has not been read yet.
private struct OpenContainer {
  enum Kind {
    case array
    case object
  }

  var kind: Kind
  var elements: [JSONValue] = []
  var members: [JSONMember] = []
  /// The key of the object member whose value is being read.
  var pendingKey = ""
}

private struct JSONParser {
  let bytes: UnsafePointer<UInt8>
  let count: Int
  let maximumDepth: Int
  /// Offset of the next byte to read; every read checks it against `count` first.
  var offset = 0
  /// Reused for strings with escapes, the only ones that cannot be decoded straight from the input.
  var unescaped: [UInt8] = []

  init(_ buffer: UnsafeRawBufferPointer, maximumDepth: Int) throws(JSONSyntaxError) {
    // An empty buffer may have no base address, and holds no value anyway.
    guard let base = buffer.baseAddress, buffer.count > 0 else {
      throw JSONSyntaxError(offset: 0, reason: "unexpected end of input")
    }
    bytes = base.assumingMemoryBound(to: UInt8.self)
    count = buffer.count
    self.maximumDepth = maximumDepth
  }

  private var endOfInput: JSONSyntaxError {
    JSONSyntaxError(offset: count, reason: "unexpected end of input")
  }

  mutating func skipWhitespace() {
    while offset < count {
      switch bytes[offset] {
      case ASCII.space, ASCII.lineFeed, ASCII.carriageReturn, ASCII.tab: offset += 1
      default: return
      }
    }
  }

  /// Reads one value, leaving `offset` just past it.
  mutating func readValue() throws(JSONSyntaxError) -> JSONValue {
    var open: [OpenContainer] = []
    readingValues: while true {
      skipWhitespace()
      guard offset < count else { throw endOfInput }
      var value: JSONValue
      switch bytes[offset] {
      case ASCII.openBrace:
        try checkDepth(open.count)
        offset += 1
        skipWhitespace()
        if offset < count && bytes[offset] == ASCII.closeBrace {
          offset += 1
          value = .object([])
        } else {
          open.append(OpenContainer(kind: .object, pendingKey: try readKeyAndColon()))
          continue readingValues
        }
      case ASCII.openBracket:
        try checkDepth(open.count)
        offset += 1
        skipWhitespace()
        if offset < count && bytes[offset] == ASCII.closeBracket {
          offset += 1
          value = .array([])
        } else {
          open.append(OpenContainer(kind: .array))
          continue readingValues
        }
      case ASCII.quote:
        value = .string(try readString())
      case UInt8(ascii: "t"):
        value = try readLiteral("true", .bool(true))
      case UInt8(ascii: "f"):
        value = try readLiteral("false", .bool(false))
      case UInt8(ascii: "n"):
        value = try readLiteral("null", .null)
      case ASCII.minus, ASCII.zero...ASCII.nine:
        value = .number(try readNumber())
      default:
        throw JSONSyntaxError(offset: offset, reason: "expected a value")
      }

      // Hand the finished value to the containers it completes, until one wants another value.
      while let innermost = open.indices.last {
        switch open[innermost].kind {
        case .array: open[innermost].elements.append(value)
        case .object:
          open[innermost].members.append(JSONMember(key: open[innermost].pendingKey, value: value))
        }
        skipWhitespace()
        guard offset < count else { throw endOfInput }
        let separator = bytes[offset]
        switch (open[innermost].kind, separator) {
        case (.array, ASCII.comma):
          offset += 1
          continue readingValues
        case (.object, ASCII.comma):
          offset += 1
          skipWhitespace()
          open[innermost].pendingKey = try readKeyAndColon()
          continue readingValues
        case (.array, ASCII.closeBracket):
          offset += 1
          value = .array(open.removeLast().elements)
        case (.object, ASCII.closeBrace):
          offset += 1
          value = .object(open.removeLast().members)
        case (.array, _):
          throw JSONSyntaxError(offset: offset, reason: "expected ',' or ']' after array element")
        case (.object, _):
          throw JSONSyntaxError(offset: offset, reason: "expected ',' or '}' after object member")
        }
      }
      return value
    }
  }

  private func checkDepth(_ openCount: Int) throws(JSONSyntaxError) {
    if openCount >= maximumDepth {
      throw JSONSyntaxError(offset: offset, reason: "nesting deeper than \(maximumDepth)")
    }
  }

  /// Reads an object key and the colon after it, leaving `offset` past the colon.
  private mutating func readKeyAndColon() throws(JSONSyntaxError) -> String {
    guard offset < count else { throw endOfInput }
    guard bytes[offset] == ASCII.quote else {
      throw JSONSyntaxError(offset: offset, reason: "expected string as object key")
    }
    let key = try readString()
    skipWhitespace()
    guard offset < count else { throw endOfInput }
    guard bytes[offset] == ASCII.colon else {
      throw JSONSyntaxError(offset: offset, reason: "expected ':' after object key")
    }
    offset += 1
    return key
  }

  private mutating func readLiteral(_ word: StaticString, _ value: JSONValue) throws(JSONSyntaxError)
    -> JSONValue
  {
    let letters = word.utf8Start
    let length = word.utf8CodeUnitCount
    for index in 0..<length {
      guard offset + index < count else { throw endOfInput }
      guard bytes[offset + index] == letters[index] else {
        throw JSONSyntaxError(offset: offset + index, reason: "invalid literal, expected '\(word)'")
      }
    }
    offset += length
    return value
  }

  /// Checks the number grammar (`-? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)?`) and returns its text.
  private mutating func readNumber() throws(JSONSyntaxError) -> String {
    let start = offset
    var index = offset
    if bytes[index] == ASCII.minus { index += 1 }
    guard index < count && isDigit(bytes[index]) else {
      throw JSONSyntaxError(offset: index, reason: "expected digit after '-'")
    }
    if bytes[index] == ASCII.zero {
      index += 1
      // `01` is not `0` followed by other text: no JSON writer produces it, so it is an error.
      if index < count && isDigit(bytes[index]) {
        throw JSONSyntaxError(offset: index, reason: "leading zero in number")
      }
    } else {
      index = skipDigits(from: index)
    }
    if index < count && bytes[index] == ASCII.dot {
      index += 1
      guard index < count && isDigit(bytes[index]) else {
        throw JSONSyntaxError(offset: index, reason: "expected digit after '.'")
      }
      index = skipDigits(from: index)
    }
    if index < count && (bytes[index] | 0x20) == UInt8(ascii: "e") {
      index += 1
      if index < count && (bytes[index] == ASCII.plus || bytes[index] == ASCII.minus) { index += 1 }
      guard index < count && isDigit(bytes[index]) else {
        throw JSONSyntaxError(offset: index, reason: "expected digit in exponent")
      }
      index = skipDigits(from: index)
    }
    offset = index
    return String(decoding: UnsafeBufferPointer(start: bytes + start, count: index - start), as: UTF8.self)
  }

  private func isDigit(_ byte: UInt8) -> Bool { byte &- ASCII.zero < 10 }

  private func skipDigits(from start: Int) -> Int {
    var index = start
    while index < count && isDigit(bytes[index]) { index += 1 }
    return index
  }

  /// Reads the string whose opening quote is at `offset`.
  private mutating func readString() throws(JSONSyntaxError) -> String {
    let quoteOffset = offset
    let start = offset + 1
    var index = start
    // Most strings have no escapes and decode straight from the input in one go.
    while index < count {
      let byte = bytes[index]
      if byte == ASCII.quote {
        offset = index + 1
        return String(
          decoding: UnsafeBufferPointer(start: bytes + start, count: index - start), as: UTF8.self)
      }
      if byte == ASCII.backslash {
        return try readEscapedString(quoteOffset: quoteOffset, firstEscape: index)
      }
      if byte < ASCII.space { throw JSONSyntaxError(offset: index, reason: "control character in string") }
      index += 1
    }
    throw JSONSyntaxError(offset: quoteOffset, reason: "unterminated string")
  }

  /// Continues `readString` from its first backslash, collecting the UTF-8 in `unescaped`.
  private mutating func readEscapedString(quoteOffset: Int, firstEscape: Int) throws(JSONSyntaxError)
    -> String
  {
    unescaped.removeAll(keepingCapacity: true)
    var runStart = quoteOffset + 1
    var index = firstEscape
    while index < count {
      let byte = bytes[index]
      if byte == ASCII.quote {
        appendRun(from: runStart, to: index)
        offset = index + 1
        // Decoding repairs invalid UTF-8 in the raw runs; escapes only ever add whole characters.
        return String(decoding: unescaped, as: UTF8.self)
      }
      if byte == ASCII.backslash {
        appendRun(from: runStart, to: index)
        index = try appendEscape(at: index, quoteOffset: quoteOffset)
        runStart = index
        continue
      }
      if byte < ASCII.space { throw JSONSyntaxError(offset: index, reason: "control character in string") }
      index += 1
    }
    throw JSONSyntaxError(offset: quoteOffset, reason: "unterminated string")
  }

  private mutating func appendRun(from start: Int, to end: Int) {
    if end > start {
      unescaped.append(contentsOf: UnsafeBufferPointer(start: bytes + start, count: end - start))
    }
  }

  /// Appends the character of the escape at `escapeOffset` (its backslash) and returns the offset after it.
  private mutating func appendEscape(at escapeOffset: Int, quoteOffset: Int) throws(JSONSyntaxError) -> Int {
    guard escapeOffset + 1 < count else {
      throw JSONSyntaxError(offset: quoteOffset, reason: "unterminated string")
    }
    let simple: UInt8
    switch bytes[escapeOffset + 1] {
    case ASCII.quote, ASCII.backslash, ASCII.slash: simple = bytes[escapeOffset + 1]
    case UInt8(ascii: "b"): simple = 0x08
    case UInt8(ascii: "f"): simple = 0x0C
    case UInt8(ascii: "n"): simple = ASCII.lineFeed
    case UInt8(ascii: "r"): simple = ASCII.carriageReturn
    case UInt8(ascii: "t"): simple = ASCII.tab
    case UInt8(ascii: "u"):
      return try appendUnicodeEscape(at: escapeOffset, quoteOffset: quoteOffset)
    default:
      throw JSONSyntaxError(offset: escapeOffset, reason: "invalid escape")
    }
    unescaped.append(simple)
    return escapeOffset + 2
  }

  private mutating func appendUnicodeEscape(at escapeOffset: Int, quoteOffset: Int) throws(JSONSyntaxError)
    -> Int
  {
    let digitsOffset = escapeOffset + 2
    guard let unit = hexQuad(at: digitsOffset) else {
      // A byte that is not hex makes a bad escape; running out of input first is truncation.
      for index in digitsOffset..<min(count, digitsOffset + 4) where hexValue(bytes[index]) == nil {
        throw JSONSyntaxError(offset: escapeOffset, reason: "invalid \\u escape")
      }
      throw JSONSyntaxError(offset: quoteOffset, reason: "unterminated string")
    }
    var next = digitsOffset + 4
    let scalar: UInt32
    switch unit {
    case 0xD800...0xDBFF:
      // A high surrogate is half a character only if a low one follows as the very next escape;
      // otherwise it stands alone, and the escape after it is read on its own.
      if next + 2 <= count && bytes[next] == ASCII.backslash && bytes[next + 1] == UInt8(ascii: "u"),
        let low = hexQuad(at: next + 2), (0xDC00...0xDFFF).contains(low)
      {
        scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
        next += 6
      } else {
        scalar = 0xFFFD
      }
    case 0xDC00...0xDFFF:
      scalar = 0xFFFD
    default:
      scalar = unit
    }
    appendUTF8(scalar)
    return next
  }

  /// The four hex digits at `start`, or nil if the input ends first or one is not hex.
  private func hexQuad(at start: Int) -> UInt32? {
    guard start + 4 <= count else { return nil }
    var unit: UInt32 = 0
    for index in start..<start + 4 {
      guard let digit = hexValue(bytes[index]) else { return nil }
      unit = unit << 4 | digit
    }
    return unit
  }

  private func hexValue(_ byte: UInt8) -> UInt32? {
    switch byte {
    case ASCII.zero...ASCII.nine: return UInt32(byte - ASCII.zero)
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(byte - UInt8(ascii: "a") + 10)
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(byte - UInt8(ascii: "A") + 10)
    default: return nil
    }
  }

  /// Appends a scalar (never a surrogate, at most U+10FFFF) as UTF-8.
  private mutating func appendUTF8(_ scalar: UInt32) {
    switch scalar {
    case 0..<0x80:
      unescaped.append(UInt8(truncatingIfNeeded: scalar))
    case 0x80..<0x800:
      unescaped.append(0xC0 | UInt8(truncatingIfNeeded: scalar >> 6))
      unescaped.append(0x80 | UInt8(truncatingIfNeeded: scalar) & 0x3F)
    case 0x800..<0x10000:
      unescaped.append(0xE0 | UInt8(truncatingIfNeeded: scalar >> 12))
      unescaped.append(0x80 | UInt8(truncatingIfNeeded: scalar >> 6) & 0x3F)
      unescaped.append(0x80 | UInt8(truncatingIfNeeded: scalar) & 0x3F)
    default:
      unescaped.append(0xF0 | UInt8(truncatingIfNeeded: scalar >> 18))
      unescaped.append(0x80 | UInt8(truncatingIfNeeded: scalar >> 12) & 0x3F)
      unescaped.append(0x80 | UInt8(truncatingIfNeeded: scalar >> 6) & 0x3F)
      unescaped.append(0x80 | UInt8(truncatingIfNeeded: scalar) & 0x3F)
    }
  }
}
