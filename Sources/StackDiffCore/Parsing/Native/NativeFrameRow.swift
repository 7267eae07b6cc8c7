/// One frame of a native crash trace, as the tools that print them lay it out. What is known
/// varies: a symbol or not, the image (a path or a file name), the offset of the address
/// within the image, the absolute address, a source location.
struct NativeFrameRow {
  var index = -1
  /// nil when the tool found none (`n/a`, `<unavailable>`, `??`) or printed none.
  var symbol: ByteSlice?
  /// nil when unknown (`<unknown>`) or not printed.
  var image: ByteSlice?
  /// The address's offset from the image's load address, when printed.
  var imageOffset: UInt64?
  var address: ByteSlice?
  var file: ByteSlice?
  var line = 0
}

/// The row shapes, read without regular expressions. Each takes a line with its indentation
/// removed and returns nil when the line is not that shape.
enum NativeRowShapes {
  /// systemd-coredump (`src/shared/elf-util.c`, `#%-2u 0x%016PRIx64 %s (%s + 0x%PRIx64)`):
  ///
  ///     #0  0x00007f0dadcf9361 $ss17_assertionFailure…F (libswiftCore.so + 0x2f9361)
  ///     #5  0x00007f0dad8b4105 n/a (/tmp/x/libwaiter.so + 0x1105)
  static func coredump(_ text: ByteSlice) -> NativeFrameRow? {
    guard let (found, rest) = numberedAddress(text), rest.last == UInt8(ascii: ")") else { return nil }
    var row = found
    guard let plus = rest.lastRange(of: " + 0x") else { return nil }
    let offset = rest[(plus + 5)..<(rest.count - 1)]
    guard let value = offset.hexValue(),
      let open = rest.prefix(plus).lastRange(of: " (") ?? openingParen(rest)
    else { return nil }
    let image = rest[(open + 2)..<plus]
    guard !image.isEmpty else { return nil }
    row.image = image.equals("n/a") ? nil : image
    row.imageOffset = value
    let symbol = rest.prefix(max(0, open)).trimmingWhitespace()
    row.symbol = symbol.isEmpty || symbol.equals("n/a") ? nil : symbol
    return row
  }

  /// A row whose symbol column is empty starts with the parenthesis: `(libfoo.so + 0x12)`.
  private static func openingParen(_ rest: ByteSlice) -> Int? {
    rest.first == UInt8(ascii: "(") ? -1 : nil
  }

  /// LLVM's symbolized trace (`llvm/lib/Support/Signals.cpp`, printSymbolizedStackTrace):
  ///
  ///     #0 0x000055df9d733ba8 llvm::sys::PrintStackTrace(llvm::raw_ostream&, int) /src/Signals.cpp:723:13
  ///     #1 0x000055df9d7316ee llvm::sys::RunSignalHandlers() (/usr/bin/swift-frontend+0x72ef6ee)
  ///     #2 0x000055d0a7cd11e7 (/usr/bin/swift-frontend+0x7cd1e7)
  ///     #3 0x00007f2a1c842520
  static func llvmSymbolized(_ text: ByteSlice) -> NativeFrameRow? {
    guard let (found, rest) = numberedAddress(text) else { return nil }
    var row = found
    guard !rest.isEmpty else { return row }
    if rest.last == UInt8(ascii: ")"), let plus = rest.lastRange(of: "+0x") {
      let open: Int?
      if rest.first == UInt8(ascii: "(") {
        open = -1
      } else {
        open = rest.prefix(plus).lastRange(of: " (")
      }
      if let open, let value = rest[(plus + 3)..<(rest.count - 1)].hexValue() {
        let image = rest[(open + 2)..<plus]
        if !image.isEmpty && image.firstRange(of: " + ") == nil {
          row.image = image
          row.imageOffset = value
          let symbol = rest.prefix(max(0, open)).trimmingWhitespace()
          row.symbol = symbol.isEmpty ? nil : symbol
          return row
        }
      }
      // `(image + 0x…)`: systemd's shape, not LLVM's.
      if rest.firstRange(of: " + 0x") != nil { return nil }
    }
    // `function file:line:column`: the location is the last word.
    var symbol = rest
    if let space = rest.lastIndex(of: 0x20), let location = sourceLocation(rest.dropFirst(space + 1)) {
      row.file = location.file
      row.line = location.line
      symbol = rest.prefix(space).trimmingWhitespace()
    }
    row.symbol = symbol.isEmpty || symbol.hasPrefix("??") ? nil : symbol
    return row
  }

