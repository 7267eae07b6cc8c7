/// Reads swift-inspect's `dump-concurrency` output (line shapes: `SwiftInspectLineShapes`).
///
/// A dump starts at `TASKS` once the next line confirms it (a task, or swift-inspect's own
/// warning), or at a task line. Every task is a trace. Its frames are its resume function
/// (where it goes on when resumed: innermost) and then its async backtrace (the functions
/// waiting for it, innermost first); its state comes from its flags (`SwiftTaskState`); a child
/// task is created by where its parent is (`SwiftInspectTaskTree`). Task ids name traces but
/// never group them. The ACTORS and THREADS sections belong to the dump and are read past: a
/// task's own lines already say which thread runs it, and an actor's queue holds the tasks
/// that are `enqueued`.
///
/// A line that fits nowhere inside the dump is held until the next line shows whether the dump
/// goes on: if it does, the line was damage and is counted; if not, it was text after the dump.
final class SwiftInspectParser: LineParser {
  let cursor: LineCursor
  private let format: DumpFormat
  private let builder: SnapshotBuilder
  private let frames: FrameInterner
  private let symbols = SwiftSymbolTable()
  private let frameKey = FrameKey()
  private var tree = SwiftInspectTaskTree()

  /// Where in a task's lines the parser is: they come in this order, and a line out of it
  /// (a second backtrace, say) is damage, never part of this task.
  private enum Phase {
    /// The task line, then `current task on thread`, `parent:`, `waiting on thread:`.
    case header
    case backtrace
    /// After `resume function:`.
    case resumed
    /// After `task allocator:`.
    case done
  }

  private enum Section {
    case outside
    /// `TASKS` was read (and is held): a dump if the next line says so.
    case heading
    case tasks
    case actors
    case threads
  }

  private var section = Section.outside

  // The task being read.
  private var trace = PendingTrace()
  /// Its async backtrace so far; the resume function, printed after it, goes first.
  private var backtrace = IDList()
  private var resumeFrame: Int32 = -1
  private var phase = Phase.header
  /// Where its task line's text starts: its other lines start there or further right.
  private var indent = 0
  private var address: UInt64?
  private var hasChildren = false

  /// False after swift-inspect warned that it could not read the running state: then it
  /// printed no task as running, and none is known to be suspended.
  private var knowsRunning = true
  private var stateByFlags: [String: Int32] = [:]

  private let held = HeldLine()

  init(format: DumpFormat, builder: SnapshotBuilder, cursor: LineCursor) {
    self.format = format
    self.builder = builder
    self.cursor = cursor
    frames = builder.interner(for: format.dialect)
  }

  var releasedLine: DeclinedLine { held.released }
  var isInsideTrace: Bool { section == .tasks && trace.isActive }

  func take(_ raw: ByteSlice) -> LineVerdict {
    let text = raw.trimmingWhitespace()
    guard held.isHeld else { return takeLine(raw, text) }
    let kind = classify(raw, text)
    if case .separator = kind { return .taken }
    if continuesDump(kind) {
      if section == .heading {
        startDump()
      } else {
        builder.noteUnknown(line: held.number)
      }
      held.forget()
      return takeLine(raw, text)
    }
    endDump()
    return held.release()
  }

  func finish() {
    held.forget()
    endDump()
  }

  // MARK: Lines

  private enum Kind {
    case tasksHeading
    case actorsHeading
    case threadsHeading
    /// Blank, or only the tree's `|` lines.
    case separator
    case toolMessage
    case task(SwiftInspectLineShapes.TaskHeader)
    /// `Task 17 - flags=fut`: a task line cut or garbled.
    case damagedTask
    case parent(UInt64?)
    /// `current task on thread`, `waiting on thread:`.
    case taskNote
    case allocator
    case childCount
    case backtraceStart(ByteSlice)
    case backtraceEntry(ByteSlice)
    case resumeFunction(ByteSlice)
    case actor
    case thread
    case noThreads
    case unknown
  }

  /// What `raw` is in the current section; changes nothing.
  private func classify(_ raw: ByteSlice, _ text: ByteSlice) -> Kind {
    if text.isEmpty { return .separator }
    if text.equals("TASKS") { return .tasksHeading }
    if text.equals("ACTORS") { return .actorsHeading }
    if text.equals("THREADS") { return .threadsHeading }
    switch section {
    case .outside, .heading, .tasks:
      let line = SwiftInspectLineShapes.droppingTree(text)
      if line.isEmpty { return .separator }
      if let header = SwiftInspectLineShapes.taskHeader(line) { return .task(header) }
      if SwiftInspectLineShapes.isToolMessage(line) { return .toolMessage }
      guard section == .tasks else { return .unknown }
      // Every line of a task is indented at least as far as the task line; text further left
      // is not the task's (unless the dump lost its indentation: then every line starts at 0).
      let column = text.count - line.count + (raw.count - raw.trimmingLeadingWhitespace().count)
      if line.hasPrefix("Task") { return column > 0 || indent == 0 ? .damagedTask : .unknown }
      guard trace.isActive, column >= indent else { return .unknown }
      if line.hasPrefix("async backtrace: ") {
        return phase == .header ? .backtraceStart(line.dropFirst(17).trimmingLeadingWhitespace()) : .unknown
      }
      if line.hasPrefix("resume function: ") {
        return phase == .header || phase == .backtrace
          ? .resumeFunction(line.dropFirst(17).trimmingLeadingWhitespace()) : .unknown
      }
      if line.hasPrefix("parent: 0x") {
        guard phase == .header else { return .unknown }
        let digits = line.dropFirst(10)
        return .parent(digits.prefix(digits.hexDigitRun(from: 0)).hexValue())
      }
      if line.hasPrefix("current task on thread ") || line.hasPrefix("waiting on thread: ") {
        return phase == .header ? .taskNote : .unknown
      }
      if line.hasPrefix("task allocator: ") { return phase == .done ? .unknown : .allocator }
      if SwiftInspectLineShapes.isChildCount(line) { return .childCount }
      if phase == .backtrace { return .backtraceEntry(line) }
      return .unknown
    case .actors:
      if SwiftInspectLineShapes.isActor(text) || SwiftInspectLineShapes.isActorDetail(text) { return .actor }
      return .unknown
    case .threads:
      if SwiftInspectLineShapes.isThread(text) { return .thread }
      if text.equals("no threads with active tasks") { return .noThreads }
      return .unknown
    }
  }

