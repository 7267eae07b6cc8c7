#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads Go goroutine dumps line by line: `debug=2`, `runtime.Stack`, panics, fatal errors,
/// SIGQUIT dumps, `go test` timeouts and goleak reports.
///
/// Lines inside a goroutine block that fit no shape, and frames found outside any block, are
/// counted as not understood. Lines of no Go dump shape are declined: the router treats them as
/// prose or hands them to another format.
final class GoTextParser: LineParser {
  // One parse, one thread: the `@exclusivity(unchecked)` fields skip runtime exclusivity
  // checks, which would cost more than the parsing itself (README, Performance).
  private enum Block {
    /// Between blocks: log lines, preambles, register dumps.
    case outside
    /// Inside a goroutine block, expecting a call line, `created by`, a marker or the end.
    case frames
    /// After a call line, expecting its location line.
    case location(LocationOwner)
    /// The system stack after `runtime stack:`; not a goroutine.
    case runtimeStack
  }

  private enum LocationOwner {
    case frame, createdBy, ancestorFrame, ancestorCreatedBy
  }

  let builder: SnapshotBuilder
  let cursor: LineCursor
  private let format: DumpFormat
  @exclusivity(unchecked) private var block = Block.outside
  @exclusivity(unchecked) private var trace = PendingTrace()
  private let frameKey = FrameKey()
  @exclusivity(unchecked) private var callLineNumber = 0
  /// The frame whose call line the current line was recognized as, by prediction (-1: none).
  @exclusivity(unchecked) private var guessedFrame: Int32 = -1
  /// Frames are guessed from their predecessor unless arguments are part of their identity.
  private let predictsFrames: Bool
  private let headerMemo = GoHeaderMemo()
  /// The second guess for a call line, by its function name.
  @exclusivity(unchecked) private var framesByName = FrameNameGuesses()
  private let frames: FrameInterner
  /// A call-shaped line outside any block, kept to see whether a location line follows it.
  @exclusivity(unchecked) private var orphanCallLine = 0
  /// After `-----` (GOTRACEBACK=crash), each thread's section repeats goroutines already shown.
  @exclusivity(unchecked) private var inCrashSections = false
  @exclusivity(unchecked) private var previousWasSectionRule = false
  @exclusivity(unchecked) private var skipsCurrentBlock = false
  /// The current goroutine was started by goleak's `[Goroutine N in state S, …` line; its own
  /// runtime header may follow.
  @exclusivity(unchecked) private var isGoleakEntry = false
  /// A line of no shape inside a goroutine block, held until the next line shows whether the
  /// goroutine goes on (the line was damage) or not (it was prose after the block).
  private let held = ScratchBuffer(capacity: 256)
  /// A function name with its `%XX` escapes decoded.
  private let unescaped = ScratchBuffer(capacity: 256)
  /// The held line's number; 0 when none is held.
  @exclusivity(unchecked) private var heldLineNumber = 0
  @exclusivity(unchecked) private(set) var releasedLine = DeclinedLine(
    text: ByteSlice(base: ByteSlice.emptyBase, count: 0), number: 0)
  /// The current goroutine's header line, reported when no frame follows it.
  @exclusivity(unchecked) private var headerLineNumber = 0
  /// Lines not understood when the current goroutine started: damage inside it is reported
  /// once, not again as a header without frames.
  @exclusivity(unchecked) private var unknownLinesAtHeader = 0
  private var lineNumber: Int { cursor.number }
  private var lineIsUnterminated: Bool { cursor.isUnterminated }

  init(format: DumpFormat, builder: SnapshotBuilder, cursor: LineCursor) {
    self.format = format
    self.builder = builder
    self.cursor = cursor
    self.frames = builder.interner(for: format.dialect)
    self.predictsFrames = !builder.keepsArguments
  }

