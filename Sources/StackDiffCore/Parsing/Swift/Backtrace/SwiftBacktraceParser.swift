/// Reads the runtime backtracer's text reports:
///
///     *** Signal 3: Backtracing from 0x7fac2bf14545... done ***
///
///     *** Program crashed: Terminated at 0x0000000000006abc ***
///
///     Platform: x86_64 Linux (Debian GNU/Linux 12 (bookworm))
///
///     Thread 0 "continuations" crashed:
///
///       0      0x00007fac2bf14545 clock_nanosleep@@GLIBC_2.17 + 101 in libc.so.6
///       1 [ra] 0x0000555f6cde7b1c parkMainThread() + 123 in continuations at /src/main.swift:132:16
///     ...
///
///     Registers: / Images (17 omitted): / Backtrace took 0.01s
///
/// Each thread is a trace named by its thread name; its state is what its innermost frame
/// waits in. Source snippets (friendly and medium presets), registers and images are skipped.
/// A `...` row marks the stack as cut. The program's `Fatal error:` line just before a report
/// becomes the report's event.
final class SwiftBacktraceParser: LineParser {
  // One parse, one thread: the `@exclusivity(unchecked)` fields skip runtime exclusivity
  // checks, which would cost more than the parsing itself (README, Performance).
  let cursor: LineCursor
  private let format: DumpFormat
  private let builder: SnapshotBuilder
  private let frames: FrameInterner
  private let symbols = SwiftSymbolTable()
  private let frameKey = FrameKey()
  @exclusivity(unchecked) private var trace = PendingTrace()

  private enum Section {
    case outside
    /// After the report's first line, before its first thread.
    case preamble
    case thread
    case registers
    case images
  }

  @exclusivity(unchecked) private var section = Section.outside
  @exclusivity(unchecked) private var reportHasThreads = false
  /// The index of the last row read, to count the frames a `...` stands for.
  @exclusivity(unchecked) private var lastRowIndex = -1
  /// A `...` row was read; where it was, in frames, if rows follow it.
  @exclusivity(unchecked) private var truncatedAt: Int?
  private let leafStates = SwiftLeafStates()
  /// A line inside a thread that is no row: damage if the thread's rows go on, else not ours.
  private let held = HeldLine()
  /// The program's last `Fatal error: …` line, which a report may follow.
  @exclusivity(unchecked) private var fatalError: (text: String, line: Int)?

  init(format: DumpFormat, builder: SnapshotBuilder, cursor: LineCursor) {
    self.format = format
    self.builder = builder
    self.cursor = cursor
    frames = builder.interner(for: format.dialect)
  }

  var releasedLine: DeclinedLine { held.released }
  var isInsideTrace: Bool { section == .thread }
  /// After a thread's rows, before the next header: where a large report may be cut in two.
  var isBetweenTraces: Bool {
    (section == .thread || section == .preamble) && !held.isHeld && reportHasThreads
  }

  func take(_ raw: ByteSlice) -> LineVerdict {
    let text = raw.trimmingWhitespace()
    if held.isHeld {
      if section == .thread, let row = SwiftBacktraceRow.parse(text) {
        held.countAsDamage(in: builder)
        add(row, text: text)
        return .taken
      }
      // Two lines in a row that are no rows: the thread ended before the held one, which
      // belongs to whatever comes next (another format's dump, the program's output).
      finishTrace()
      return held.release()
    }
    if let description = Self.reportHeader(text) {
      startReport(description: description)
      return .taken
    }
    if let header = Self.threadHeader(text) {
      // Outside a report only the crashed thread's header, which no other dump prints, starts
      // one; or any header that starts the second half of a report read in two halves.
      let continuesReport = builder.options.isContinuation && !builder.hasFoundTraces
      guard section != .outside || header.isCrashed || continuesReport else { return .declined }
      if section == .outside { startReport(description: nil) }
      beginThread(header)
      return .taken
    }
    guard section != .outside else {
      noteFatalError(text)
      return .declined
    }
    if text.isEmpty { return .taken }
    if section == .thread {
      if takeRepeatedRow(text) { return .taken }
      if let row = SwiftBacktraceRow.parse(text) {
        add(row, text: text)
        return .taken
      }
      if Self.isSourceSnippet(text) || Self.isRegister(text) { return .taken }
    }
    if text.hasPrefix("Platform: ") { return .taken }
    if text.equals("Registers:") {
      finishTrace()
      section = .registers
      return .taken
    }
    if text.hasPrefix("Images") && text.hasSuffix(":") {
      finishTrace()
      section = .images
      return .taken
    }
    if text.hasPrefix("Backtrace took ") {
      endReport()
      return .taken
    }
    switch section {
    case .registers where Self.isRegister(text): return .taken
    case .images where text.hasPrefix("0x"): return .taken
    case .thread:
      held.hold(raw, number: cursor.number)
      return .taken
    default:
      return .declined
    }
  }