  /// `/src/Signals.cpp:723:13`, `Signals.cpp:0:0`, `/src/x.swift:12`: a file and a line.
  private static func sourceLocation(_ word: ByteSlice) -> (file: ByteSlice, line: Int)? {
    guard let colon = word.firstIndex(of: UInt8(ascii: ":")), colon > 0 else { return nil }
    var rest = word.dropFirst(colon + 1)
    let digits = rest.digitRun(from: 0)
    guard digits > 0 else { return nil }
    let line = rest.prefix(digits).saturatingDecimalValue() ?? 0
    rest = rest.dropFirst(digits)
    if rest.first == UInt8(ascii: ":") {
      rest = rest.dropFirst(1)
      rest = rest.dropFirst(rest.digitRun(from: 0))
    }
    guard rest.isEmpty else { return nil }
    return (word.prefix(colon), line)
  }

  /// `#N 0xADDR` at the start of a row, and what follows the address.
  private static func numberedAddress(_ text: ByteSlice) -> (NativeFrameRow, ByteSlice)? {
    guard text.first == UInt8(ascii: "#") else { return nil }
    let digits = text.digitRun(from: 1)
    guard digits > 0, digits < 10, let index = text[1..<(1 + digits)].decimalValue() else { return nil }
    let afterIndex = text.dropFirst(1 + digits)
    guard afterIndex.first == 0x20 else { return nil }
    let rest = afterIndex.trimmingLeadingWhitespace()
    guard let address = hexWord(rest) else { return nil }
    var row = NativeFrameRow(index: index)
    row.address = address
    return (row, rest.dropFirst(address.count).trimmingWhitespace())
  }

  /// The dladdr shape: LLVM's unsymbolized trace (`Unix/Signals.inc`, `%-2d %-*s %#0*lx name + N`)
  /// and the Swift ≤5.8 runtime's `Current stack trace:` (`%-4u %-34s 0x%0.16lx %s + %td`):
  ///
  ///     0  llc       0x0000563b10540e29 llvm::sys::PrintStackTrace(llvm::raw_ostream&, int) + 57
  ///     1  llc       0x0000563b1053dc87
  ///     2    libswiftCore.so                    0x00007f5bd41c6eb1 <unavailable> + 4148913
  ///     3    <unknown>                          0x00007f5bd41c6eb1
  ///
  /// Only `<unavailable> + N` is an offset within the image; other offsets are the symbol's.
  ///
  /// With `allowsNoImage`, the runtime's rows whose image column is blank (a program dladdr
  /// could not name): `4                                       0x00005556a7b7b8aa <unavailable> + 18602`.
  static func dladdr(_ text: ByteSlice, allowsNoImage: Bool = false) -> NativeFrameRow? {
    let digits = text.digitRun(from: 0)
    guard digits > 0, digits < 10, digits < text.count, text[digits] == 0x20,
      let index = text.prefix(digits).decimalValue()
    else { return nil }
    var rest = text.dropFirst(digits).trimmingLeadingWhitespace()
    var image: ByteSlice?
    if !(allowsNoImage && rest.hasPrefix("0x")) {
      guard let imageEnd = rest.firstIndex(of: 0x20), imageEnd > 0, !rest.hasPrefix("0x"),
        !rest.hasPrefix("[")
      else { return nil }
      image = rest.prefix(imageEnd)
      rest = rest.dropFirst(imageEnd).trimmingLeadingWhitespace()
    }
    guard let address = hexWord(rest) else { return nil }
    var row = NativeFrameRow(index: index)
    row.image = image.map { $0.equals("<unknown>") ? nil : $0 } ?? nil
    row.address = address
    rest = rest.dropFirst(address.count).trimmingWhitespace()
    guard !rest.isEmpty else { return row }
    guard let plus = rest.lastRange(of: " + "), plus + 3 < rest.count,
      rest.digitRun(from: plus + 3) == rest.count - plus - 3
    else {
      row.symbol = rest
      return row
    }
    let symbol = rest.prefix(plus).trimmingWhitespace()
    if symbol.equals("<unavailable>") {
      row.imageOffset = rest.dropFirst(plus + 3).decimalValue().map(UInt64.init)
    } else if !symbol.isEmpty {
      row.symbol = symbol
    }
    return row
  }