  /// Takes plain lines until one needs unwrapping or is declined; the location line of a
  /// guessed frame is confirmed in place, without a scan for its end.
  func takeLines(
    from position: UnsafePointer<UInt8>, to end: UnsafePointer<UInt8>, declined: inout DeclinedLine?
  ) -> UnsafePointer<UInt8> {
    var position = position
    let unwrapper = cursor.unwrapper
    while position < end {
      if guessedFrame >= 0, let next = confirmGuessedLocation(at: position, end: end) {
        cursor.number += 1
        position = next
        continue
      }
      let newline = ByteSearch.newline(in: position, count: end - position)
      let line = LineCursor.line(at: position, length: newline)
      if unwrapper.isNeeded(for: line) { return position }
      cursor.number += 1
      switch take(line) {
      case .taken:
        position += newline + 1
      case .declined:
        declined = DeclinedLine(text: line, number: cursor.number)
        return position + newline + 1
      case .released:
        cursor.number -= 1
        declined = releasedLine
        return position
      }
    }
    return position
  }

  /// When the line at `position` is `\t` plus the location text stored for the guessed frame and
  /// a newline, takes the frame and returns where the next line starts.
  @inline(__always)
  private func confirmGuessedLocation(at position: UnsafePointer<UInt8>, end: UnsafePointer<UInt8>)
    -> UnsafePointer<UInt8>?
  {
    guard case .location(let owner) = block else { return nil }
    let known = frames.locationText(guessedFrame)
    let next = position + known.count + 2
    // No text kept yet (a frame seen once): a bare tab line must not confirm it.
    guard known.count > 0, next <= end, position[0] == 0x09, position[known.count + 1] == 0x0A,
      ByteSearch.equal(position + 1, known.base, count: known.count)
    else { return nil }
    takeGuess(guessedFrame, as: owner)
    return next
  }

  /// The guessed frame's location line matched: the frame (or creator) is the guess.
  /// Guesses are made only for call lines and `created by` lines of the goroutine itself.
  @inline(__always)
  private func takeGuess(_ guess: Int32, as owner: LocationOwner) {
    if case .createdBy = owner { trace.createdBy = guess } else { trace.frames.append(guess) }
    guessedFrame = -1
    block = .frames
  }

  /// Whether a new goroutine header here would simply start the next goroutine of the same
  /// dump (see `ParallelTextReader`).
  var isBetweenTraces: Bool {
    guard !inCrashSections, !isGoleakEntry, heldLineNumber == 0 else { return false }
    switch block {
    case .outside, .frames: return true
    default: return false
    }
  }

  var isInsideTrace: Bool {
    switch block {
    case .outside: return false
    default: return true
    }
  }

  /// A goroutine header after some prefix a logger added to every line.
  func blockStart(in line: ByteSlice) -> Int? {
    var from = 1
    while let start = line.firstRange(of: "goroutine ", from: from) {
      if GoLineShapes.header(line.dropFirst(start).trimmingTrailingWhitespace()) != nil { return start }
      from = start + 1
    }
    return nil
  }

  /// Ends the input: the last block is complete (a line still held was text after it).
  func finish() {
    heldLineNumber = 0
    if case .location = block {
      keyFromGuess()
      builder.noteUnknown(line: callLineNumber)
      completeFrame(file: ByteSlice(base: ByteSlice.emptyBase, count: 0), line: 0)
    }
    endTrace()
    block = .outside
  }

  func take(_ raw: ByteSlice) -> LineVerdict {
    if heldLineNumber > 0 { return resolveHeldLine(before: raw) }
    return takeLine(raw)
  }

