/// One frame row of the runtime backtracer's text report, cut into its columns:
///
///     <index> [<attributes>] [0x<address>] <symbol>[ + <offset>][ in <image>][ at <file>:<line>[:<column>]]
///
/// as `BacktraceFormatter` lays it out (attributes and the address are optional: the friendly
/// preset drops them), or a truncation row (`...`, or `<index>   ...` with `symbolicate=off`).
/// Text after the location (a logger's suffix) is ignored.
struct SwiftBacktraceRow {
  var index: Int
  var isTruncation = false
  var flags = FrameFlags()
  var address: ByteSlice?
  /// Empty for rows with only an address (`symbolicate=off`).
  var symbol = ByteSlice(base: ByteSlice.emptyBase, count: 0)
  var image: ByteSlice?
  var file: ByteSlice?
  var line = 0

  /// Reads `line` (leading whitespace removed) as a row; nil when it is not one.
  static func parse(_ line: ByteSlice) -> SwiftBacktraceRow? {
    if line.hasPrefix("...") && line.dropFirst(3).trimmingWhitespace().isEmpty {
      return SwiftBacktraceRow(index: -1, isTruncation: true)
    }
    let digits = line.digitRun(from: 0)
    guard digits > 0, digits < 10, digits < line.count, line[digits] == 0x20 else { return nil }
    var row = SwiftBacktraceRow(index: line.prefix(digits).decimalValue() ?? 0)
    var rest = line.dropFirst(digits).trimmingLeadingWhitespace()
    if rest.hasPrefix("...") && rest.dropFirst(3).trimmingWhitespace().isEmpty {
      row.isTruncation = true
      return row
    }
    // A source snippet line (`44|`, `44│`) is not a frame.
    if rest.first == UInt8(ascii: "|") || rest.hasPrefix("│") { return nil }
    while rest.first == UInt8(ascii: "[") {
      guard let close = rest.firstIndex(of: UInt8(ascii: "]")) else { return nil }
      switch rest[1..<close] {
      case let name where name.equals("ra"): break
      case let name where name.equals("async"): row.flags.insert(.async)
      case let name where name.equals("inlined"): row.flags.insert(.inlined)
      case let name where name.equals("thunk"): row.flags.insert(.thunk)
      case let name where name.equals("system"): row.flags.insert(.system)
      default: return nil
      }
      rest = rest.dropFirst(close + 1).trimmingLeadingWhitespace()
    }
    if rest.hasPrefix("0x") {
      let end = 2 + rest.hexDigitRun(from: 2)
      guard end > 2, end == rest.count || rest[end] == 0x20 else { return nil }
      row.address = rest.prefix(end)
      rest = rest.dropFirst(end).trimmingLeadingWhitespace()
    }
    rest = rest.trimmingTrailingWhitespace()
    guard !rest.isEmpty else {
      // `symbolicate=off`: only the address.
      return row.address == nil ? nil : row
    }
    row.readSymbolColumns(rest)
    return row
  }

  /// `<symbol>[ + <offset>][ in <image>][ at <location>]`. Symbols contain ` in `
  /// (`closure #1 in f()`), so the offset anchors the columns when there is one; frames without
  /// one (async resume points, inlined frames) are read from the location backwards.
  private mutating func readSymbolColumns(_ text: ByteSlice) {
    if let (offsetStart, offsetEnd) = Self.offset(in: text) {
      symbol = text.prefix(offsetStart)
      var after = text.dropFirst(offsetEnd)
      if after.hasPrefix(" in ") {
        let token = after.dropFirst(4)
        let length = token.firstIndex(of: 0x20) ?? token.count
        image = token.prefix(length)
        after = token.dropFirst(length)
      }
      if after.hasPrefix(" at "), let location = Self.location(after.dropFirst(4)) {
        file = location.file
        line = location.line
      }
      return
    }
    var head = text
    if let at = Self.locationStart(in: text), let location = Self.location(text.dropFirst(at + 4)) {
      file = location.file
      line = location.line
      head = text.prefix(at)
    }
    // The image is the last ` in <token>` that runs to the end of what is left.
    if let inStart = head.lastRange(of: " in ") {
      let token = head.dropFirst(inStart + 4)
      // Image names hold no spaces or parentheses: `closure #1 in Handler.run()` has no image.
      if !token.isEmpty && !token.contains(0x20) && !token.contains(UInt8(ascii: "("))
        && !token.contains(UInt8(ascii: ")"))
      {
        image = token
        head = head.prefix(inStart)
      }
    }
    symbol = head
  }

  /// ` + 123` or ` - 123` followed by the end or a space: the byte range of the whole offset.
  private static func offset(in text: ByteSlice) -> (Int, Int)? {
    var from = 0
    while let plus = text.firstRange(of: " + ", from: from) {
      if let end = offsetEnd(text, digitsAt: plus + 3) { return (plus, end) }
      from = plus + 1
    }
    from = 0
    while let minus = text.firstRange(of: " - ", from: from) {
      if let end = offsetEnd(text, digitsAt: minus + 3) { return (minus, end) }
      from = minus + 1
    }
    return nil
  }

  private static func offsetEnd(_ text: ByteSlice, digitsAt start: Int) -> Int? {
    let digits = text.digitRun(from: start)
    guard digits > 0 else { return nil }
    let end = start + digits
    return end == text.count || text[end] == 0x20 ? end : nil
  }

  /// The first ` at ` that a location follows.
  private static func locationStart(in text: ByteSlice) -> Int? {
    var from = 0
    while let at = text.firstRange(of: " at ", from: from) {
      if location(text.dropFirst(at + 4)) != nil { return at }
      from = at + 1
    }
    return nil
  }

  /// `/path/file.swift:12:5`, `/path/file.swift:12`, `//<compiler-generated>`; anything after a
  /// space that follows the location is ignored.
  static func location(_ text: ByteSlice) -> (file: ByteSlice, line: Int)? {
    guard let first = text.first, first != 0x20 else { return nil }
    // Absolute paths may hold spaces (`/Users/Jo Doe/…`); other text before a colon may not.
    let isAbsolute = first == UInt8(ascii: "/")
    var colon = 0
    while let found = text.firstIndex(of: UInt8(ascii: ":"), from: colon) {
      if !isAbsolute && text.prefix(found).contains(0x20) { return nil }
      let digits = text.digitRun(from: found + 1)
      if digits > 0 {
        var end = found + 1 + digits
        if end < text.count, text[end] == UInt8(ascii: ":") { end += 1 + text.digitRun(from: end + 1) }
        if end == text.count || text[end] == 0x20 {
          let line = text[(found + 1)..<(found + 1 + digits)].saturatingDecimalValue() ?? 0
          return (normalizedFile(text.prefix(found)), line)
        }
      }
      colon = found + 1
    }
    // No line: `//<compiler-generated>`.
    let length = text.firstIndex(of: 0x20) ?? text.count
    let file = text.prefix(length)
    guard file.hasPrefix("/") || file.hasPrefix("<") else { return nil }
    return (normalizedFile(file), 0)
  }

  /// `//<compiler-generated>` as lldb spells it: `<compiler-generated>`.
  private static func normalizedFile(_ file: ByteSlice) -> ByteSlice {
    file.hasPrefix("//<") ? file.dropFirst(2) : file
  }

}
