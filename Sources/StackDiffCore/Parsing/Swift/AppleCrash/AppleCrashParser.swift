/// Reads Apple crash reports as text:
///
///     Process:               OrderServer [4242]
///     Identifier:            OrderServer
///     Exception Type:        EXC_BREAKPOINT (SIGTRAP)
///     Termination Reason:    Namespace SIGNAL, Code 5 Trace/BPT trap: 5
///
///     Application Specific Information:
///     OrderServer/OrderValidator.swift:46: Fatal error: order B-7: negative total -3.0
///
///     Thread 3 Crashed::  Dispatch queue: com.example.orders.ingest
///     0   libswiftCore.dylib            	       0x19b5a3c8c _assertionFailure(_:_:file:line:flags:) + 176
///     1   OrderServer                   	       0x1004a1f28 OrderValidator.validate(order:) + 412 (OrderValidator.swift:46)
///
///     Thread 3 crashed with ARM Thread State (64-bit):  /  Binary Images:  /  VM Region Summary: …
///
/// Each thread is a trace named by its thread or queue name (`AppleCrashNaming.threadName`),
/// the crashed one marked; its state is what its innermost frame waits in. Frames group by
/// their canonical symbol, or, without one, by image and offset in the image. The exception,
/// the termination reason and the application-specific lines become the report's events; the
/// `Process:` (or `Identifier:`) image is where user code is. Registers, binary images and the
/// sections after them are skipped. Frame rows before the first thread header (an excerpt that
/// starts mid-thread) are kept as a partial trace, without a state, and reported.
final class AppleCrashParser: LineParser {
  let cursor: LineCursor
  private let format: DumpFormat
  private let builder: SnapshotBuilder
  private let frames: FrameInterner
  private let symbols = SwiftSymbolTable()
  private let frameKey = FrameKey()
  private let function = ScratchBuffer(capacity: 128)
  private var trace = PendingTrace()
  /// The trace began with frame rows and no header: its innermost frames are missing.
  private var isPartial = false

  private enum Section {
    case outside
    /// After the report's first line, before its first thread: header fields.
    case header
    /// The lines of a header field that spans several (`Application Specific Information:`),
    /// up to a blank line; `keeps` says whether they are events.
    case headerBlock(keeps: Bool)
    /// `Last Exception Backtrace:` rows: an exception's stack, not a thread.
    case exceptionBacktrace
    case threads
    case registers
    case images
    /// What follows the binary images; a line after a blank one that is not indented and
    /// starts no known section ends the report.
    case trailer(afterBlank: Bool)
  }

  private var section = Section.outside
  private var reportHasThreads = false
  /// Events read from the header, added when the report's first trace opens its snapshot (a
  /// header without threads is no report).
  private var pendingEvents: [String] = []
  private var processName: [UInt8] = []
  private var identifier: [UInt8] = []
  /// A frame row showed which of the two names frames use for the executable.
  private var isMainImageConfirmed = false
  /// `Thread N name:` read before the header of thread N.
  private var pendingName: (index: Int, name: [UInt8])?
  private let leafStates = SwiftLeafStates()
  /// A line inside a report that fits nowhere: damage if the report goes on, else not ours.
  private let held = HeldLine()

  init(format: DumpFormat, builder: SnapshotBuilder, cursor: LineCursor) {
    self.format = format
    self.builder = builder
    self.cursor = cursor
    frames = builder.interner(for: format.dialect)
  }

  var releasedLine: DeclinedLine { held.released }

  var isInsideTrace: Bool {
    if case .threads = section { return trace.isActive }
    return false
  }

  func take(_ raw: ByteSlice) -> LineVerdict {
    let text = raw.trimmingWhitespace()
    if held.isHeld {
      // Blank lines wait with the held line for one that decides.
      if text.isEmpty { return .taken }
      guard continuesReport(text) else {
        endReport()
        return held.release()
      }
      held.countAsDamage(in: builder)
    }
    switch section {
    case .outside:
      return takeOutside(text)
    case .header, .headerBlock, .exceptionBacktrace:
      return takeHeader(text, raw: raw)
    case .threads:
      return takeThreads(text, raw: raw)
    case .registers:
      return takeRegisters(text, raw: raw)
    case .images:
      return takeImages(text)
    case .trailer(let afterBlank):
      return takeTrailer(text, raw: raw, afterBlank: afterBlank)
    }
  }