  private func takeLine(_ raw: ByteSlice) -> LineVerdict {
    let line = raw.trimmingWhitespace()
    switch block {
    case .outside:
      return handleOutside(line, raw: raw)
    case .frames:
      if predictsFrames && trace.ancestors.isEmpty {
        if isGuessedCall(line) {
          callLineNumber = lineNumber
          block = .location(.frame)
          return .taken
        }
        if isGuessedCreator(line) {
          callLineNumber = lineNumber
          block = .location(.createdBy)
          return .taken
        }
      }
      return handleInBlock(line, raw: raw)
    case .location(let owner):
      if lineIsUnterminated && GoLineShapes.location(line) == nil {
        // The dump was cut inside this location line (a full runtime.Stack buffer, the 64 MB
        // cap of debug=2): its file and line cannot be trusted, so the frame is dropped. A last
        // line that is whole is read like any other.
        guessedFrame = -1
        builder.noteUnknown(line: lineNumber)
        builder.diagnostics.endsMidLine = true
        block = .frames
        return .taken
      }
      if guessedFrame >= 0 {
        let guess = guessedFrame
        guessedFrame = -1
        let known = frames.locationText(guess)
        // A frame first seen without its location line stored no text; a blank line ends the
        // goroutine, it never confirms that frame.
        if !line.isEmpty && known.equals(line) {
          takeGuess(guess, as: owner)
          return .taken
        }
        // Same function, another location: parse it the long way.
        frameKey.begin(function: frames.functionName(guess), arguments: nil)
      }
      if let location = GoLineShapes.location(line) {
        completeFrame(owner, file: location.file, line: location.line, text: line)
        block = .frames
        return .taken
      }
      if !line.isEmpty && !isIndented(raw) && !hasBlockShape(line) {
        // A stray line between a call and its location: the next line tells.
        return hold(raw)
      }
      // The call line had no location: keep the frame, flag the gap.
      builder.noteUnknown(line: callLineNumber)
      completeFrame(
        owner, file: ByteSlice(base: ByteSlice.emptyBase, count: 0), line: 0,
        text: ByteSlice(base: ByteSlice.emptyBase, count: 0))
      block = .frames
      return handleInBlock(line, raw: raw)
    case .runtimeStack:
      if line.isEmpty || GoLineShapes.call(line) == nil && GoLineShapes.location(line) == nil {
        block = .outside
        return handleOutside(line, raw: raw)
      }
      return .taken
    }
  }

  // MARK: Inside a goroutine block

  private func handleInBlock(_ line: ByteSlice, raw: ByteSlice) -> LineVerdict {
    guard let first = line.first else {
      endTrace()
      block = .outside
      return .taken
    }
    switch first {
    case UInt8(ascii: "g"):
      if let header = header(line) {
        if isGoleakEntry, trace.frames.isEmpty, header.id == trace.id {
          apply(header)  // goleak's entry line followed by the runtime's own header
        } else if header.id == trace.id, header.id >= 0, trace.frames.isEmpty, trace.createdBy < 0 {
          builder.noteUnknown(line: lineNumber)  // the same header twice: damage, not a new dump
        } else {
          endTrace()
          startTrace(header)
        }
        return .taken
      }
      if line.equals("goroutine running on other thread; stack unavailable") {
        trace.isStackUnavailable = true
        return .taken
      }
    case UInt8(ascii: "c"):
      if let createdBy = GoLineShapes.createdBy(line) {
        beginFrame(function: createdBy.function, arguments: nil)
        if trace.ancestors.isEmpty {
          trace.creatorID = createdBy.creatorID
          block = .location(.createdBy)
        } else {
          block = .location(.ancestorCreatedBy)
        }
        return .taken
      }
    case UInt8(ascii: "."):
      if let elided = GoLineShapes.elision(line) {
        if trace.ancestors.isEmpty {
          trace.elision =
            elided.map { .middle(count: $0, at: trace.frames.count) } ?? .trailing
        }
        return .taken
      }
    case UInt8(ascii: "["):
      if let ancestorID = GoLineShapes.ancestor(line) {
        trace.ancestors.append(PendingAncestor(id: ancestorID))
        return .taken
      }
      if let entry = GoLineShapes.goleakEntry(line) {
        endTrace()
        startGoleakEntry(interned(entry))
        return .taken
      }
    case UInt8(ascii: "]"):
      if line.count == 1 {
        endTrace()
        block = .outside
        return .taken
      }
    case UInt8(ascii: "G"):
      if let entry = GoLineShapes.goleakEntry(line) {
        endTrace()
        startGoleakEntry(interned(entry))
        return .taken
      }
    default:
      break
    }
    if let call = GoLineShapes.call(line) {
      beginFrame(function: call.function, arguments: call.arguments)
      block = .location(trace.ancestors.isEmpty ? .frame : .ancestorFrame)
      return .taken
    }
    let isCutFrame = lineIsUnterminated && (isIndented(raw) || !line.contains(UInt8(ascii: " ")))
    if isIndented(raw) && GoLineShapes.location(line) != nil || isCutFrame {
      // A location with no call line before it, or a dump cut off in the middle of a line.
      builder.noteUnknown(line: lineNumber)
      if isCutFrame { builder.diagnostics.endsMidLine = true }
      return .taken
    }
    // No shape of a goroutine block: a stray line if the goroutine goes on, else text after it
    // (a log line, `FAIL`, `exit status 2`). The next line tells.
    return hold(raw)
  }

