/// Recognizers for the line shapes of Go text dumps. Each takes a line with its indentation
/// and trailing whitespace removed and returns nil when the line is not of its shape.
enum GoLineShapes {
  struct Header {
    var id: Int
    var state: ByteSlice
    var waitMinutes = -1
    var isLocked = false
    /// ` (leaked)` after the state: the runtime's goroutine leak detector (Go 1.26+) found it.
    var isLeaked = false
    var labels: ByteSlice?
    /// Bracket parts that are neither wait, lock nor scan (`synctest bubble 1`).
    var attributes: [ByteSlice] = []
  }

  /// `goroutine 7 [chan receive, 3 minutes, locked to thread]:`, with optional
  /// `gp=0x… m=N mp=0x…` fields before the bracket and labels (`{"k": "v"}`) inside or after it.
  static func header(_ line: ByteSlice) -> Header? {
    guard line.hasPrefix("goroutine "), line.last == UInt8(ascii: ":") else { return nil }
    let idLength = line.digitRun(from: 10)
    guard idLength > 0 else { return nil }
    // An id too large for 64 bits is damage: the goroutine is kept, without an id.
    let id = line[10..<(10 + idLength)].decimalValue() ?? -1
    var i = 10 + idLength
    // Fields such as `gp=0xc000007340 m=0 mp=0x5a4fa0` (Go 1.23+, system tracebacks).
    while i < line.count, line[i] == UInt8(ascii: " ") {
      i += 1
      guard i < line.count else { return nil }
      if line[i] == UInt8(ascii: "[") { break }
      let fieldStart = i
      while i < line.count, line[i] != UInt8(ascii: " ") { i += 1 }
      guard line[fieldStart..<i].contains(UInt8(ascii: "=")) else { return nil }
    }
    guard i < line.count, line[i] == UInt8(ascii: "[") else { return nil }
    guard let (close, isPlain) = closingBracket(in: line, from: i + 1) else { return nil }
    var header = Header(id: id, state: ByteSlice(base: line.base, count: 0))
    let after = line[(close + 1)..<(line.count - 1)]
    if !after.isEmpty {
      // Labels after the bracket: `goroutine 19 [chan receive] {k: "v"}:`.
      let trimmed = after.trimmingLeadingWhitespace()
      guard trimmed.first == UInt8(ascii: "{"), trimmed.last == UInt8(ascii: "}") else { return nil }
      header.labels = trimmed
    }
    var content = line[(i + 1)..<close]
    // Labels inside the bracket: `[running labels:{"k": "v"}]` (GODEBUG=tracebacklabels=1).
    if !isPlain, let labelStart = content.firstRange(of: "labels:{") {
      header.labels = content[(labelStart + 7)..<content.count]
      content = content.prefix(labelStart).trimmingTrailingWhitespace()
      if content.last == UInt8(ascii: ",") { content = content.dropLast(1) }
    }
    readBracket(content, into: &header)
    guard !header.state.isEmpty else { return nil }
    return header
  }

  /// Splits `chan receive (scan), 3 minutes, locked to thread` into its parts.
  static func readBracket(_ content: ByteSlice, into header: inout Header) {
    var partStart = 0
    var isFirst = true
    while partStart <= content.count {
      let comma = content.firstRange(of: ", ", from: partStart) ?? content.count
      let part = content[partStart..<comma]
      if isFirst {
        var state = part.hasSuffix(" (scan)") ? part.dropLast(7) : part
        // The same goroutine before and after a leak check: one state, counted as leaked.
        if state.hasSuffix(" (leaked)") {
          state = state.dropLast(9)
          header.isLeaked = true
        }
        header.state = state
        isFirst = false
      } else if part.equals("locked to thread") {
        header.isLocked = true
      } else if let minutes = waitMinutes(part) {
        header.waitMinutes = minutes
      } else if !part.isEmpty {
        header.attributes.append(part)
      }
      partStart = comma + 2
    }
  }

  /// `5 minutes` (the runtime always says minutes, even for 1).
  private static func waitMinutes(_ part: ByteSlice) -> Int? {
    let digits = part.digitRun(from: 0)
    guard digits > 0 else { return nil }
    let unit = part.dropFirst(digits)
    guard unit.equals(" minutes") || unit.equals(" minute") else { return nil }
    return part.prefix(digits).saturatingDecimalValue()
  }