  func finish() {
    held.forget()
    endReport()
  }

  // MARK: Sections

  /// Only lines no other dump prints start a report: its first fields, a crashed thread's or a
  /// `::` thread header, a `Thread N name:` line, or a frame row (an excerpt).
  private func takeOutside(_ text: ByteSlice) -> LineVerdict {
    if let header = AppleCrashLineShapes.threadHeader(text) {
      guard header.isCrashed || header.hasDoubleColon else { return .declined }
      startReport()
      beginThread(header)
      return .taken
    }
    if let (index, name) = AppleCrashLineShapes.threadNameLine(text) {
      startReport()
      section = .threads
      pendingName = (index, name.map { Array($0.rawBuffer) } ?? [])
      return .taken
    }
    if AppleCrashLineShapes.startsReport(text) {
      startReport()
      readField(text)
      return .taken
    }
    if let row = AppleCrashLineShapes.frameRow(text) {
      startReport()
      beginPartialTrace()
      add(row)
      return .taken
    }
    return .declined
  }

  private func takeHeader(_ text: ByteSlice, raw: ByteSlice) -> LineVerdict {
    if text.isEmpty {
      section = .header
      return .taken
    }
    if takeThreadLine(text) { return .taken }
    switch section {
    case .headerBlock(let keeps):
      if keeps && pendingEvents.count < 8 { pendingEvents.append(text.prefix(400).string) }
      return .taken
    case .exceptionBacktrace where AppleCrashLineShapes.frameRow(text) != nil:
      return .taken
    default:
      break
    }
    if AppleCrashLineShapes.headerField(text) != nil {
      readField(text)
      return .taken
    }
    if AppleCrashLineShapes.isTrailerTitle(text) || text.equals("Translated Report (Full Report Below)")
      || raw.first == 0x20 || raw.first == 0x09
    {
      return .taken
    }
    if let row = AppleCrashLineShapes.frameRow(text) {
      beginPartialTrace()
      add(row)
      return .taken
    }
    hold(raw)
    return .taken
  }

  private func takeThreads(_ text: ByteSlice, raw: ByteSlice) -> LineVerdict {
    if text.isEmpty {
      finishTrace()
      return .taken
    }
    if let row = AppleCrashLineShapes.frameRow(text) {
      if !trace.isActive { beginPartialTrace() }
      add(row)
      return .taken
    }
    if takeThreadLine(text) { return .taken }
    if AppleCrashLineShapes.isRegisterHeader(text) {
      finishTrace()
      section = .registers
      return .taken
    }
    if text.equals("Binary Images:") {
      finishTrace()
      section = .images
      return .taken
    }
    if AppleCrashLineShapes.isTrailerTitle(text) {
      finishTrace()
      section = .trailer(afterBlank: false)
      return .taken
    }
    if AppleCrashLineShapes.startsReport(text) {
      // The next report, right after this one.
      startReport()
      readField(text)
      return .taken
    }
    hold(raw)
    return .taken
  }

  /// The crashed thread's registers (`x0: 0x…`), `Logical CPU:`, `Thread 0 instruction stream:`
  /// and its indented bytes.
  private func takeRegisters(_ text: ByteSlice, raw: ByteSlice) -> LineVerdict {
    if text.isEmpty { return .taken }
    if text.equals("Binary Images:") {
      section = .images
      return .taken
    }
    if takeThreadLine(text) { return .taken }
    if AppleCrashLineShapes.isTrailerTitle(text) {
      section = .trailer(afterBlank: false)
      return .taken
    }
    if AppleCrashLineShapes.startsReport(text) {
      startReport()
      readField(text)
      return .taken
    }
    if AppleCrashLineShapes.isRegister(text) || AppleCrashLineShapes.headerField(text) != nil
      || text.hasPrefix("Thread ") || raw.first == 0x20 || raw.first == 0x09
    {
      return .taken
    }
    endReport()
    return takeOutside(text)
  }

