/// The lines of an Apple crash report's text, read without regular expressions:
///
///     Process:               OrderServer [4242]
///     Exception Type:        EXC_BREAKPOINT (SIGTRAP)
///     Thread 0::  Dispatch queue: com.apple.main-thread
///     Thread 3 Crashed::  Dispatch queue: com.example.orders.ingest
///     Thread 6:: NIO-ELT-0-#0
///     Thread 0 name:  Dispatch queue: com.apple.main-thread       (older reports, before its header)
///     Thread 0 Crashed:                                           (older reports)
///     Thread 1:
///     0   libsystem_kernel.dylib        	       0x18c3a5f9c mach_msg2_trap + 8
///     1   OrderServer                   	       0x1004a1f28 OrderValidator.validate(order:) + 412 (OrderValidator.swift:46)
///     2   OrderServer                   	       0x1004b9a10 SelectableEventLoop.runOnce() (SelectableEventLoop.swift:478) [inlined]
///     5   OrderServer                   	       0x1004a6a1c 0x10049c000 + 43548
///     Thread 3 crashed with ARM Thread State (64-bit):
///     Binary Images:
///            0x10049c000 -        0x1004d7fff OrderServer (*) <…> /Users/USER/*/OrderServer
///
/// Lines are given with surrounding whitespace removed.
enum AppleCrashLineShapes {
  struct ThreadHeader {
    var index: Int
    var isCrashed: Bool
    /// The thread's name, else its Dispatch queue (`AppleCrashNaming.threadName`).
    var name: ByteSlice?
    /// `Thread 6:: …`: the double colon no other dump prints.
    var hasDoubleColon: Bool
  }

  /// `Thread 3 Crashed::  Dispatch queue: q`, `Thread 6:: name`, `Thread 1:`, `Thread 0 Crashed:`.
  static func threadHeader(_ text: ByteSlice) -> ThreadHeader? {
    guard text.hasPrefix("Thread "), let (index, afterIndex) = threadIndex(text) else { return nil }
    var rest = text.dropFirst(afterIndex)
    var isCrashed = false
    if rest.hasPrefix(" Crashed") {
      isCrashed = true
      rest = rest.dropFirst(8)
    }
    guard rest.first == UInt8(ascii: ":") else { return nil }
    if rest.count == 1 {
      return ThreadHeader(index: index, isCrashed: isCrashed, name: nil, hasDoubleColon: false)
    }
    guard rest[1] == UInt8(ascii: ":") else { return nil }
    return ThreadHeader(
      index: index, isCrashed: isCrashed, name: threadName(label: rest.dropFirst(2)), hasDoubleColon: true)
  }

  /// `Thread 0 name:  Dispatch queue: com.apple.main-thread`, `Thread 5 name:  KSCrash Handler`:
  /// the name of the thread whose header follows.
  static func threadNameLine(_ text: ByteSlice) -> (index: Int, name: ByteSlice?)? {
    guard text.hasPrefix("Thread "), let (index, afterIndex) = threadIndex(text) else { return nil }
    let rest = text.dropFirst(afterIndex)
    guard rest.hasPrefix(" name:") else { return nil }
    return (index, threadName(label: rest.dropFirst(6)))
  }

  /// `Thread 3 crashed with ARM Thread State (64-bit):`, `… X86 Thread State (64-bit):`.
  static func isRegisterHeader(_ text: ByteSlice) -> Bool {
    guard text.hasPrefix("Thread "), let (_, afterIndex) = threadIndex(text) else { return false }
    return text.dropFirst(afterIndex).hasPrefix(" crashed with ") && text.last == UInt8(ascii: ":")
  }

  /// The digits after `Thread `: the index and where it ends.
  private static func threadIndex(_ text: ByteSlice) -> (Int, Int)? {
    let digits = text.digitRun(from: 7)
    guard digits > 0, digits < 10, let index = text[7..<(7 + digits)].decimalValue() else { return nil }
    return (index, 7 + digits)
  }

  /// What follows `::` or `name:`: `  Dispatch queue: com.apple.main-thread`, ` NIO-ELT-0-#0`,
  /// ` worker Dispatch queue: q`. The name when there is one, else the queue, without the
  /// `(QOS: …)` older reports add to it.
  static func threadName(label: ByteSlice) -> ByteSlice? {
    var name = label.trimmingWhitespace()
    var queue: ByteSlice?
    if let start = name.firstRange(of: "Dispatch queue:") {
      var value = name.dropFirst(start + 15).trimmingWhitespace()
      if value.last == UInt8(ascii: ")"), let qos = value.firstRange(of: " (QOS: ") {
        value = value.prefix(qos)
      }
      queue = value
      name = name.prefix(start).trimmingWhitespace()
    }
    if !name.isEmpty { return name }
    if let queue, !queue.isEmpty { return queue }
    return nil
  }