  /// The index of the `]` closing the bracket opened just before `start`, skipping quoted label
  /// values and braces, which may contain brackets; `isPlain` when the bracket holds neither.
  private static func closingBracket(in line: ByteSlice, from start: Int) -> (index: Int, isPlain: Bool)? {
    // Usually no labels: the first `]` closes, unless a quote or brace comes before it. One
    // pass over a few bytes, where three searches cost more.
    var i = start
    while i < line.count {
      let byte = line[i]
      if byte == UInt8(ascii: "]") { return (i, true) }
      if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "{") { break }
      i += 1
    }
    i = start
    var depth = 0
    var inQuote = false
    while i < line.count {
      let byte = line[i]
      if inQuote {
        if byte == UInt8(ascii: "\\") {
          i += 1
        } else if byte == UInt8(ascii: "\"") {
          inQuote = false
        }
      } else if byte == UInt8(ascii: "\"") {
        inQuote = true
      } else if byte == UInt8(ascii: "{") {
        depth += 1
      } else if byte == UInt8(ascii: "}") {
        depth -= 1
      } else if byte == UInt8(ascii: "]"), depth <= 0 {
        return (i, false)
      }
      i += 1
    }
    return nil
  }

  struct Call {
    var function: ByteSlice
    var arguments: ByteSlice
  }

  /// `pkg.(*T).Method[...](0xc000010000, {0x1, 0x2}, ...)` or `pkg.inlined(...)`.
  static func call(_ line: ByteSlice) -> Call? {
    guard line.count >= 3, line.last == UInt8(ascii: ")") else { return nil }
    guard let open = lastOpeningParenthesis(line), isFunctionName(line.prefix(open)) else { return nil }
    return Call(function: line.prefix(open), arguments: line[(open + 1)..<(line.count - 1)])
  }

  /// Whether a call line may show `function` as its name. Function names never contain spaces;
  /// prose in parentheses does. Nor do they end in `)`: `f(a)(b)` is a damaged line, not a
  /// function named `f(a)`. Nor do they start as other shapes and markup do.
  static func isFunctionName(_ function: ByteSlice) -> Bool {
    guard let first = function.first, function.last != UInt8(ascii: ")"),
      !function.contains(UInt8(ascii: " ")), !function.contains(UInt8(ascii: "\t"))
    else {
      return false
    }
    switch first {
    case UInt8(ascii: "#"), UInt8(ascii: "["), UInt8(ascii: "("), UInt8(ascii: "{"),
      UInt8(ascii: "<"), UInt8(ascii: "\""), UInt8(ascii: "'"):
      return false
    default:
      return true
    }
  }

  /// Argument lists never contain parentheses, so the last `(` opens them; but a receiver such
  /// as `(*T)` must not be taken for them when the arguments are missing altogether.
  @inline(__always)
  static func lastOpeningParenthesis(_ line: ByteSlice) -> Int? {
    // The bytes before the closing `)`, a word at a time from the end.
    var end = line.count - 1
    let raw = UnsafeRawPointer(line.base)
    while end >= 8 {
      let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: end - 8, as: UInt64.self))
      let opening = ByteSearch.matches(in: word, of: ByteSearch.repeated(UInt8(ascii: "(")))
      let either = opening | ByteSearch.matches(in: word, of: ByteSearch.repeated(UInt8(ascii: ")")))
      if either != 0 {
        // The highest flagged byte is the last one in the line.
        let bit = 63 - either.leadingZeroBitCount
        return opening >> bit & 1 == 1 ? end - 8 + bit / 8 : nil
      }
      end -= 8
    }
    var i = end - 1
    while i >= 0 {
      let byte = line[i]
      if byte == UInt8(ascii: "(") { return i }
      if byte == UInt8(ascii: ")") { return nil }
      i -= 1
    }
    return nil
  }

  struct Location {
    var file: ByteSlice
    var line: Int
  }

  /// `/path/to/file.go:123 +0x1d fp=0x… sp=0x… pc=0x…`; the offset and frame registers are optional.
  ///
  /// The suffix words never contain `:`, so the last `:` separates file and line (a Windows
  /// drive's `D:` comes earlier).
  @inline(__always)
  static func location(_ text: ByteSlice) -> Location? {
    var colon = text.count - 1
    while colon > 0, text[colon] != UInt8(ascii: ":") { colon -= 1 }
    guard colon > 0 else { return nil }
    var i = colon + 1
    var line = 0
    while i < text.count, text[i] &- 0x30 < 10 {
      // A line number too large for 64 bits is kept as the largest one.
      if i - colon <= 18 { line = line &* 10 &+ Int(text[i] &- 0x30) } else { line = .max }
      i += 1
    }
    guard i > colon + 1 else { return nil }
    // Only offset and frame-register words may follow the line number.
    while i < text.count {
      guard text[i] == UInt8(ascii: " "), i + 3 < text.count else { return nil }
      let word = text.dropFirst(i + 1)
      guard word.hasPrefix("+0x") || word.hasPrefix("fp=") || word.hasPrefix("sp=") || word.hasPrefix("pc=")
      else { return nil }
      i += 4
      while i < text.count, text[i] != UInt8(ascii: " ") { i += 1 }
    }
    return Location(file: text.prefix(colon), line: line)
  }

  struct CreatedBy {
    var function: ByteSlice
    var creatorID: Int
  }

  /// `created by main.main` or `created by main.main in goroutine 1` (Go 1.21+).
  static func createdBy(_ line: ByteSlice) -> CreatedBy? {
    guard line.hasPrefix("created by ") else { return nil }
    let rest = line.dropFirst(11)
    guard let space = rest.firstIndex(of: UInt8(ascii: " ")) else {
      return rest.isEmpty ? nil : CreatedBy(function: rest, creatorID: -1)
    }
    guard let creatorID = creatorID(rest.dropFirst(space)) else { return nil }
    return CreatedBy(function: rest.prefix(space), creatorID: creatorID)
  }

  /// The creator's id in ` in goroutine 7`, the rest of a `created by` line after its function
  /// (-1 for an id too large for 64 bits).
  @inline(__always)
  static func creatorID(_ suffix: ByteSlice) -> Int? {
    let digits = suffix.dropFirst(14)
    guard suffix.hasPrefix(" in goroutine "), !digits.isEmpty, digits.digitRun(from: 0) == digits.count else {
      return nil
    }
    return digits.decimalValue() ?? -1
  }

  /// What a thread's section of a GOTRACEBACK=crash dump holds besides its goroutine:
  /// `PC=0x… m=2 sigcode=0` and register lines (`rax    0xca`, `rflags 0x246`).
  static func isCrashSectionLine(_ line: ByteSlice) -> Bool {
    if line.hasPrefix("PC=0x") { return true }
    guard let space = line.firstIndex(of: UInt8(ascii: " ")), space > 0, space <= 8 else { return false }
    let value = line.dropFirst(space).trimmingLeadingWhitespace()
    guard value.hasPrefix("0x"), value.count > 2 else { return false }
    for index in 2..<value.count where !isHexDigit(value[index]) { return false }
    return true
  }

  /// `...additional frames elided...` (Go ≤1.20) or `...12 frames elided...` (Go 1.21+).
  static func elision(_ line: ByteSlice) -> Int?? {
    guard line.hasPrefix("..."), line.hasSuffix("elided...") else { return nil }
    if line.equals("...additional frames elided...") { return .some(nil) }
    let digits = line.digitRun(from: 3)
    guard digits > 0, line.dropFirst(3 + digits).equals(" frames elided...") else { return nil }
    return .some(line[3..<(3 + digits)].saturatingDecimalValue())
  }

  /// `[originating from goroutine 66]:` (GODEBUG=tracebackancestors).
  static func ancestor(_ line: ByteSlice) -> Int? {
    guard line.hasPrefix("[originating from goroutine "), line.hasSuffix("]:") else { return nil }
    let digits = line[28..<(line.count - 2)]
    guard digits.saturatingDecimalValue() != nil else { return nil }
    return digits.decimalValue() ?? -1
  }

  /// goleak: `[Goroutine 7 in state chan receive, with main.leak on top of the stack:`.
  static func goleakEntry(_ line: ByteSlice) -> Header? {
    guard line.hasPrefix("[Goroutine ") || line.hasPrefix("Goroutine ") else { return nil }
    let start = line[0] == UInt8(ascii: "[") ? 11 : 10
    let digits = line.digitRun(from: start)
    guard digits > 0 else { return nil }
    let id = line[start..<(start + digits)].decimalValue() ?? -1
    let rest = line.dropFirst(start + digits)
    guard rest.hasPrefix(" in state "), let with = rest.firstRange(of: ", with ") else {
      return nil
    }
    var header = Header(id: id, state: ByteSlice(base: line.base, count: 0))
    readBracket(rest[10..<with], into: &header)
    return header.state.isEmpty ? nil : header
  }
}
