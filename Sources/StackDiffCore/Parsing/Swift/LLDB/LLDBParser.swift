/// Reads lldb output: thread backtraces (`bt all`) or Swift task dumps, one parser for each.
///
/// Thread dumps: every `thread #N` header starts a trace named by its `name = '…'`, whose
/// state is what its innermost frame waits in; a crash stop reason marks it crashed. Each
/// `(lldb) bt all` echo starts a new dump, and the stop printout that `process attach` shows
/// first (one frame per thread) is skipped.
///
/// Task dumps: `language swift task backtrace` prints a pseudo-thread `thread #4294967295:
/// tid = <task id>`; its frames are the task's. Its state comes from the flags that
/// `language swift task info` prints for the same task id, before or after it.
final class LLDBParser: LineParser {
  enum Reads {
    case threads
    case tasks
  }

  let cursor: LineCursor
  private let reads: Reads
  private let format: DumpFormat
  private let builder: SnapshotBuilder
  private let frames: FrameInterner
  private let symbols = SwiftSymbolTable()
  private let frameKey = FrameKey()
  private let name = ScratchBuffer(capacity: 256)
  private var trace = PendingTrace()
  private let leafStates = SwiftLeafStates()

  private enum Block {
    case outside
    /// After `Process N stopped`: the attach's one-frame summary of every thread.
    case stopPrintout
    case frames
    /// Inside `task = id:N flags:… { … }`, at this brace depth.
    case taskInfo(depth: Int)
  }

  private var block = Block.outside
  private var isInDump = false
  /// A finished task waiting for the `task info` that may follow it.
  private var waitingTask = PendingTrace()
  /// The last `task info` not yet matched with its backtrace: task id and state.
  private var unmatchedInfo: (id: Int, state: Int32)?
  private let held = HeldLine()

  init(reads: Reads, format: DumpFormat, builder: SnapshotBuilder, cursor: LineCursor) {
    self.reads = reads
    self.format = format
    self.builder = builder
    self.cursor = cursor
    frames = builder.interner(for: format.dialect)
  }

  var releasedLine: DeclinedLine { held.released }
  var isInsideTrace: Bool {
    if case .frames = block { return true }
    return false
  }

  func take(_ raw: ByteSlice) -> LineVerdict {
    let text = raw.trimmingWhitespace()
    if held.isHeld {
      if case .frames = block, let frame = LLDBLineShapes.frame(text) {
        held.countAsDamage(in: builder)
        add(frame)
        return .taken
      }
      endTrace()
      return held.release()
    }
    if text.hasPrefix("(lldb) ") { return takeCommand(text.dropFirst(7)) }
    if text.isEmpty {
      // Ends a trace, but a task's info may still follow.
      endTrace()
      if case .frames = block { block = .outside }
      return .declined
    }
    switch block {
    case .stopPrintout:
      if LLDBLineShapes.threadHeader(text) != nil || LLDBLineShapes.frame(text) != nil
        || Self.isDisassembly(text)
      {
        return .taken
      }
      block = .outside
      if text.hasPrefix("Target ") && text.hasSuffix(" stopped.") { return .taken }
    case .taskInfo(let depth):
      let newDepth = depth + Self.braceBalance(text)
      block = newDepth > 0 ? .taskInfo(depth: newDepth) : .outside
      return .taken
    case .frames:
      if let frame = LLDBLineShapes.frame(text) {
        add(frame)
        return .taken
      }
    case .outside:
      break
    }
    if reads == .threads && Self.isStopLine(text) {
      endTrace()
      block = .stopPrintout
      return .taken
    }
    if let header = LLDBLineShapes.threadHeader(text) {
      let isTask = header.number == LLDBLineShapes.taskPseudoThread
      guard isTask == (reads == .tasks) else { return decline() }
      endTrace()
      begin(header)
      return .taken
    }
    if reads == .tasks, let info = LLDBLineShapes.taskInfo(text) {
      endTrace()
      noteInfo(id: info.id, flags: info.flags)
      let depth = Self.braceBalance(text)
      block = depth > 0 ? .taskInfo(depth: depth) : .outside
      return .taken
    }
    if case .frames = block, !text.isEmpty {
      held.hold(raw, number: cursor.number)
      return .taken
    }
    return decline()
  }

  func finish() {
    held.forget()
    endTrace()
    flushWaitingTask()
  }

  private func decline() -> LineVerdict {
    endTrace()
    flushWaitingTask()
    block = .outside
    return .declined
  }

