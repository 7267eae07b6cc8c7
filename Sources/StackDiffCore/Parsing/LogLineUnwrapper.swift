/// Undoes what logging and terminals do to dump lines before the parsers look at them, in the
/// order they were done: container and journal records (Docker json-file, `journalctl -o
/// json`), ANSI colour codes, logrus/logfmt `msg="…"` quoting (one log line may carry a whole
/// dump with `\n` escapes), and a per-line prefix (syslog, timestamps, a logger's brackets,
/// which also close at the end of the line).
final class LogLineUnwrapper {
  // One parse, one thread: the `@exclusivity(unchecked)` fields skip runtime exclusivity
  // checks, which would cost more than the parsing itself (README, Performance).
  private let plain = ScratchBuffer(capacity: 1024)
  private let message = ScratchBuffer(capacity: 1024)
  @exclusivity(unchecked) private var prefixLength = 0 {
    didSet { updateIsActive() }
  }
  @exclusivity(unchecked) private var prefixDelimiter: (UInt8, UInt8) = (0, 0)
  /// The learned prefix's characters as classes (digit, letter, other as itself), so a
  /// timestamp prefix matches whatever time it shows.
  @exclusivity(unchecked) private var prefixShape: [UInt8] = []
  /// A logger that brackets each line: `]` closes what the prefix's `[` opened.
  @exclusivity(unchecked) private var stripsClosingBracket = false
  /// Set once a record of a container log was seen: every line is decoded.
  @exclusivity(unchecked) private var containerLog: ContainerLogDecoder? {
    didSet { updateIsActive() }
  }
  /// Set once a logfmt line with `msg=` after some prefix was seen.
  @exclusivity(unchecked) private var findsMessageAnywhere = false {
    didSet { updateIsActive() }
  }
  /// Records whose text the log does not hold (journalctl's `null`), counted for the router.
  @exclusivity(unchecked) private(set) var unreadableRecords = 0

  /// Set once a line with an escape byte was seen; until then lines skip the colour check.
  @exclusivity(unchecked) var inputHasEscapes = false {
    didSet { updateIsActive() }
  }

  /// Something is being removed from every line (one flag, read for every line).
  @exclusivity(unchecked) private(set) var isActive = false

  private func updateIsActive() {
    isActive = inputHasEscapes || prefixLength > 0 || containerLog != nil || findsMessageAnywhere
  }

  /// Whether `line` may need unwrapping at all (the common case, a plain dump line, does not).
  @inline(__always)
  func isNeeded(for line: ByteSlice) -> Bool {
    if isActive { return true }
    guard let first = line.first else { return false }
    return (first == UInt8(ascii: "t") && line.hasPrefix("time="))
      || (first == UInt8(ascii: "l") && line.hasPrefix("level="))
  }

  /// Learns from a line no format took whether the input is a structured log that carries
  /// dump lines inside its records; true when it is (the line is then unwrapped again).
  func learnStructure(from line: ByteSlice) -> Bool {
    if containerLog == nil, let kind = ContainerLogDecoder.kind(of: line) {
      containerLog = ContainerLogDecoder(kind: kind)
      return true
    }
    if !findsMessageAnywhere, line.firstRange(of: " msg=") != nil,
      line.firstRange(of: "level=") != nil || line.firstRange(of: "time=") != nil
    {
      findsMessageAnywhere = true
      return true
    }
    return false
  }

  /// Calls `body` with each dump line that `line` holds (usually exactly one).
  func unwrap(_ line: ByteSlice, _ body: (ByteSlice) -> Void) {
    if let containerLog {
      switch containerLog.decode(line, { content in unwrapContent(content, isDecoded: true, body) }) {
      case .decoded: return
      case .unreadable:
        unreadableRecords += 1
        return
      case .notARecord: break
      }
    }
    unwrapContent(line, isDecoded: false, body)
  }

  /// The input has ended: hands on what a container log left unfinished.
  func finish(_ body: (ByteSlice) -> Void) {
    containerLog?.finish { content in unwrapContent(content, isDecoded: true, body) }
  }

  /// `isDecoded`: the line came out of a container record, whose escapes the reader never saw.
  private func unwrapContent(_ line: ByteSlice, isDecoded: Bool, _ body: (ByteSlice) -> Void) {
    var line = line
    if inputHasEscapes || isDecoded, line.contains(0x1B) { line = stripANSI(line) }
    if line.first == UInt8(ascii: "t") || line.first == UInt8(ascii: "l") || findsMessageAnywhere,
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
  /// as a prefix that every following line carries too; `closesBracket`: the line also ends
  /// in a `]` that closes the prefix's `[`. False when it is too short to tell (a prefix ends
  /// in two delimiter bytes, such as `: ` or `] `).
  func learnPrefix(length: Int, of line: ByteSlice, closesBracket: Bool = false) -> Bool {
    guard length >= 2, length < line.count else { return false }
    prefixLength = length
    prefixDelimiter = (line[length - 2], line[length - 1])
    prefixShape = (0..<length).map { Self.characterClass(line[$0]) }
    stripsClosingBracket = closesBracket
    return true
  }

  /// `line` without the learned prefix (and closing bracket), or nil when it does not carry it.
  func strippingLearnedPrefix(_ line: ByteSlice) -> ByteSlice? {
    prefixLength > 0 ? strippingPrefix(line) : nil
  }

  /// Digits and letters stand for their class; other bytes for themselves.
  private static func characterClass(_ byte: UInt8) -> UInt8 {
    if byte &- 0x30 < 10 { return 0x30 }
    if (byte | 0x20) &- 0x61 < 26 { return 0x61 }
    return byte
  }

  private func strippingPrefix(_ line: ByteSlice) -> ByteSlice? {
    guard var stripped = strippingPrefixOnly(line) else { return nil }
    if stripsClosingBracket, stripped.last == UInt8(ascii: "]") { stripped = stripped.dropLast(1) }
    return stripped
  }

  private func strippingPrefixOnly(_ line: ByteSlice) -> ByteSlice? {
    // A timestamp prefix keeps its shape whatever the time.
    if prefixLength <= line.count,
      (0..<prefixLength).allSatisfy({ Self.characterClass(line[$0]) == prefixShape[$0] })
    {
      return line.dropFirst(prefixLength)
    }
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

  /// The unescaped value of `msg="…"` (or a bare `msg=value`) in a logrus text-format line,
  /// which starts with `time=` or `level=` (or anywhere once such lines were seen after a prefix).
  private func logrusMessage(_ line: ByteSlice) -> ByteSlice? {
    guard findsMessageAnywhere || line.hasPrefix("time=") || line.hasPrefix("level=") else { return nil }
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