  private func takeImages(_ text: ByteSlice) -> LineVerdict {
    if text.isEmpty {
      section = .trailer(afterBlank: true)
      return .taken
    }
    if AppleCrashLineShapes.isBinaryImage(text) { return .taken }
    if AppleCrashLineShapes.isTrailerTitle(text) {
      section = .trailer(afterBlank: false)
      return .taken
    }
    endReport()
    return takeOutside(text)
  }

  private func takeTrailer(_ text: ByteSlice, raw: ByteSlice, afterBlank: Bool) -> LineVerdict {
    if text.isEmpty {
      section = .trailer(afterBlank: true)
      return .taken
    }
    if text.equals("Binary Images:") {
      section = .images
      return .taken
    }
    let isIndented = raw.first == 0x20 || raw.first == 0x09
    if !isIndented && AppleCrashLineShapes.startsReport(text) {
      // The next report, right after this one.
      startReport()
      readField(text)
      return .taken
    }
    if afterBlank && !isIndented && !AppleCrashLineShapes.isTrailerTitle(text) {
      endReport()
      return takeOutside(text)
    }
    section = .trailer(afterBlank: false)
    return .taken
  }

  /// A thread header or a `Thread N name:` line, in any section before the binary images.
  private func takeThreadLine(_ text: ByteSlice) -> Bool {
    guard text.hasPrefix("Thread ") else { return false }
    if let header = AppleCrashLineShapes.threadHeader(text) {
      beginThread(header)
      return true
    }
    if let (index, name) = AppleCrashLineShapes.threadNameLine(text) {
      finishTrace()
      section = .threads
      pendingName = (index, name.map { Array($0.rawBuffer) } ?? [])
      return true
    }
    return false
  }

  /// Whether a line after a held one shows the report going on, in the section it is in.
  private func continuesReport(_ text: ByteSlice) -> Bool {
    switch section {
    case .header:
      return AppleCrashLineShapes.headerField(text) != nil || AppleCrashLineShapes.threadHeader(text) != nil
        || AppleCrashLineShapes.threadNameLine(text) != nil
    case .threads:
      return AppleCrashLineShapes.frameRow(text) != nil || AppleCrashLineShapes.threadHeader(text) != nil
        || AppleCrashLineShapes.threadNameLine(text) != nil || AppleCrashLineShapes.isRegisterHeader(text)
        || text.equals("Binary Images:")
    default:
      return false
    }
  }

  private func hold(_ raw: ByteSlice) {
    held.hold(raw, number: cursor.number)
  }

  // MARK: Header

  private func readField(_ text: ByteSlice) {
    guard let (key, value) = AppleCrashLineShapes.headerField(text) else { return }
    if key.equals("Process") {
      processName = Array(AppleCrashLineShapes.processName(value).rawBuffer)
    } else if key.equals("Identifier") {
      identifier = Array(value.rawBuffer)
    } else if key.equals("Exception Type") {
      pendingEvents.append("Program crashed: " + value.prefix(400).string)
    } else if key.equals("Termination Reason") {
      pendingEvents.append("Termination Reason: " + value.prefix(400).string)
    } else if key.equals("Application Specific Information") {
      section = .headerBlock(keeps: true)
    } else if key.equals("Last Exception Backtrace") {
      section = .exceptionBacktrace
    } else if value.isEmpty || key.equals("VM Region Info") {
      // `Kernel Triage:`, `VM Region Info: …` and the like run over the next lines.
      section = .headerBlock(keeps: false)
    }
  }

  // MARK: Reports and threads

  private func startReport() {
    endReport()
    section = .header
  }

  private func endReport() {
    finishTrace()
    section = .outside
    reportHasThreads = false
    pendingEvents = []
    processName = []
    identifier = []
    isMainImageConfirmed = false
    pendingName = nil
  }