  /// Whether `line` has a shape that a goroutine block may hold.
  private func hasBlockShape(_ line: ByteSlice) -> Bool {
    GoLineShapes.header(line) != nil || line.equals("goroutine running on other thread; stack unavailable")
      || GoLineShapes.createdBy(line) != nil || GoLineShapes.elision(line) != nil
      || GoLineShapes.ancestor(line) != nil || GoLineShapes.goleakEntry(line) != nil || line.equals("]")
      || GoLineShapes.call(line) != nil
  }

  // MARK: Held lines

  private func hold(_ raw: ByteSlice) -> LineVerdict {
    if let (lines, removed) = cursor.repair(raw) {
      // A bare CR ran two lines together, or control bytes crept in: read the repaired lines.
      builder.diagnostics.noteSkipped(bytes: removed, line: lineNumber)
      for line in lines {
        if case .taken = takeLine(line) { continue }
        builder.noteUnknown(line: lineNumber)
      }
      return .taken
    }
    held.removeAll()
    held.append(raw)
    heldLineNumber = lineNumber
    return .taken
  }

  /// Whether `line` carries on a goroutine block: then a line held before it was damage inside.
  private func continuesTrace(_ line: ByteSlice, raw: ByteSlice) -> Bool {
    if isIndented(raw) && GoLineShapes.location(line) != nil { return true }
    if line.hasPrefix("created by ") { return GoLineShapes.createdBy(line) != nil }
    // Blocks are separated by a blank line: a header right after the held line means the held
    // line was the damaged last line of this block, not prose between two dumps.
    return GoLineShapes.call(line) != nil || GoLineShapes.elision(line) != nil
      || GoLineShapes.header(line) != nil
  }

  /// Decides what the held line was, now that the line after it (`raw`) is here.
  private func resolveHeldLine(before raw: ByteSlice) -> LineVerdict {
    let heldNumber = heldLineNumber
    heldLineNumber = 0
    let line = raw.trimmingWhitespace()
    let empty = ByteSlice(base: ByteSlice.emptyBase, count: 0)
    if continuesTrace(line, raw: raw) {
      // Damage inside the goroutine: it costs the held line, nothing else.
      builder.noteUnknown(line: heldNumber)
      switch block {
      case .frames where isIndented(raw) && GoLineShapes.location(line) != nil:
        return .taken  // the location of the call line the damage replaced
      case .location(let owner) where !(isIndented(raw) && GoLineShapes.location(line) != nil):
        // The held line stood where this frame's location belonged.
        keyFromGuess()
        completeFrame(owner, file: empty, line: 0, text: empty)
        block = .frames
      default:
        break
      }
      return takeLine(raw)
    }
    // The goroutine ended before the held line, which is whatever came after it.
    if case .location(let owner) = block {
      builder.noteUnknown(line: callLineNumber)
      keyFromGuess()
      completeFrame(owner, file: empty, line: 0, text: empty)
    }
    endTrace()
    block = .outside
    let current = cursor.number
    cursor.number = heldNumber
    let verdict = handleOutside(held.slice.trimmingWhitespace(), raw: held.slice)
    cursor.number = current
    switch verdict {
    case .taken: return takeLine(raw)
    case .declined, .released:
      releasedLine = DeclinedLine(text: held.slice, number: heldNumber)
      return .released
    }
  }