  /// Whether a line of this kind after a held one shows that the dump went on.
  private func continuesDump(_ kind: Kind) -> Bool {
    switch kind {
    case .task, .toolMessage, .actorsHeading: return true
    case .tasksHeading, .separator, .unknown: return false
    case .threadsHeading, .damagedTask, .parent, .taskNote, .allocator, .childCount, .backtraceStart,
      .backtraceEntry, .resumeFunction, .actor, .thread, .noThreads:
      return section != .heading
    }
  }

  private func takeLine(_ raw: ByteSlice, _ text: ByteSlice) -> LineVerdict {
    let kind = classify(raw, text)
    switch section {
    case .outside:
      switch kind {
      case .tasksHeading:
        return hold(raw, as: .heading)
      case .task(let header):
        startDump()
        begin(header, raw: raw)
        return .taken
      default:
        return .declined
      }
    case .heading, .tasks, .actors, .threads:
      break
    }
    switch kind {
    case .tasksHeading:
      // The next dump.
      endDump()
      return hold(raw, as: .heading)
    case .actorsHeading:
      endTrace()
      section = .actors
    case .threadsHeading:
      endTrace()
      section = .threads
    case .separator:
      // Nothing follows the threads: a blank line there ends the dump.
      if section == .threads {
        endDump()
        return .declined
      }
    case .toolMessage:
      builder.addEvent(text)
      if text.hasPrefix("warning: unable to decode is-running state") { knowsRunning = false }
    case .task(let header):
      endTrace()
      begin(header, raw: raw)
    case .damagedTask:
      // A task all the same: its frames follow. Its state and id are lost.
      builder.noteUnknown(line: cursor.number)
      endTrace()
      begin(nil, raw: raw)
    case .parent(let parent):
      trace.createdBy = parent.map { tree.creator(ofChildOf: $0) } ?? -1
    case .taskNote:
      break
    case .allocator:
      phase = .done
    case .childCount:
      hasChildren = true
      phase = .done
    case .backtraceStart(let entry):
      phase = .backtrace
      backtrace.append(intern(entry))
    case .backtraceEntry(let entry):
      backtrace.append(intern(entry))
    case .resumeFunction(let entry):
      phase = .resumed
      resumeFrame = intern(entry)
    case .actor, .thread:
      break
    case .noThreads:
      endDump()
    case .unknown:
      if section == .threads {
        // The dump ended with its threads; the line may start another.
        endDump()
        return takeLine(raw, text)
      }
      return hold(raw, as: section)
    }
    return .taken
  }

  private func hold(_ raw: ByteSlice, as section: Section) -> LineVerdict {
    self.section = section
    held.hold(raw, number: cursor.number)
    return .taken
  }

  // MARK: Dumps and tasks

  private func startDump() {
    // A dump is one snapshot, whatever came before it.
    builder.finishSnapshot()
    tree.reset()
    knowsRunning = true
    section = .tasks
  }

  private func endDump() {
    endTrace()
    section = .outside
  }

  /// Starts a task at its line `raw`; `header` is nil for a damaged task line.
  private func begin(_ header: SwiftInspectLineShapes.TaskHeader?, raw: ByteSlice) {
    builder.beginTrace(of: format, frames: frames)
    let text = raw.trimmingTrailingWhitespace()
    indent = text.count - SwiftInspectLineShapes.droppingTree(text).count
    trace.reset()
    trace.isActive = true
    if let header {
      trace.id = header.id
      trace.stateID = state(flags: header.flags)
      if let name = header.name, !name.isEmpty { trace.nameID = builder.internName(name) }
    }
    address = header?.address
    hasChildren = false
    backtrace.removeAll()
    resumeFrame = -1
    phase = .header
  }

  private func endTrace() {
    guard trace.isActive else { return }
    trace.frames.removeAll()
    if resumeFrame >= 0 { trace.frames.append(resumeFrame) }
    trace.frames.append(contentsOf: backtrace)
    if hasChildren, let address { tree.noteParent(address: address, frames: trace.frames, interner: frames) }
    builder.add(&trace, frames: frames)
    trace.reset()
  }

  private func intern(_ entry: ByteSlice) -> Int32 {
    let symbol = SwiftInspectLineShapes.symbol(entry)
    frameKey.begin(function: symbols.canonicalName(symbol.name, image: symbol.module), arguments: nil)
    frameKey.complete(file: ByteSlice(base: ByteSlice.emptyBase, count: 0), line: 0)
    frameKey.add(image: symbol.module, flags: [])
    return frames.intern(frameKey)
  }

  private func state(flags: ByteSlice) -> Int32 {
    let key = knowsRunning ? flags.string : "?" + flags.string
    if let known = stateByFlags[key] { return known }
    var id: Int32 = -1
    if var state = SwiftTaskState.state(inspectFlags: Substring(flags.string), knowsRunning: knowsRunning) {
      id = state.withUTF8 { builder.internState(ByteSlice(UnsafeRawBufferPointer($0))) }
    }
    stateByFlags[key] = id
    return id
  }
}