  /// The report's first trace: a snapshot of its own, with the header's events and the
  /// program's executable as the main image.
  private func openSnapshot() {
    builder.finishSnapshot()
    for var event in pendingEvents {
      event.withUTF8 { builder.addEvent(ByteSlice(UnsafeRawBufferPointer($0))) }
    }
    pendingEvents = []
  }

  private func beginTrace() {
    let isFirst = !reportHasThreads
    if isFirst { openSnapshot() }
    // Lines of the same report between threads (damage, a logger's) do not split it.
    builder.beginTrace(of: format, frames: frames, continuesAfterProse: !isFirst)
    if isFirst, !processName.isEmpty {
      frames.learn(mainImage: String(decoding: processName, as: UTF8.self))
    }
    reportHasThreads = true
    trace.reset()
    trace.isActive = true
    isPartial = false
    section = .threads
  }

  private func beginThread(_ header: AppleCrashLineShapes.ThreadHeader) {
    finishTrace()
    if reportHasThreads && builder.isRepeated(traceID: header.index) {
      // Thread 0 again, with no header between: another report (pasted excerpts).
      endReport()
      section = .header
    }
    let isFirst = !reportHasThreads
    beginTrace()
    // The first thread opened a new snapshot, which has seen no thread yet.
    if isFirst { _ = builder.isRepeated(traceID: header.index) }
    trace.id = header.index
    trace.isCrashed = header.isCrashed
    if let name = header.name {
      trace.nameID = builder.internName(name)
    } else if let pending = pendingName, pending.index == header.index, !pending.name.isEmpty {
      trace.nameID = pending.name.withUnsafeBytes { builder.internName(ByteSlice($0)) }
    }
    pendingName = nil
  }

  /// Frame rows with no thread header above them: the end of a thread whose start the excerpt
  /// lost. Kept as it is, without a state (its innermost frame is not the one it waits in), and
  /// reported: as a line not understood, and as an event saying where.
  private func beginPartialTrace() {
    finishTrace()
    beginTrace()
    isPartial = true
    builder.noteUnknown(line: cursor.number)
    var event = "frames without a thread header at line \(cursor.number): kept, innermost frames missing"
    event.withUTF8 { builder.addEvent(ByteSlice(UnsafeRawBufferPointer($0))) }
  }

  private func add(_ row: AppleCrashLineShapes.FrameRow) {
    confirmMainImage(row.image)
    let name: ByteSlice
    if let symbol = row.symbol {
      name = symbols.canonicalName(symbol, image: row.image)
    } else if let offset = row.imageOffset {
      function.removeAll()
      SwiftSymbol.appendUnsymbolicatedFunction(image: row.image, offset: offset, to: function)
      name = function.slice
    } else {
      // Only an address: nothing stable names the frame.
      name = row.address
    }
    frameKey.begin(function: name, arguments: nil)
    frameKey.complete(file: row.file ?? ByteSlice(base: ByteSlice.emptyBase, count: 0), line: row.line)
    frameKey.add(image: row.image, flags: row.isInlined ? .inlined : [])
    let id = frames.intern(frameKey)
    if trace.frames.isEmpty && !isPartial {
      trace.stateID = leafStates.state(leaf: id, frames: frames, builder: builder)
    }
    trace.frames.append(id)
  }

  /// Older reports name images by bundle identifier (`com.example.app`), the executable too:
  /// then the `Identifier:` is the main image.
  private func confirmMainImage(_ image: ByteSlice) {
    guard !isMainImageConfirmed else { return }
    if Self.equals(image, processName) {
      isMainImageConfirmed = true
    } else if !identifier.isEmpty, Self.equals(image, identifier) {
      isMainImageConfirmed = true
      frames.learn(mainImage: String(decoding: identifier, as: UTF8.self))
    }
  }

  private static func equals(_ slice: ByteSlice, _ bytes: [UInt8]) -> Bool {
    guard slice.count == bytes.count else { return false }
    return bytes.withUnsafeBytes { ByteSlice($0).rawBuffer.elementsEqual(slice.rawBuffer) }
  }

  private func finishTrace() {
    guard trace.isActive else { return }
    builder.add(&trace, frames: frames)
    trace.reset()
    isPartial = false
  }
}