  /// Whether `line` is the call line of the frame that followed the previous one last time, or
  /// else of the frame last kept for its function name; sets `guessedFrame` when it is.
  @inline(__always)
  private func isGuessedCall(_ line: ByteSlice) -> Bool {
    guard line.last == UInt8(ascii: ")") else { return false }
    let successor = frames.successor(of: trace.frames.last ?? -1)
    if successor >= 0 && isCall(line, of: successor) {
      guessedFrame = successor
      return true
    }
    return isNameGuessedCall(line, besides: successor)
  }

  @inline(never)
  private func isNameGuessedCall(_ line: ByteSlice, besides successor: Int32) -> Bool {
    // Argument lists hold no parentheses, so the name ends at the last `(`.
    guard let open = GoLineShapes.lastOpeningParenthesis(line), open > 0 else { return false }
    let guess = framesByName.frame(at: FrameNameGuesses.slot(of: line.prefix(open)))
    guard guess >= 0, guess != successor else { return false }
    let name = frames.functionName(guess)
    guard name.count == open, ByteSearch.equal(line.base, name.base, count: open) else {
      return false
    }
    // The next goroutine of a run of one stack finds it by succession again.
    frames.follow(trace.frames.last ?? -1, with: guess)
    guessedFrame = guess
    return true
  }

  /// Whether `line`, which ends in `)`, is a call line of frame `guess`'s function.
  @inline(__always)
  private func isCall(_ line: ByteSlice, of guess: Int32) -> Bool {
    let name = frames.functionName(guess)
    // Go names never continue after `(`: `pkg.f(` cannot begin a longer name such as `pkg.(*T).f`.
    guard line.count > name.count + 1, line[name.count] == UInt8(ascii: "("),
      ByteSearch.equal(line.base, name.base, count: name.count)
    else { return false }
    // Argument lists hold no parentheses: `f( ()` is damage here as in `GoLineShapes.call`.
    let arguments = line.base + name.count + 1
    let argumentsLength = line.count - name.count - 2
    return memchr(arguments, 0x28, argumentsLength) == nil && memchr(arguments, 0x29, argumentsLength) == nil
  }

  /// Keeps a call line's frame, once seen twice, as the guess for its function name.
  @inline(__always)
  private func keepNameGuess(_ id: Int32) {
    guard frames.isGuessable(id) else { return }
    framesByName.keep(id, at: FrameNameGuesses.slot(of: frames.functionName(id)))
  }

  /// Like `isGuessedCall`, for `created by F` or `created by F in goroutine N`.
  @inline(__always)
  private func isGuessedCreator(_ line: ByteSlice) -> Bool {
    guard line.first == UInt8(ascii: "c"), line.hasPrefix("created by ") else { return false }
    let guess = frames.successor(of: trace.frames.last ?? -1)
    guard guess >= 0 else { return false }
    let name = frames.functionName(guess)
    let rest = line.dropFirst(11)
    guard rest.count >= name.count, ByteSearch.equal(rest.base, name.base, count: name.count) else {
      return false
    }
    if rest.count > name.count {
      // Names hold no space: `created by F in goroutine N` is the only longer shape.
      guard let creatorID = GoLineShapes.creatorID(rest.dropFirst(name.count)) else { return false }
      trace.creatorID = creatorID
    }
    guessedFrame = guess
    return true
  }

  /// A guessed call line skipped building its frame's key: when the frame is completed without
  /// the location line that confirms a guess, the key is built from the guess.
  private func keyFromGuess() {
    guard guessedFrame >= 0 else { return }
    frameKey.begin(function: frames.functionName(guessedFrame), arguments: nil)
    guessedFrame = -1
  }

  private func beginFrame(function: ByteSlice, arguments: ByteSlice?) {
    frameKey.begin(
      function: GoSymbol.unescaping(function, into: unescaped),
      arguments: builder.keepsArguments ? arguments : nil)
    callLineNumber = lineNumber
  }

