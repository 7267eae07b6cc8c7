/// Reads the crash traces of Swift ≤ 5.8 servers:
///
///     Received signal 11. Backtrace:
///     0x55f9abdef472, Backtrace.(printBacktrace in _B82A…)(signal: Swift.Int32) -> () at /x/.build/checkouts/swift-backtrace/Sources/Backtrace/Backtrace.swift:66
///     0x7f66da7c741f
///     0x55f9ab8f1485, App.XBotViewController.addLog(Swift.String) -> () at /x/Sources/App/XBot.swift:459
///
///     main.swift:62: Fatal error: negative total -3
///     Current stack trace:
///     0    libswiftCore.so                    0x00007f5bd4220a30 $ss17_assertionFailure… + 300
///     2    libswiftCore.so                    0x00007f5bd41c6eb1 <unavailable> + 4148913
///
/// Each is one dump of one trace, the crashing thread, marked crashed; the `Fatal error:` line
/// or the signal is its event. The package prints full demanglings (`Swift.String`), the runtime
/// simplified or mangled names; frames without a name are identified by `image+offset`
/// (`<unavailable> + N`) or, for the package's bare `0x…` rows, by their address. Package rows
/// right after a `Fatal error:` line (the package installed on a fatal error without a header)
/// start a dump; `0x…, name` rows with nothing before them are an excerpt, kept and reported.
final class SwiftBacktracePackageParser: LineParser {
  let cursor: LineCursor
  private let builder: SnapshotBuilder
  private let writer: NativeTraceWriter

  private enum Section {
    case outside
    /// `Received signal N. Backtrace:` rows: `0x…[, name[ at file:line]]`.
    case package
    /// `Current stack trace:` rows: `N  image  0x… name + offset`.
    case runtime
  }

  private var section = Section.outside
  private let held = HeldLine()
  /// The program's last `Fatal error: …` line, which a trace may follow.
  private var fatalError: (text: String, line: Int)?

  init(format: DumpFormat, builder: SnapshotBuilder, cursor: LineCursor) {
    self.builder = builder
    self.cursor = cursor
    writer = NativeTraceWriter(format: format, builder: builder)
  }

  var releasedLine: DeclinedLine { held.released }
  var isInsideTrace: Bool {
    if case .outside = section { return false }
    return true
  }

  func take(_ raw: ByteSlice) -> LineVerdict {
    let text = raw.trimmingWhitespace()
    if held.isHeld {
      if let row = row(text) {
        held.countAsDamage(in: builder)
        writer.add(row)
        return .taken
      }
      endDump()
      return held.release()
    }
    if let signal = Self.receivedSignal(text) {
      startDump(.package, event: signal)
      return .taken
    }
    if text.equals("Current stack trace:") {
      startDump(.runtime, event: nil)
      return .taken
    }
    if case .outside = section {
      if let row = NativeRowShapes.swiftBacktracePackage(text) {
        if let fatalError, cursor.number - fatalError.line <= 2 {
          startDump(.package, event: nil)
        } else if row.symbol != nil {
          // Rows with no header above them: an excerpt from the middle of a trace.
          startDump(.package, event: nil)
          builder.noteUnknown(line: cursor.number)
        } else {
          return .declined
        }
        writer.add(row)
        return .taken
      }
      noteFatalError(text)
      return .declined
    }
    if let row = row(text) {
      writer.add(row)
      return .taken
    }
    if text.isEmpty || writer.frameCount == 0 {
      endDump()
      return .declined
    }
    held.hold(raw, number: cursor.number)
    return .taken
  }

  func finish() {
    held.forget()
    endDump()
  }

  private func row(_ text: ByteSlice) -> NativeFrameRow? {
    switch section {
    case .outside: return nil
    case .package: return NativeRowShapes.swiftBacktracePackage(text)
    case .runtime: return NativeRowShapes.dladdr(text, allowsNoImage: true)
    }
  }

  private func startDump(_ kind: Section, event: ByteSlice?) {
    writer.finish()
    builder.finishSnapshot()
    if var fatalError, cursor.number - fatalError.line <= 4 {
      fatalError.text.withUTF8 { builder.addEvent(ByteSlice(UnsafeRawBufferPointer($0))) }
    }
    fatalError = nil
    if let event { builder.addEvent(event) }
    writer.begin(id: -1, isCrashed: true, continuesAfterProse: false)
    section = kind
  }

  private func endDump() {
    writer.finish()
    section = .outside
  }

  private func noteFatalError(_ text: ByteSlice) {
    for marker: StaticString in [
      "Fatal error: ", "fatal error: ", "Precondition failed: ", "Assertion failed: ",
    ] {
      if text.firstRange(of: marker) != nil {
        fatalError = (text.prefix(400).string, cursor.number)
        return
      }
    }
  }

  // MARK: Line shapes

  /// `Received signal 4. Backtrace:` → `Received signal 4`.
  static func receivedSignal(_ text: ByteSlice) -> ByteSlice? {
    guard text.hasPrefix("Received signal "), text.hasSuffix(". Backtrace:") else { return nil }
    let digits = text.digitRun(from: 16)
    guard digits > 0, 16 + digits + 12 == text.count else { return nil }
    return text.prefix(16 + digits)
  }
}