  struct FrameRow {
    var index: Int
    /// As printed, padding removed: `libsystem_kernel.dylib`, `OrderServer`, `com.apple.AppKit`.
    var image: ByteSlice
    /// Nil for a row without a symbol, whose `imageOffset` names it.
    var symbol: ByteSlice?
    /// `0xBASE + offset`: the address's offset in its image (nil when the row prints neither).
    var imageOffset: UInt64?
    /// The address alone, for a row that prints nothing after it.
    var address: ByteSlice
    var file: ByteSlice?
    var line = 0
    var isInlined = false
  }

  /// `N   image   0xADDR symbol + off[ (file:line)][ [inlined]]` or `N   image   0xADDR 0xBASE + off`.
  /// The image column is padded with spaces and a tab and may itself hold spaces; the address
  /// is the first `0x…` word after it.
  static func frameRow(_ text: ByteSlice) -> FrameRow? {
    let digits = text.digitRun(from: 0)
    guard digits > 0, digits < 10, digits < text.count, text[digits] == 0x20 || text[digits] == 0x09,
      let index = text.prefix(digits).decimalValue()
    else { return nil }
    let rest = text.dropFirst(digits).trimmingLeadingWhitespace()
    guard let (addressStart, addressEnd) = addressColumn(in: rest) else { return nil }
    let image = rest.prefix(addressStart).trimmingTrailingWhitespace()
    guard let first = image.first, isImageStart(first), !image.hasPrefix("0x") else { return nil }
    var row = FrameRow(index: index, image: image, address: rest[addressStart..<addressEnd])
    let after = rest.dropFirst(addressEnd).trimmingWhitespace()
    if after.isEmpty { return row }
    if let offset = baseAndOffset(after) {
      row.imageOffset = offset
      return row
    }
    readSymbol(after, into: &row)
    // A symbol is never an address: `1 @ 0x43e4ce 0x44e1d9 …` is a pprof record.
    guard let symbol = row.symbol, !symbol.hasPrefix("0x") else { return nil }
    return row
  }

