/// Reads race detector reports:
///
///     ==================
///     WARNING: DATA RACE
///     Read at 0x00c00001a108 by goroutine 16:
///       example.com/x/hits.(*Handler).queryShard()
///           /src/x/hits/hits.go:33 +0x64
///
///     Previous write at 0x00c00001a108 by goroutine 15:
///       …
///     Goroutine 16 (running) created at:
///       example.com/x/hits.(*Handler).ServeHTTP()
///           /src/x/hits/hits.go:23 +0x124
///     ==================
///
/// Each access is a trace in state `race read` or `race write` (`(atomic)` when the detector
/// says so), created by the first frame of its goroutine's `created at` stack. The race
/// detector numbers goroutines its own way, so its numbers are not kept as goroutine ids.
final class GoRaceParser: LineParser {
  let cursor: LineCursor
  private let format: DumpFormat
  private let builder: SnapshotBuilder
  private let frames: FrameInterner
  /// All reports of the input, folded into one snapshot.
  private var collector: TraceAggregator
  /// Where that snapshot goes: where the first report was read.
  private var position: Int?
  private var isInReport = false

  private enum Stack {
    case none
    case access(state: Int32, goroutine: Int)
    case creation(goroutine: Int)
  }

  private struct Access {
    var state: Int32
    var goroutine: Int
    var frames: [Int32]
  }

  private var stack = Stack.none
  private var stackFrames: [Int32] = []
  private var accesses: [Access] = []
  /// A goroutine's creator: the first frame of its `created at` stack.
  private var creators: [Int: Int32] = [:]
  private let frameKey = FrameKey()
  /// A function name with its `%XX` escapes decoded.
  private let unescaped = ScratchBuffer(capacity: 256)
  private var awaitsLocation = false

  init(format: DumpFormat, builder: SnapshotBuilder, cursor: LineCursor) {
    self.format = format
    self.builder = builder
    self.cursor = cursor
    frames = builder.interner(for: format.dialect)
    collector = builder.makeCollector(for: format)
  }

  func take(_ raw: ByteSlice) -> LineVerdict {
    let line = raw.trimmingWhitespace()
    guard isInReport else {
      guard line.equals("WARNING: DATA RACE") else { return .declined }
      if position == nil { position = builder.positionOfNextSnapshot }
      isInReport = true
      return .taken
    }
    if line.hasPrefix("==================") {
      endReport()
      return .taken
    }
    if line.isEmpty {
      endStack()
      return .taken
    }
    if let access = Self.access(line) {
      endStack()
      var state = access.isWrite ? "race write" : "race read"
      if access.isAtomic { state += " (atomic)" }
      stack = .access(
        state: state.withUTF8 { builder.internState(ByteSlice(UnsafeRawBufferPointer($0))) },
        goroutine: access.goroutine)
      return .taken
    }
    if let goroutine = Self.creation(line) {
      endStack()
      stack = .creation(goroutine: goroutine)
      return .taken
    }
    if awaitsLocation, let location = GoLineShapes.location(line) {
      frameKey.complete(file: location.file, line: location.line)
      stackFrames.append(frames.intern(frameKey))
      awaitsLocation = false
      return .taken
    }
    if let call = GoLineShapes.call(line) {
      frameKey.begin(function: GoSymbol.unescaping(call.function, into: unescaped), arguments: nil)
      awaitsLocation = true
      return .taken
    }
    // `[failed to restore the stack]`, or test output that ran into the report.
    builder.noteUnknown(line: cursor.number)
    return .taken
  }

  func finish() {
    if isInReport { endReport() }
    if let position { builder.addCollected(collector, format: format, frames: frames, position: position) }
  }

  private func endStack() {
    switch stack {
    case .none: break
    case .access(let state, let goroutine):
      accesses.append(Access(state: state, goroutine: goroutine, frames: stackFrames))
    case .creation(let goroutine):
      if let first = stackFrames.first { creators[goroutine] = first }
    }
    stack = .none
    stackFrames.removeAll(keepingCapacity: true)
    awaitsLocation = false
  }

  private func endReport() {
    endStack()
    var trace = PendingTrace()
    for access in accesses {
      trace.reset()
      trace.isActive = true
      trace.stateID = access.state
      for frame in access.frames { trace.frames.append(frame) }
      trace.createdBy = creators[access.goroutine] ?? -1
      collector.add(trace, frames: frames)
    }
    accesses.removeAll(keepingCapacity: true)
    creators.removeAll(keepingCapacity: true)
    isInReport = false
  }

  /// `Read at 0x… by goroutine 16:`, `Previous write at 0x… by main goroutine:`, with `Atomic`.
  private static func access(_ line: ByteSlice) -> (isWrite: Bool, isAtomic: Bool, goroutine: Int)? {
    guard line.last == UInt8(ascii: ":"), let at = line.firstRange(of: " at 0x") else { return nil }
    var kind = line.prefix(at)
    if kind.hasPrefix("Previous ") { kind = kind.dropFirst(9) }
    let isAtomic = kind.hasPrefix("Atomic ") || kind.hasPrefix("atomic ")
    if isAtomic { kind = kind.dropFirst(7) }
    let isWrite = kind.equals("Write") || kind.equals("write")
    guard isWrite || kind.equals("Read") || kind.equals("read") else { return nil }
    guard let by = line.firstRange(of: " by ", from: at) else { return nil }
    let who = line[(by + 4)..<(line.count - 1)]
    if who.equals("main goroutine") { return (isWrite, isAtomic, 1) }
    guard who.hasPrefix("goroutine "), let number = who.dropFirst(10).saturatingDecimalValue() else {
      return nil
    }
    return (isWrite, isAtomic, number)
  }

  /// `Goroutine 16 (running) created at:` or `(finished)`.
  private static func creation(_ line: ByteSlice) -> Int? {
    guard line.hasPrefix("Goroutine "), line.hasSuffix(" created at:") else { return nil }
    let digits = line.digitRun(from: 10)
    guard digits > 0 else { return nil }
    return line[10..<(10 + digits)].saturatingDecimalValue()
  }
}
