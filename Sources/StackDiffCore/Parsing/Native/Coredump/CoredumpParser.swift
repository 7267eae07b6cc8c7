/// Reads systemd-coredump reports (`coredumpctl info`, `journalctl`, or the bare message):
///
///                PID: 12441 (coreprog)
///             Signal: 4 (ILL)
///         Executable: /tmp/cd/coreprog
///            Message: Process 12441 (coreprog) of user 0 dumped core.
///
///                     Module /tmp/cd/libwaiter.so from deb libwaiter-1.0-1.amd64
///                     Stack trace of thread 12441:
///                     #0  0x00007f0dadcf9361 $ss17_assertionFailure…F (libswiftCore.so + 0x2f9361)
///                     #5  0x00007f0dad8b4105 n/a (/tmp/cd/libwaiter.so + 0x1105)
///                     ELF object binary architecture: AMD x86-64
///
/// Any indentation. Every report is one dump; its first thread is the one that crashed. Header
/// fields, module lists (`Module … with build-id …`, `Module … from deb …`, `Metadata for module
/// … found: { … }`) and the architecture line are part of the report, not unknown lines. Rows
/// before any thread header (an excerpt that starts mid-thread) are kept as a trace of their
/// own and reported at their first line.
final class CoredumpParser: LineParser {
  let cursor: LineCursor
  private let builder: SnapshotBuilder
  private let writer: NativeTraceWriter

  private enum Section {
    case outside
    /// After `PID:` or `Process N (…) … dumped core.`, before a thread.
    case header
    case thread
    /// Inside `Metadata for module … found: {`, at this brace depth.
    case metadata(depth: Int)
  }

  private var section = Section.outside
  private var threadsInReport = 0
  private var reportHasPID = false
  private let held = HeldLine()

  init(format: DumpFormat, builder: SnapshotBuilder, cursor: LineCursor) {
    self.builder = builder
    self.cursor = cursor
    writer = NativeTraceWriter(format: format, builder: builder)
  }

  var releasedLine: DeclinedLine { held.released }
  var isInsideTrace: Bool {
    if case .thread = section { return true }
    return false
  }