  /// `bt all` and its spellings start a thread dump; `language swift task …` belongs to a task
  /// dump. Other commands are not this parser's.
  private func takeCommand(_ command: ByteSlice) -> LineVerdict {
    switch reads {
    case .threads:
      guard command.hasPrefix("bt") || command.hasPrefix("thread backtrace") else { return decline() }
      endTrace()
      block = .outside
      builder.finishSnapshot()
      return .taken
    case .tasks:
      guard command.hasPrefix("language swift task ") else { return decline() }
      endTrace()
      block = .outside
      return .taken
    }
  }

  // MARK: Traces

  private func begin(_ header: LLDBLineShapes.ThreadHeader) {
    let id = reads == .tasks ? header.tid ?? -1 : header.number
    // The same thread or task again: a second dump follows the first without a command echo.
    if builder.isRepeated(traceID: id) {
      flushWaitingTask()
      builder.finishSnapshot()
      _ = builder.isRepeated(traceID: id)
    }
    builder.beginTrace(of: format, frames: frames, continuesAfterProse: isInDump && reads == .tasks)
    isInDump = true
    trace.reset()
    trace.isActive = true
    trace.id = id
    switch reads {
    case .threads:
      if let name = header.name { trace.nameID = builder.internName(name) }
      if let reason = header.stopReason { trace.isCrashed = LLDBLineShapes.isCrash(stopReason: reason) }
    case .tasks:
      flushWaitingTask()
      if let info = unmatchedInfo, info.id == id {
        trace.stateID = info.state
        unmatchedInfo = nil
      }
    }
    block = .frames
  }

  private func add(_ frame: LLDBLineShapes.FrameLine) {
    name.removeAll()
    name.append(frame.function)
    if frame.argumentValues != nil, !isCLibrary(frame.module) {
      // lldb prints parameter names and a closure's captures, not argument labels
      // (`consumeEvents(stream=…)` is `consumeEvents(from:)`): claim none.
      name.append(LLDBLineShapes.unknownLabels)
    }
    frameKey.begin(
      function: symbols.canonicalName(name.slice, image: frame.module),
      arguments: builder.keepsArguments ? frame.argumentValues : nil)
    frameKey.complete(file: frame.file ?? ByteSlice(base: ByteSlice.emptyBase, count: 0), line: frame.line)
    frameKey.add(image: frame.module, flags: frame.isInlined ? .inlined : [])
    let id = frames.intern(frameKey)
    if trace.frames.isEmpty && reads == .threads {
      trace.stateID = leafStates.state(leaf: id, frames: frames, builder: builder)
    }
    trace.frames.append(id)
  }

  /// C code takes no argument labels: its frames name the function alone.
  private func isCLibrary(_ module: ByteSlice?) -> Bool {
    guard let module else { return false }
    return module.hasPrefix("libc.") || module.hasPrefix("libc-") || module.hasPrefix("libpthread")
      || module.hasPrefix("ld-linux") || module.hasPrefix("libdispatch") || module.hasPrefix("libsystem_")
      || module.hasPrefix("libm.") || module.hasPrefix("libstdc++") || module.hasPrefix("libgcc")
  }

  private func endTrace() {
    if case .frames = block { block = .outside }
    guard trace.isActive else { return }
    if reads == .tasks && trace.stateID < 0 {
      // Its `task info` may come next.
      swap(&waitingTask, &trace)
      trace.reset()
      return
    }
    builder.add(&trace, frames: frames)
    trace.reset()
  }

  private func noteInfo(id: Int, flags: ByteSlice) {
    let state = SwiftTaskState.state(flags: Substring(flags.string)).map { state in
      var state = state
      return state.withUTF8 { builder.internState(ByteSlice(UnsafeRawBufferPointer($0))) }
    }
    if waitingTask.isActive, waitingTask.id == id {
      waitingTask.stateID = state ?? -1
      flushWaitingTask()
      return
    }
    flushWaitingTask()
    unmatchedInfo = state.map { (id, $0) }
  }

  private func flushWaitingTask() {
    guard waitingTask.isActive else { return }
    builder.add(&waitingTask, frames: frames)
    waitingTask.reset()
  }

  // MARK: Line shapes

  /// `Process 27560 stopped`.
  private static func isStopLine(_ text: ByteSlice) -> Bool {
    guard text.hasPrefix("Process ") else { return false }
    let digits = text.digitRun(from: 8)
    return digits > 0 && text.dropFirst(8 + digits).equals(" stopped")
  }

  /// What a stop printout shows besides frames: `libc.so.6`__GI___sigsuspend:`, `->  0x… <+8>: ret`.
  private static func isDisassembly(_ text: ByteSlice) -> Bool {
    text.hasPrefix("->") || text.hasPrefix("0x")
      || (text.last == UInt8(ascii: ":") && text.contains(UInt8(ascii: "`")))
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