  private func completeFrame(file: ByteSlice, line: Int) {
    if case .location(let owner) = block {
      completeFrame(owner, file: file, line: line, text: ByteSlice(base: ByteSlice.emptyBase, count: 0))
    }
  }

  private func completeFrame(_ owner: LocationOwner, file: ByteSlice, line: Int, text: ByteSlice) {
    frameKey.complete(file: file, line: line)
    switch owner {
    case .frame:
      let id = frames.intern(frameKey, after: trace.frames.last ?? -1, locationText: text)
      trace.frames.append(id)
      keepNameGuess(id)
      return
    case .createdBy:
      // The creator follows the last frame as a frame would; guessing it saves a hash.
      trace.createdBy = frames.intern(frameKey, after: trace.frames.last ?? -1, locationText: text)
      return
    default:
      break
    }
    let id = frames.intern(frameKey)
    switch owner {
    case .frame:
      trace.frames.append(id)
    case .createdBy:
      trace.createdBy = id
    case .ancestorFrame:
      trace.ancestors[trace.ancestors.count - 1].frames.append(id)
    case .ancestorCreatedBy:
      trace.ancestors[trace.ancestors.count - 1].createdBy = id
    }
  }

  /// Location lines are always indented (a tab, or spaces after copying); a log line that
  /// happens to end in `:digits` is not.
  @inline(__always)
  private func isIndented(_ raw: ByteSlice) -> Bool {
    raw.first == 0x09 || raw.first == 0x20
  }

  // MARK: Between blocks

  private func handleOutside(_ line: ByteSlice, raw: ByteSlice) -> LineVerdict {
    guard let first = line.first else {
      orphanCallLine = 0
      return .taken
    }
    let isSectionRule = line.hasPrefix("-----")
    defer { previousWasSectionRule = isSectionRule }
    switch first {
    case UInt8(ascii: "g"):
      if let header = header(line) {
        startTrace(header)
        return .taken
      }
    case UInt8(ascii: "["), UInt8(ascii: "G"):
      if let entry = GoLineShapes.goleakEntry(line) {
        startGoleakEntry(interned(entry))
        return .taken
      }
    case UInt8(ascii: "p"):
      if line.hasPrefix("panic: ") {
        beginDump(event: line)
        return .taken
      }
    case UInt8(ascii: "f"):
      if line.hasPrefix("fatal error: ") {
        beginDump(event: line)
        return .taken
      }
      if line.hasPrefix("found unexpected goroutines") {
        beginDump(event: line)
        return .taken
      }
    case UInt8(ascii: "S"):
      if line.hasPrefix("SIGQUIT: ") || line.hasPrefix("SIGABRT: ") || line.hasPrefix("SIGSEGV: ") {
        if inCrashSections && previousWasSectionRule { return .taken }
        beginDump(event: line)
        return .taken
      }
    case UInt8(ascii: "r"):
      if line.equals("runtime stack:") {
        block = .runtimeStack
        return .taken
      }
    case UInt8(ascii: "-"):
      if isSectionRule {
        inCrashSections = true
        return .taken
      }
    default:
      break
    }
    if orphanCallLine > 0, isIndented(raw), GoLineShapes.location(line) != nil {
      // A frame with no goroutine header above it.
      builder.noteUnknown(line: orphanCallLine)
      builder.noteUnknown(line: lineNumber)
      orphanCallLine = 0
      return .taken
    }
    orphanCallLine = 0
    if GoLineShapes.call(line) != nil {
      orphanCallLine = lineNumber
      return .taken
    }
    // A thread's section after `-----` holds only its signal line, registers and goroutine;
    // anything else means the crash output is over.
    if inCrashSections {
      if GoLineShapes.isCrashSectionLine(line) { return .taken }
      inCrashSections = false
    }
    // Not a Go dump's line: prose, or another format's.
    return .declined
  }

  /// A preamble line (`panic:`, `fatal error:`, `SIGQUIT: quit`): a new dump starts here when
  /// the current one already has goroutines.
  private func beginDump(event line: ByteSlice) {
    if !inCrashSections { builder.finishSnapshot() }
    inCrashSections = false
    builder.addEvent(line)
  }