  func blockStart(in line: ByteSlice) -> Int? {
    for marker: StaticString in ["*** ", "💣 "] {
      var from = 1
      while let start = line.firstRange(of: marker, from: from) {
        if Self.reportHeader(line.dropFirst(start).trimmingTrailingWhitespace()) != nil { return start }
        from = start + 1
      }
    }
    return nil
  }

  func finish() {
    held.forget()
    endReport()
  }

  // MARK: Reports and threads

  private func startReport(description: ByteSlice?) {
    if section == .outside || reportHasThreads {
      endReport()
      // A report is one dump, whatever came before it.
      builder.finishSnapshot()
      section = .preamble
      reportHasThreads = false
      if var fatalError, cursor.number - fatalError.line <= 4 {
        fatalError.text.withUTF8 { builder.addEvent(ByteSlice(UnsafeRawBufferPointer($0))) }
      }
      fatalError = nil
    }
    if let description, !description.isEmpty { builder.addEvent(description) }
  }

  private func endReport() {
    finishTrace()
    section = .outside
  }

  private func beginThread(_ header: ThreadHeader) {
    finishTrace()
    // Lines of the same report between threads (the program's own output) do not split it.
    builder.beginTrace(of: format, frames: frames, continuesAfterProse: reportHasThreads)
    trace.reset()
    trace.isActive = true
    trace.id = header.index
    trace.isCrashed = header.isCrashed
    if let name = header.name { trace.nameID = builder.internName(name) }
    section = .thread
    lastRowIndex = -1
    truncatedAt = nil
  }

  /// Rows repeat from thread to thread: a row whose text (after its index) is the one the frame
  /// that followed the previous frame last time had is that frame, without parsing or hashing.
  @inline(__always)
  private func takeRepeatedRow(_ text: ByteSlice) -> Bool {
    let digits = text.digitRun(from: 0)
    guard digits > 0, digits < 10, truncatedAt == nil else { return false }
    let previous = trace.frames.last ?? -1
    let guess = frames.successor(of: previous)
    guard guess >= 0 else { return false }
    let columns = text.dropFirst(digits).trimmingLeadingWhitespace()
    guard !columns.isEmpty, frames.locationText(guess).equals(columns),
      let index = text.prefix(digits).decimalValue()
    else {
      return false
    }
    lastRowIndex = index
    if trace.frames.isEmpty {
      trace.stateID = leafStates.state(leaf: guess, frames: frames, builder: builder)
    }
    trace.frames.append(guess)
    return true
  }

  private func add(_ row: SwiftBacktraceRow, text: ByteSlice) {
    if row.isTruncation {
      truncatedAt = trace.frames.count
      return
    }
    if let at = truncatedAt {
      // `limit`/`top` cut the middle: the next row's index says how many frames are missing.
      trace.elision = .middle(count: max(0, row.index - lastRowIndex - 1), at: at)
      truncatedAt = nil
    }
    lastRowIndex = row.index
    var symbol = row.symbol
    if symbol.isEmpty, let address = row.address { symbol = address }
    frameKey.begin(function: symbols.canonicalName(symbol, image: row.image), arguments: nil)
    if SwiftSymbol.looksMangled(symbol) { frameKey.rawName = symbol }
    frameKey.complete(file: row.file ?? ByteSlice(base: ByteSlice.emptyBase, count: 0), line: row.line)
    frameKey.add(image: row.image, flags: row.flags)
    let columns = text.dropFirst(text.digitRun(from: 0)).trimmingLeadingWhitespace()
    let id = frames.intern(frameKey, after: trace.frames.last ?? -1, locationText: columns)
    if trace.frames.isEmpty { trace.stateID = leafStates.state(leaf: id, frames: frames, builder: builder) }
    trace.frames.append(id)
  }