  /// glibc's `backtrace_symbols_fd`, which LLVM prints when it cannot even use dladdr:
  ///
  ///     /usr/bin/swift-frontend(+0x72effe4)[0x57d9d5f42fe4]
  ///     /lib/x86_64-linux-gnu/libc.so.6(gsignal+0x10)[0x7f2a1c8429fc]
  ///     ./app[0x401136]
  static func backtraceSymbols(_ text: ByteSlice) -> NativeFrameRow? {
    guard text.last == UInt8(ascii: "]"), let open = text.lastIndex(of: UInt8(ascii: "[")), open > 0
    else {
      return nil
    }
    let address = text[(open + 1)..<(text.count - 1)]
    guard hexWord(address)?.count == address.count else { return nil }
    var row = NativeFrameRow()
    row.address = address
    var head = text.prefix(open)
    if head.last == UInt8(ascii: ")"), let paren = head.lastIndex(of: UInt8(ascii: "(")) {
      let inside = head[(paren + 1)..<(head.count - 1)]
      head = head.prefix(paren)
      if let plus = inside.lastRange(of: "+0x") {
        let symbol = inside.prefix(plus)
        if symbol.isEmpty {
          row.imageOffset = inside.dropFirst(plus + 3).hexValue()
        } else {
          row.symbol = symbol
        }
      } else if !inside.isEmpty {
        row.symbol = inside
      }
    }
    guard !head.isEmpty, !head.contains(0x20) else { return nil }
    row.image = head
    return row
  }

  /// swift-server/swift-backtrace (`Sources/Backtrace/Backtrace.swift`, libbacktrace's
  /// `backtrace_full`): `0x<pc>[, <demangled name>][ at <file>:<line>]`.
  ///
  ///     0x55f9ab8f1485, App.XBotViewController.addLog(Swift.String) -> () at /src/App/X.swift:459
  ///     0x7f66da7c741f
  static func swiftBacktracePackage(_ text: ByteSlice) -> NativeFrameRow? {
    guard let address = hexWord(text, endingAt: UInt8(ascii: ",")) else { return nil }
    var row = NativeFrameRow()
    row.address = address
    var rest = text.dropFirst(address.count)
    if rest.isEmpty { return row }
    guard rest.hasPrefix(", ") else { return nil }
    rest = rest.dropFirst(2).trimmingWhitespace()
    // The location is the last ` at <path>:<line>`; names may hold ` at ` themselves.
    if let at = rest.lastRange(of: " at "), let location = sourceLocation(rest.dropFirst(at + 4)) {
      row.file = location.file
      row.line = location.line
      rest = rest.prefix(at)
    }
    row.symbol = rest.isEmpty ? nil : rest
    return row
  }

  // MARK: Pieces

  /// `0x` and hex digits at the start of `text`, ending at its end, a space or `terminator`.
  static func hexWord(_ text: ByteSlice, endingAt terminator: UInt8 = 0x20) -> ByteSlice? {
    guard text.hasPrefix("0x") else { return nil }
    var end = 2
    while end < text.count, isHexDigit(text[end]) { end += 1 }
    guard end > 2, end <= 18, end == text.count || text[end] == 0x20 || text[end] == terminator else {
      return nil
    }
    return text.prefix(end)
  }

}
