/// Reads LLVM crash reports (`llvm/lib/Support/PrettyStackTrace.cpp`, `Signals.cpp`,
/// `Unix/Signals.inc`):
///
///     PLEASE submit a bug report to https://… and include the crash backtrace.
///     Stack dump:
///     0.	Program arguments: /opt/swift/usr/bin/swift-frontend -frontend -c …
///     1.	Swift version 6.3.1 (swift-6.3.1-RELEASE)
///      #0 0x000055d0a7cd11e7 llvm::sys::PrintStackTrace(llvm::raw_ostream&, int) (/opt/swift/usr/bin/swift-frontend+0x7cd1e7)
///      #1 0x00007f2a1c842520 (/lib/x86_64-linux-gnu/libc.so.6+0x42520)
///
/// or `Stack dump without symbol names (…):` and dladdr rows (`0  llc  0x… fn + 57`), or glibc's
/// (`/usr/bin/swift-frontend(+0x72effe4)[0x…]`). The stack is the crashing thread's: one trace,
/// marked crashed, one dump per report. The handler's own frames (`llvm::sys::PrintStackTrace`,
/// `SignalHandler(int)`) are flagged and hidden. Rows with no report line before them start a
/// report too (older tools print `Stack dump:` after the stack); a first row numbered above 0
/// is an excerpt that starts mid-stack, kept and reported at its line.
final class LLVMStackDumpParser: LineParser {
  let cursor: LineCursor
  private let builder: SnapshotBuilder
  private let writer: NativeTraceWriter

  private enum Section {
    case outside
    /// After `PLEASE submit…` or a `Stack dump…` line, before rows.
    case preamble
    /// The numbered context lines after `Stack dump:`.
    case context
    case frames
  }

  private var section = Section.outside
  private var reportHasTrace = false
  private let held = HeldLine()
  /// The tool's last error line (`LLVM ERROR: …`, `Assertion failed: …`), which a report follows.
  private var errorLine: (text: String, line: Int)?

  init(format: DumpFormat, builder: SnapshotBuilder, cursor: LineCursor) {
    self.builder = builder
    self.cursor = cursor
    writer = NativeTraceWriter(format: format, builder: builder)
  }

  var releasedLine: DeclinedLine { held.released }
  var isInsideTrace: Bool {
    if case .frames = section { return true }
    return false
  }

  func take(_ raw: ByteSlice) -> LineVerdict {
    let text = raw.trimmingWhitespace()
    if held.isHeld {
      if case .frames = section, let row = Self.row(text, inReport: true) {
        held.countAsDamage(in: builder)
        add(row)
        return .taken
      }
      endReport()
      return held.release()
    }
    if Self.isBugReportLine(text) {
      startReport()
      return .taken
    }
    if text.equals("Stack dump:") {
      // Older tools print it after the stack: the same report.
      if case .outside = section { startReport() }
      writer.finish()
      section = .context
      return .taken
    }
    if text.hasPrefix("Stack dump without symbol names") {
      if case .outside = section { startReport() }
      writer.finish()
      section = .preamble
      return .taken
    }
    let inReport: Bool
    if case .outside = section { inReport = false } else { inReport = true }
    if let row = Self.row(text, inReport: inReport) {
      if !inReport {
        startReport()
        // A stack that does not start at its innermost frame: an excerpt.
        if row.index != 0 { builder.noteUnknown(line: cursor.number) }
      } else if row.index == 0 && writer.frameCount > 0 {
        // A second stack: the next crash.
        startReport()
      }
      add(row)
      return .taken
    }
    switch section {
    case .outside:
      noteError(text)
      return .declined
    case .context:
      if Self.isContextLine(text) {
        let body = text.dropFirst(text.digitRun(from: 0) + 1).trimmingLeadingWhitespace()
        if body.hasPrefix("Program arguments: ") { builder.addEvent(body) }
        return .taken
      }
      if text.isEmpty { return .taken }
    case .preamble:
      if text.isEmpty { return .taken }
    case .frames:
      if text.isEmpty {
        writer.finish()
        return .taken
      }
      held.hold(raw, number: cursor.number)
      return .taken
    }
    endReport()
    return .declined
  }

  func finish() {
    held.forget()
    endReport()
  }

  private func add(_ row: NativeFrameRow) {
    if !writer.isActive {
      writer.begin(id: -1, isCrashed: true, continuesAfterProse: true)
      reportHasTrace = true
    }
    writer.add(row)
    section = .frames
  }

  private func startReport() {
    writer.finish()
    builder.finishSnapshot()
    section = .preamble
    reportHasTrace = false
    if let errorLine, cursor.number - errorLine.line <= 4 {
      var text = errorLine.text
      text.withUTF8 { builder.addEvent(ByteSlice(UnsafeRawBufferPointer($0))) }
    }
    errorLine = nil
  }

  private func endReport() {
    writer.finish()
    section = .outside
    reportHasTrace = false
  }

  private func noteError(_ text: ByteSlice) {
    for marker: StaticString in ["LLVM ERROR: ", "Assertion failed", "Assertion `", "UNREACHABLE executed"] {
      if text.firstRange(of: marker) != nil {
        errorLine = (text.prefix(400).string, cursor.number)
        return
      }
    }
  }

  // MARK: Line shapes

  /// A stack row of any of LLVM's shapes. Outside a report only the symbolized and dladdr shapes,
  /// with the full 16-digit addresses LLVM prints, start one.
  static func row(_ text: ByteSlice, inReport: Bool) -> NativeFrameRow? {
    if text.first == UInt8(ascii: "#") {
      guard let row = NativeRowShapes.llvmSymbolized(text) else { return nil }
      return inReport || row.address?.count == 18 ? row : nil
    }
    if let row = NativeRowShapes.dladdr(text) {
      return inReport || row.address?.count == 18 ? row : nil
    }
    return inReport ? NativeRowShapes.backtraceSymbols(text) : nil
  }

  /// `PLEASE submit a bug report to …` (LLVM), `Please submit a bug report (…)` (Swift).
  static func isBugReportLine(_ text: ByteSlice) -> Bool {
    text.hasPrefix("PLEASE submit a bug report") || text.hasPrefix("Please submit a bug report")
  }

  /// `0.	Program arguments: …`, `3.	While evaluating request …`.
  static func isContextLine(_ text: ByteSlice) -> Bool {
    let digits = text.digitRun(from: 0)
    return digits > 0 && digits < text.count && text[digits] == UInt8(ascii: ".")
      && (digits + 1 == text.count || text[digits + 1] == 0x09 || text[digits + 1] == 0x20)
  }
}