  private func finishTrace() {
    guard trace.isActive else { return }
    if truncatedAt != nil && trace.elision == .none { trace.elision = .trailing }
    builder.add(&trace, frames: frames)
    reportHasThreads = true
    trace.reset()
    truncatedAt = nil
    if section == .thread { section = .preamble }
  }

  private func noteFatalError(_ text: ByteSlice) {
    for marker: StaticString in ["Fatal error: ", "Precondition failed: ", "Assertion failed: "] {
      if text.firstRange(of: marker) != nil {
        fatalError = (text.prefix(400).string, cursor.number)
        return
      }
    }
  }

  // MARK: Line shapes

  /// `*** Program crashed: X ***`, `💣 Program crashed: X` (colour), `*** Swift runtime failure:
  /// X ***`, or the handler's banner `*** Signal 3: Backtracing from 0x… done ***`: the
  /// description, empty for the banner.
  private static let bomb: StaticString = "💣 "

  static func reportHeader(_ text: ByteSlice) -> ByteSlice? {
    var body: ByteSlice
    if text.hasPrefix("*** ") {
      body = text.dropFirst(4)
      if body.hasSuffix(" ***") { body = body.dropLast(4) }
    } else if text.hasPrefix("💣 ") {
      body = text.dropFirst(bomb.utf8CodeUnitCount)
    } else {
      return nil
    }
    // The colour banner is erased with a carriage return and the header written over it.
    if let over = body.firstRange(of: "💣 ") { body = body.dropFirst(over + bomb.utf8CodeUnitCount) }
    if body.hasPrefix("Program crashed: ") {
      let rest = body.dropFirst(17)
      return rest.hasPrefix("Signal ") && rest.firstRange(of: ": Backtracing from ") != nil
        ? body.prefix(0) : body
    }
    if body.hasPrefix("Swift runtime failure: ") { return body }
    if body.hasPrefix("Signal "), body.firstRange(of: ": Backtracing from ") != nil { return body.prefix(0) }
    return nil
  }

  struct ThreadHeader {
    var index: Int
    var name: ByteSlice?
    var isCrashed: Bool
  }

  /// `Thread 7 "order-proc" crashed:`, `Thread 2:`.
  static func threadHeader(_ text: ByteSlice) -> ThreadHeader? {
    guard text.hasPrefix("Thread "), text.last == UInt8(ascii: ":") else { return nil }
    let digits = text.digitRun(from: 7)
    guard digits > 0, let index = text[7..<(7 + digits)].decimalValue() else { return nil }
    var rest = text[(7 + digits)..<(text.count - 1)]
    var isCrashed = false
    if rest.hasSuffix(" crashed") {
      isCrashed = true
      rest = rest.dropLast(8)
    }
    if rest.isEmpty { return ThreadHeader(index: index, name: nil, isCrashed: isCrashed) }
    guard rest.hasPrefix(" \""), rest.last == UInt8(ascii: "\""), rest.count >= 3 else { return nil }
    return ThreadHeader(index: index, name: rest[2..<(rest.count - 1)], isCrashed: isCrashed)
  }

  /// `  44|  code`, `* 46| code`, `    |   ^`, and the colour theme's `│` and `▲`.
  static func isSourceSnippet(_ text: ByteSlice) -> Bool {
    var rest = text
    if rest.first == UInt8(ascii: "*") { rest = rest.dropFirst(1).trimmingLeadingWhitespace() }
    rest = rest.dropFirst(rest.digitRun(from: 0)).trimmingLeadingWhitespace()
    return rest.first == UInt8(ascii: "|") || rest.hasPrefix("│")
  }

  /// `rax 0x0000…  1234`, ` r8 0x…`, `rflags 0x… SF`, `cs 0x0033  fs 0x0000  gs 0x0000`.
  static func isRegister(_ text: ByteSlice) -> Bool {
    var length = 0
    while length < text.count, length <= 8, (text[length] | 0x20) &- 0x61 < 26 || text[length] &- 0x30 < 10 {
      length += 1
    }
    guard length > 0, length <= 8 else { return false }
    return text.dropFirst(length).hasPrefix(" 0x")
  }
}