  // MARK: Traces

  /// A goroutine header's id and the rest of what it says; its labels, bytes of the line, are
  /// interned when the goroutine is taken.
  private struct HeaderLine {
    var id: Int
    var facts: GoHeaderFacts
    var labels: ByteSlice?
  }

  /// The header `line`, from the memo when its bracket was seen before.
  @inline(__always)
  private func header(_ line: ByteSlice) -> HeaderLine? {
    guard line.hasPrefix("goroutine "), line.last == UInt8(ascii: ":") else { return nil }
    var id = 0
    var end = 10
    while end < line.count, line[end] &- 0x30 < 10 {
      id = id &* 10 &+ Int(line[end] &- 0x30)
      end += 1
    }
    guard end > 10 else { return nil }
    // Eighteen digits cannot overflow; an id too large for 64 bits is damage: the goroutine is
    // kept, without an id.
    if end - 10 > 18 { id = line[10..<end].decimalValue() ?? -1 }
    let rest = line.dropFirst(end)
    let slot = GoHeaderMemo.slot(of: rest)
    if let facts = headerMemo.facts(for: rest, at: slot) {
      return HeaderLine(id: id, facts: facts, labels: nil)
    }
    guard let parsed = GoLineShapes.header(line) else { return nil }
    let header = interned(parsed)
    if header.labels == nil { headerMemo.keep(header.facts, for: rest, at: slot) }
    return header
  }

  private func interned(_ header: GoLineShapes.Header) -> HeaderLine {
    var facts = GoHeaderFacts(
      stateID: builder.internState(header.state), waitMinutes: header.waitMinutes, isLocked: header.isLocked,
      isLeaked: header.isLeaked)
    if !header.attributes.isEmpty { facts.attributesID = builder.internAttributes(header.attributes) }
    return HeaderLine(id: header.id, facts: facts, labels: header.labels)
  }

  private func startTrace(_ header: HeaderLine) {
    // Prose between goroutine blocks ends a dump, except in the threads' sections of a crash.
    builder.beginTrace(of: format, frames: frames, continuesAfterProse: inCrashSections)
    // Goroutine 0 is each thread's g0 in system dumps: it repeats without starting a new dump.
    if header.id > 0 && builder.isRepeated(traceID: header.id) {
      if inCrashSections {
        // A thread's section under GOTRACEBACK=crash repeats a goroutine already counted.
        skipsCurrentBlock = true
      } else {
        builder.finishSnapshot()
        inCrashSections = false
        _ = builder.isRepeated(traceID: header.id)
      }
    } else if inCrashSections && header.id == 0 {
      skipsCurrentBlock = true
    }
    trace.reset()
    isGoleakEntry = false
    trace.isActive = true
    trace.id = header.id
    headerLineNumber = lineNumber
    unknownLinesAtHeader = builder.diagnostics.unknownLineCount
    apply(header)
    block = .frames
  }

  private func startGoleakEntry(_ entry: HeaderLine) {
    startTrace(entry)
    isGoleakEntry = true
  }

  private func apply(_ header: HeaderLine) {
    trace.stateID = header.facts.stateID
    trace.waitMinutes = header.facts.waitMinutes
    trace.isLocked = header.facts.isLocked
    trace.isLeaked = header.facts.isLeaked
    // goleak's entry line may carry parts its runtime header does not.
    if let labels = header.labels { trace.labelsID = builder.internLabels(labels) }
    if header.facts.attributesID != -1 { trace.attributesID = header.facts.attributesID }
  }

  private func endTrace() {
    guard trace.isActive else { return }
    if trace.frames.isEmpty && !trace.isStackUnavailable && !skipsCurrentBlock
      && builder.diagnostics.unknownLineCount == unknownLinesAtHeader
    {
      // A header with no frames: counted, and reported.
      builder.noteUnknown(line: headerLineNumber)
    }
    if skipsCurrentBlock {
      skipsCurrentBlock = false
    } else {
      builder.add(&trace, frames: frames)
    }
    trace.isActive = false
  }
}
