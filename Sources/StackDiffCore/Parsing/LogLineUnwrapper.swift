/// Undoes what logging and terminals do to dump lines before the parsers look at them:
/// ANSI colour codes, a per-line log prefix (syslog, bracketed timestamps), and logrus
/// `msg="…"` quoting, where one log line may even carry a whole dump with `\n` escapes.
final class LogLineUnwrapper {
  // One parse, one thread: the `@exclusivity(unchecked)` fields skip runtime exclusivity
  // checks, which would cost more than the parsing itself (README, Performance).
  private let plain = ScratchBuffer(capacity: 1024)
  private let message = ScratchBuffer(capacity: 1024)
  @exclusivity(unchecked) private var prefixLength = 0
  @exclusivity(unchecked) private var prefixDelimiter: (UInt8, UInt8) = (0, 0)

  /// Set once a line with an escape byte was seen; until then lines skip the colour check.
  @exclusivity(unchecked) var inputHasEscapes = false

  /// Colour codes or a log prefix are being removed from every line.
  var isActive: Bool { inputHasEscapes || prefixLength > 0 }

  /// Whether `line` may need unwrapping at all (the common case, a plain dump line, does not).
  @inline(__always)
  func isNeeded(for line: ByteSlice) -> Bool {
    if inputHasEscapes || prefixLength > 0 { return true }
    guard let first = line.first else { return false }
    return (first == UInt8(ascii: "t") && line.hasPrefix("time="))
      || (first == UInt8(ascii: "l") && line.hasPrefix("level="))
  }

  /// Calls `body` with each dump line that `line` holds (usually exactly one).
  func unwrap(_ line: ByteSlice, _ body: (ByteSlice) -> Void) {
    var line = line
    if inputHasEscapes, line.contains(0x1B) { line = stripANSI(line) }
    if line.first == UInt8(ascii: "t") || line.first == UInt8(ascii: "l"),
      let text = logrusMessage(line)
    {
      var start = 0
      while let newline = text.firstIndex(of: 0x0A, from: start) {
        body(text[start..<newline])
        start = newline + 1
      }
      body(text.dropFirst(start))
      return
    }
    if prefixLength > 0, let stripped = strippingPrefix(line) {
      body(stripped)
      return
    }
    body(line)
  }

  /// Takes the first `length` bytes of `line`, which a format found its block to start after,
  /// as a prefix that every following line carries too. False when it is too short to tell
  /// (a prefix ends in two delimiter bytes, such as `: ` or `] `).
  func learnPrefix(length: Int, of line: ByteSlice) -> Bool {
    guard length >= 2, length < line.count else { return false }
    prefixLength = length
    prefixDelimiter = (line[length - 2], line[length - 1])
    return true
  }

  private func strippingPrefix(_ line: ByteSlice) -> ByteSlice? {
    // Prefixes keep their width (syslog pads the day), but allow a few bytes of drift for
    // varying host names or process ids.
    let low = max(2, prefixLength - 8)
    let high = min(line.count, prefixLength + 8)
    guard low <= high else { return nil }
    if prefixLength <= line.count, delimiterEnds(line, at: prefixLength) {
      return line.dropFirst(prefixLength)
    }
    for end in low...high where end != prefixLength && delimiterEnds(line, at: end) {
      return line.dropFirst(end)
    }
    return nil
  }

  private func delimiterEnds(_ line: ByteSlice, at end: Int) -> Bool {
    end >= 2 && end <= line.count && line[end - 2] == prefixDelimiter.0
      && line[end - 1] == prefixDelimiter.1
  }

  /// Removes `ESC [ … final` sequences.
  private func stripANSI(_ line: ByteSlice) -> ByteSlice {
    plain.removeAll()
    var i = 0
    while i < line.count {
      let byte = line[i]
      if byte == 0x1B {
        i += 1
        if i < line.count, line[i] == UInt8(ascii: "[") {
          i += 1
          while i < line.count, !(0x40...0x7E).contains(line[i]) { i += 1 }
        }
        i += 1
        continue
      }
      plain.append(byte)
      i += 1
    }
    return plain.slice
  }

  /// The unescaped value of `msg="…"` (or a bare `msg=value`) in a logrus text-format line.
  private func logrusMessage(_ line: ByteSlice) -> ByteSlice? {
    guard line.hasPrefix("time=") || line.hasPrefix("level=") else { return nil }
    guard let key = line.firstRange(of: " msg=") else { return nil }
    message.removeAll()
    var i = key + 5
    guard i < line.count, line[i] == UInt8(ascii: "\"") else {
      // Unquoted: logrus writes simple values (and the empty message) bare.
      while i < line.count, line[i] != UInt8(ascii: " ") {
        message.append(line[i])
        i += 1
      }
      return message.slice
    }
    i += 1
    while i < line.count {
      let byte = line[i]
      if byte == UInt8(ascii: "\"") { return message.slice }
      if byte == UInt8(ascii: "\\"), i + 1 < line.count {
        i += 1
        i = unescape(line, at: i)
        continue
      }
      message.append(byte)
      i += 1
    }
    return message.slice
  }

  /// Appends the character escaped at `line[i]` (just after the backslash); returns the next index.
  private func unescape(_ line: ByteSlice, at i: Int) -> Int {
    switch line[i] {
    case UInt8(ascii: "n"): message.append(0x0A)
    case UInt8(ascii: "t"): message.append(0x09)
    case UInt8(ascii: "r"): message.append(0x0D)
    case UInt8(ascii: "x"):
      if i + 2 < line.count, let value = hexValue(line[(i + 1)..<(i + 3)]) {
        message.append(UInt8(value))
        return i + 3
      }
      message.append(line[i])
    case UInt8(ascii: "u"), UInt8(ascii: "U"):
      let width = line[i] == UInt8(ascii: "u") ? 4 : 8
      if i + width < line.count, let value = hexValue(line[(i + 1)..<(i + 1 + width)]),
        let scalar = Unicode.Scalar(UInt32(value))
      {
        for byte in String(Character(scalar)).utf8 { message.append(byte) }
        return i + 1 + width
      }
      message.append(line[i])
    default:
      message.append(line[i])
    }
    return i + 1
  }

  private func hexValue(_ digits: ByteSlice) -> Int? {
    var value = 0
    for index in 0..<digits.count {
      let byte = digits[index]
      guard isHexDigit(byte) else { return nil }
      let nibble = byte <= 0x39 ? byte - 0x30 : (byte | 0x20) - 0x61 + 10
      value = value * 16 + Int(nibble)
    }
    return value
  }
}
