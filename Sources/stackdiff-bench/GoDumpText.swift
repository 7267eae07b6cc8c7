/// The lines every generated Go debug=2 dump writes the same way, as bytes: the goroutine
/// header, a frame's location line and the `created by` lines. The generators decide what goes
/// in them.
extension FileWriter {
  /// `goroutine 12 [chan receive, 37 minutes]:`: a quarter of goroutines show 1 to
  /// `maximumMinutes` minutes, as a runtime that has seen them wait long prints.
  mutating func writeGoroutineHeader(
    id: Int, state: [UInt8], maximumMinutes: Int, _ random: inout SplitMix64
  ) throws {
    try write(GoDumpText.goroutineWord)
    try writeDecimal(id)
    try write(GoDumpText.openState)
    try write(state)
    if random.below(4) == 0 {
      try write(GoDumpText.commaSpace)
      try writeDecimal(1 + random.below(maximumMinutes))
      try write(GoDumpText.minutesWord)
    }
    try write(GoDumpText.closeState)
  }

  /// `\n\tfile:line +0xOFF\n` after a frame's name and arguments; no offset for an inlined frame.
  mutating func writeLocation(file: [UInt8], line: Int, offset: Int?) throws {
    try write(GoDumpText.newlineTab)
    try write(file)
    try write(GoDumpText.colon)
    try writeDecimal(line)
    if let offset {
      try write(GoDumpText.offsetPrefix)
      try writeHex(offset, digits: 0)
    }
    try write(GoDumpText.newline)
  }

  /// `(w1, w2, …)` with `word` writing each argument word, or `(...)` for an inlined frame: the
  /// generators differ only in the words they draw.
  mutating func writeArguments(
    _ count: Int, inlined: Bool, word: (inout FileWriter) throws -> Void
  ) throws {
    if inlined {
      try write(GoDumpText.elidedArguments)
      return
    }
    try write(GoDumpText.openParen)
    for argument in 0..<count {
      if argument > 0 { try write(GoDumpText.commaSpace) }
      try word(&self)
    }
    try write(GoDumpText.closeParen)
  }

  /// `created by f in goroutine N` and its location line.
  mutating func writeCreatedBy(
    _ function: [UInt8], parent: Int, file: [UInt8], line: Int, offset: Int?
  ) throws {
    try write(GoDumpText.createdBy)
    try write(function)
    try write(GoDumpText.inGoroutine)
    try writeDecimal(parent)
    try writeLocation(file: file, line: line, offset: offset)
  }
}

/// Byte strings the generators share.
enum GoDumpText {
  static let goroutineWord = Array("goroutine ".utf8)
  static let openState = Array(" [".utf8)
  static let closeState = Array("]:\n".utf8)
  static let minutesWord = Array(" minutes".utf8)
  static let commaSpace = Array(", ".utf8)
  static let newline = Array("\n".utf8)
  static let newlineTab = Array("\n\t".utf8)
  static let colon = Array(":".utf8)
  static let offsetPrefix = Array(" +0x".utf8)
  static let elidedArguments = Array("(...)".utf8)
  static let openParen = Array("(".utf8)
  static let closeParen = Array(")".utf8)
  static let openBrace = Array("{".utf8)
  static let closeBrace = Array("}".utf8)
  static let hexPrefix = Array("0x".utf8)
  static let heapPrefix = Array("0xc000".utf8)
  static let question = Array("?".utf8)
  static let createdBy = Array("created by ".utf8)
  static let inGoroutine = Array(" in goroutine ".utf8)
}