  /// Image names start with a letter, a digit, `_` or `.`, or are `???`; not with the `[` of
  /// the backtracer's `[ra]` or the `@` of a pprof record.
  private static func isImageStart(_ byte: UInt8) -> Bool {
    (byte | 0x20) &- UInt8(ascii: "a") < 26 || byte &- 0x30 < 10 || byte == UInt8(ascii: "_")
      || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "?")
  }

  /// The first `0x<hex>` word that follows whitespace and is followed by a space or the end;
  /// never at the very start, where the image must be.
  private static func addressColumn(in text: ByteSlice) -> (Int, Int)? {
    var from = 1
    while let start = text.firstRange(of: "0x", from: from) {
      from = start + 1
      guard text[start - 1] == 0x20 || text[start - 1] == 0x09 else { continue }
      let end = start + 2 + text.hexDigitRun(from: start + 2)
      if end > start + 2, end == text.count || text[end] == 0x20 { return (start, end) }
    }
    return nil
  }

  /// `0x10049c000 + 43548` (or `0 + 4313228176` for an image the report could not name): the
  /// decimal offset of the address in its image.
  private static func baseAndOffset(_ text: ByteSlice) -> UInt64? {
    var base = 0
    if text.hasPrefix("0x") {
      base = 2 + text.hexDigitRun(from: 2)
      guard base > 2 else { return nil }
    } else {
      base = text.digitRun(from: 0)
      guard base > 0 else { return nil }
    }
    let rest = text.dropFirst(base)
    guard rest.hasPrefix(" + ") else { return nil }
    let offset = rest.dropFirst(3)
    guard offset.digitRun(from: 0) == offset.count, let value = offset.decimalValue() else { return nil }
    return UInt64(value)
  }

  /// `symbol + 412 (File.swift:46) [inlined]`, each suffix optional, read from the right:
  /// symbols hold spaces, parentheses and even ` + ` (`std::__terminate(void (*)()) + 20`).
  private static func readSymbol(_ text: ByteSlice, into row: inout FrameRow) {
    var rest = text
    if rest.hasSuffix(" [inlined]") {
      row.isInlined = true
      rest = rest.dropLast(10).trimmingTrailingWhitespace()
    }
    if rest.last == UInt8(ascii: ")"), let open = rest.lastRange(of: " ("),
      let location = sourceLocation(rest[(open + 2)..<(rest.count - 1)])
    {
      row.file = location.file
      row.line = location.line
      rest = rest.prefix(open)
    }
    if let plus = rest.lastRange(of: " + ") {
      let offset = rest.dropFirst(plus + 3)
      if !offset.isEmpty, offset.digitRun(from: 0) == offset.count { rest = rest.prefix(plus) }
    }
    rest = rest.trimmingWhitespace()
    if !rest.isEmpty { row.symbol = rest }
  }

  /// `OrderValidator.swift:46`, `<compiler-generated>:0`: a file without spaces or parentheses
  /// and a line number.
  private static func sourceLocation(_ text: ByteSlice) -> (file: ByteSlice, line: Int)? {
    guard let colon = text.lastIndex(of: UInt8(ascii: ":")), colon > 0 else { return nil }
    let number = text.dropFirst(colon + 1)
    guard number.digitRun(from: 0) == number.count, let line = number.saturatingDecimalValue() else {
      return nil
    }
    let file = text.prefix(colon)
    guard !file.contains(0x20), !file.contains(UInt8(ascii: "(")) else { return nil }
    return (file, line)
  }

  /// `Process:               OrderServer [4242]`: a header field, its key and its value. Keys
  /// start with a capital and hold letters, digits, spaces and `/-()._`; the colon is followed
  /// by whitespace or the end of the line.
  static func headerField(_ text: ByteSlice) -> (key: ByteSlice, value: ByteSlice)? {
    guard let first = text.first, first &- UInt8(ascii: "A") < 26,
      let colon = text.firstIndex(of: UInt8(ascii: ":")), colon <= 48
    else { return nil }
    for index in 1..<colon {
      let byte = text[index]
      let isLetter = (byte | 0x20) &- UInt8(ascii: "a") < 26
      let isDigit = byte &- 0x30 < 10
      switch byte {
      case 0x20, UInt8(ascii: "/"), UInt8(ascii: "-"), UInt8(ascii: "("), UInt8(ascii: ")"),
        UInt8(ascii: "."), UInt8(ascii: "_"):
        continue
      default:
        guard isLetter || isDigit else { return nil }
      }
    }
    let after = text.dropFirst(colon + 1)
    guard after.isEmpty || after[0] == 0x20 || after[0] == 0x09 else { return nil }
    return (text.prefix(colon), after.trimmingWhitespace())
  }

  /// A field that begins a report: `Process:  OrderServer [4242]` (a name and a process id),
  /// `Incident Identifier:`, or the banner Console puts above a translated report.
  static func startsReport(_ text: ByteSlice) -> Bool {
    if text.equals("Translated Report (Full Report Below)") { return true }
    guard let (key, value) = headerField(text) else { return false }
    if key.equals("Process") {
      guard value.last == UInt8(ascii: "]"), let open = value.lastRange(of: " [") else { return false }
      let pid = value[(open + 2)..<(value.count - 1)]
      return !pid.isEmpty && pid.digitRun(from: 0) == pid.count
    }
    return
      (key.equals("Incident Identifier") || key.equals("Crashed Thread") || key.equals("Exception Type")
      || key.equals("Triggered by Thread")) && !value.isEmpty
  }

  /// `Process:` → `OrderServer`: the name before ` [pid]`.
  static func processName(_ value: ByteSlice) -> ByteSlice {
    guard let open = value.lastRange(of: " [") else { return value }
    return value.prefix(open).trimmingTrailingWhitespace()
  }

  /// A register of the crashed thread's state: `x0: 0x0000…`, `rax: 0x…`, `cpsr: 0x60001000`.
  static func isRegister(_ text: ByteSlice) -> Bool {
    var length = 0
    while length < text.count, length <= 8,
      (text[length] | 0x20) &- UInt8(ascii: "a") < 26 || text[length] &- 0x30 < 10
    {
      length += 1
    }
    return length > 0 && text.dropFirst(length).hasPrefix(": 0x")
  }

  /// `0x10049c000 -        0x1004d7fff OrderServer (*) <…> /path`, and older reports'
  /// `0x1000 - 0x1fff +MyApp x86_64 (1.0) <…> /path`.
  static func isBinaryImage(_ text: ByteSlice) -> Bool {
    guard text.hasPrefix("0x") else { return false }
    let end = 2 + text.hexDigitRun(from: 2)
    return end > 2 && text.dropFirst(end).trimmingLeadingWhitespace().hasPrefix("-")
  }

  /// Sections after the threads that hold nothing to read: skipped to their end.
  static func isTrailerTitle(_ text: ByteSlice) -> Bool {
    text.equals("External Modification Summary:") || text.equals("VM Region Summary:")
      || text.equals("Full Report") || text.hasPrefix("-----") || text.hasPrefix("Model: ")
      || text.equals("System Profile:") || text.equals("Extra Information:")
  }

}