  func take(_ raw: ByteSlice) -> LineVerdict {
    let text = raw.trimmingWhitespace()
    if held.isHeld {
      if case .thread = section, let row = NativeRowShapes.coredump(text) {
        held.countAsDamage(in: builder)
        writer.add(row)
        return .taken
      }
      endReport()
      return held.release()
    }
    if case .metadata(let depth) = section {
      let newDepth = depth + Self.braceBalance(text)
      section = newDepth > 0 ? .metadata(depth: newDepth) : .header
      return .taken
    }
    if let thread = Self.threadHeader(text) {
      beginThread(thread)
      return .taken
    }
    if let row = NativeRowShapes.coredump(text) {
      if case .thread = section {
        writer.add(row)
        return .taken
      }
      // Rows before any thread header: an excerpt that starts mid-thread.
      builder.noteUnknown(line: cursor.number)
      if case .outside = section { threadsInReport = 0 }
      writer.begin(id: -1, isCrashed: false, continuesAfterProse: threadsInReport > 0)
      threadsInReport += 1
      section = .thread
      writer.add(row)
      return .taken
    }
    if Self.isPIDField(text) {
      startReport()
      reportHasPID = true
      return .taken
    }
    if let message = Self.dumpedCore(text) {
      // The message of `coredumpctl info` continues its header; a journal line starts a report.
      if !(reportHasPID && threadsInReport == 0) { startReport() }
      builder.addEvent(message)
      return .taken
    }
    if case .outside = section { return .declined }
    if text.isEmpty { return .taken }
    if Self.isModuleLine(text) || text.hasPrefix("ELF object binary architecture: ") { return .taken }
    if text.hasPrefix("Metadata for module ") {
      let depth = Self.braceBalance(text)
      section = depth > 0 ? .metadata(depth: depth) : section
      return .taken
    }
    if case .header = section, let field = Self.headerField(text) {
      if field.equals("Signal") { builder.addEvent(text) }
      return .taken
    }
    if case .thread = section {
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

  // MARK: Reports and threads

  private func startReport() {
    writer.finish()
    // A report is one dump, whatever came before it.
    builder.finishSnapshot()
    section = .header
    threadsInReport = 0
    reportHasPID = false
  }

  private func endReport() {
    writer.finish()
    section = .outside
    threadsInReport = 0
    reportHasPID = false
  }

  private func beginThread(_ tid: Int) {
    if case .outside = section { startReport() }
    if builder.isRepeated(traceID: tid) {
      // The same thread again: the next report, without a header.
      startReport()
      _ = builder.isRepeated(traceID: tid)
    }
    // systemd lists the thread that crashed first.
    writer.begin(id: tid, isCrashed: threadsInReport == 0, continuesAfterProse: threadsInReport > 0)
    threadsInReport += 1
    section = .thread
  }

  // MARK: Line shapes

  /// `Stack trace of thread 12441:`: the thread id.
  static func threadHeader(_ text: ByteSlice) -> Int? {
    guard text.hasPrefix("Stack trace of thread "), text.last == UInt8(ascii: ":") else { return nil }
    let digits = text.digitRun(from: 22)
    guard digits > 0, let tid = text[22..<(22 + digits)].saturatingDecimalValue() else { return nil }
    let rest = text[(22 + digits)..<(text.count - 1)]
    // Some versions name the thread: `Stack trace of thread 12441 (worker):`.
    guard rest.isEmpty || (rest.hasPrefix(" (") && rest.last == UInt8(ascii: ")")) else { return nil }
    return tid
  }

  /// `PID: 12441 (coreprog)`: the first field of `coredumpctl info`.
  static func isPIDField(_ text: ByteSlice) -> Bool {
    guard text.hasPrefix("PID: ") else { return false }
    let digits = text.digitRun(from: 5)
    return digits > 0 && (text.count == 5 + digits || text.dropFirst(5 + digits).hasPrefix(" ("))
  }

  /// `Process 12441 (coreprog) of user 0 dumped core.`, alone or after `Message: `: the text
  /// from `Process`.
  static func dumpedCore(_ text: ByteSlice) -> ByteSlice? {
    var rest = text
    if rest.hasPrefix("Message: ") { rest = rest.dropFirst(9).trimmingLeadingWhitespace() }
    guard rest.hasPrefix("Process "), rest.digitRun(from: 8) > 0, rest.hasSuffix(" dumped core.") else {
      return nil
    }
    return rest
  }

  /// `Module libfoo.so with build-id 1a2b…`, `Module /x/libfoo.so from deb foo-1.0`, `Module x
  /// without build-id.`, `Found module x with build-id: …`.
  static func isModuleLine(_ text: ByteSlice) -> Bool {
    guard text.hasPrefix("Module ") || text.hasPrefix("Found module ") else { return false }
    return text.firstRange(of: " with build-id") != nil || text.firstRange(of: " without build-id") != nil
      || text.firstRange(of: " from ") != nil
  }

  /// The fields `coredumpctl info` prints before the message: `Signal: 4 (ILL)` → `Signal`.
  static func headerField(_ text: ByteSlice) -> ByteSlice? {
    guard let colon = text.firstRange(of: ": ") ?? (text.last == UInt8(ascii: ":") ? text.count - 1 : nil),
      colon > 0, colon <= 16
    else { return nil }
    let name = text.prefix(colon)
    for index in 0..<name.count {
      let byte = name[index]
      guard byte == 0x20 || byte == UInt8(ascii: "-") || (byte | 0x20) &- 0x61 < 26 else { return nil }
    }
    guard let first = name.first, first &- 0x41 < 26 || first == UInt8(ascii: "b") else { return nil }
    return name
  }

  private static func braceBalance(_ text: ByteSlice) -> Int {
    var balance = 0
    for index in 0..<text.count {
      if text[index] == UInt8(ascii: "{") {
        balance += 1
      } else if text[index] == UInt8(ascii: "}") {
        balance -= 1
      }
    }
    return balance
  }
}
