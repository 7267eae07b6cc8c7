/// The lines of lldb's backtraces, read without regular expressions:
///
///     * thread #1, name = 'main', stop reason = signal SIGSTOP
///       * frame #0: 0x00007f… libc.so.6`__GI___clock_nanosleep(clock_id=0, …) at clock_nanosleep.c:48:7
///         frame #2: 0x00007f… libFoundation.so`static Thread.sleep(forTimeInterval:) + 131
///       thread #4294967295: tid = 2, 0x00007f… libswift_Concurrency.so`withCheckedContinuation(…)
///     (UnsafeCurrentTask) task = id:2 flags:suspended {
enum LLDBLineShapes {
  /// The thread number lldb gives the pseudo-thread of `language swift task backtrace`.
  static let taskPseudoThread = 4_294_967_295

  /// What replaces the values of a Swift frame lldb printed with them: `Frame.unknownLabels`.
  static var unknownLabels: ByteSlice {
    let text: StaticString = "(…)"
    return ByteSlice(base: text.utf8Start, count: text.utf8CodeUnitCount)
  }

  struct ThreadHeader {
    var number: Int
    /// `tid = N`: the task id of a task's pseudo-thread.
    var tid: Int?
    var name: ByteSlice?
    var stopReason: ByteSlice?
  }

  /// `* thread #1, name = 'x', stop reason = …`, `  thread #2: tid = 0x1a2b, 0x… …, name = 'x'`.
  static func threadHeader(_ text: ByteSlice) -> ThreadHeader? {
    var rest = text
    if rest.hasPrefix("* ") { rest = rest.dropFirst(2) }
    guard rest.hasPrefix("thread #") else { return nil }
    let digits = rest.digitRun(from: 8)
    guard digits > 0, let number = rest[8..<(8 + digits)].saturatingDecimalValue() else { return nil }
    rest = rest.dropFirst(8 + digits)
    guard rest.isEmpty || rest.first == UInt8(ascii: ",") || rest.first == UInt8(ascii: ":") else {
      return nil
    }
    var header = ThreadHeader(number: number)
    if let tid = rest.firstRange(of: "tid = ") {
      header.tid = Self.number(rest.dropFirst(tid + 6))
    }
    if let start = rest.firstRange(of: "name = '") {
      let value = rest.dropFirst(start + 8)
      // Names may hold quotes; the field ends at `', ` or at the end of the line.
      let end = value.firstRange(of: "', ") ?? (value.last == UInt8(ascii: "'") ? value.count - 1 : nil)
      if let end { header.name = value.prefix(end) }
    }
    if let start = rest.firstRange(of: "stop reason = ") {
      header.stopReason = rest.dropFirst(start + 14)
    }
    return header
  }

  /// Stops that are crashes, not a debugger's or a user's doing.
  static func isCrash(stopReason: ByteSlice) -> Bool {
    for signal: StaticString in [
      "signal SIGSEGV", "signal SIGBUS", "signal SIGILL", "signal SIGABRT", "signal SIGFPE", "EXC_BAD_ACCESS",
      "EXC_BAD_INSTRUCTION", "EXC_CRASH", "EXC_ARITHMETIC", "EXC_BREAKPOINT", "Fatal error",
    ] where stopReason.firstRange(of: signal) != nil {
      return true
    }
    return false
  }

  struct FrameLine {
    var number: Int
    var module: ByteSlice?
    /// The function with lldb's argument values, or the address when there is no symbol.
    var function: ByteSlice
    /// The argument list lldb filled with values (`id=<unavailable>`), without its parentheses.
    var argumentValues: ByteSlice?
    var file: ByteSlice?
    var line = 0
    var isInlined = false
  }

  /// `frame #3: 0x… module`function(args) + 12 at file.swift:10:5 [opt]`.
  static func frame(_ text: ByteSlice) -> FrameLine? {
    var rest = text
    if rest.hasPrefix("* ") { rest = rest.dropFirst(2) }
    guard rest.hasPrefix("frame #") else { return nil }
    let digits = rest.digitRun(from: 7)
    guard digits > 0, let number = rest[7..<(7 + digits)].decimalValue() else { return nil }
    rest = rest.dropFirst(7 + digits)
    guard rest.hasPrefix(": ") else { return nil }
    rest = rest.dropFirst(2)
    var address = rest
    if rest.hasPrefix("0x") {
      let end = 2 + rest.hexDigitRun(from: 2)
      address = rest.prefix(end)
      rest = rest.dropFirst(end).trimmingLeadingWhitespace()
    }
    var frame = FrameLine(number: number, function: address)
    guard !rest.isEmpty else { return frame }
    // `module`name…`; a frame without symbols has no backtick.
    guard let backtick = rest.firstIndex(of: UInt8(ascii: "`")) else {
      frame.module = rest.prefix(rest.firstIndex(of: 0x20) ?? rest.count)
      return frame
    }
    frame.module = rest.prefix(backtick)
    readFunction(rest.dropFirst(backtick + 1), into: &frame)
    return frame
  }

  /// The function, its argument values, and what follows at the top level: ` + N`, ` at loc`,
  /// ` [opt]`. Values may hold parentheses, quotes and even ` at ` (`main=(x`main at m.swift)`),
  /// so the name ends at the first top-level ` + `, ` at ` or ` [` outside them.
  private static func readFunction(_ text: ByteSlice, into frame: inout FrameLine) {
    var depth = 0
    var quote: UInt8 = 0
    var lastGroup: Range<Int>?
    var groupStart = 0
    var end = text.count
    var index = 0
    while index < text.count {
      let byte = text[index]
      if quote != 0 {
        if byte == UInt8(ascii: "\\") {
          index += 1
        } else if byte == quote {
          quote = 0
        }
      } else if depth > 0 && (byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")) {
        quote = byte
      } else if byte == UInt8(ascii: "(") {
        if depth == 0 { groupStart = index }
        depth += 1
      } else if byte == UInt8(ascii: ")") {
        depth = max(0, depth - 1)
        if depth == 0 { lastGroup = groupStart..<(index + 1) }
      } else if depth == 0 && byte == 0x20 {
        let after = text.dropFirst(index)
        if after.hasPrefix(" at ") || after.hasPrefix(" [") || isOffset(after) {
          end = index
          break
        }
      }
      index += 1
    }
    var function = text.prefix(end)
    if let group = lastGroup, group.upperBound == end {
      let inside = text[(group.lowerBound + 1)..<(group.upperBound - 1)]
      if inside.contains(UInt8(ascii: "=")) {
        frame.argumentValues = inside
        function = text.prefix(group.lowerBound)
      }
    }
    frame.function = function
    var rest = text.dropFirst(end)
    if isOffset(rest) {
      rest = rest.dropFirst(3)
      rest = rest.dropFirst(rest.digitRun(from: 0))
    }
    if rest.hasPrefix(" at "), let location = SwiftBacktraceRow.location(rest.dropFirst(4)) {
      frame.file = location.file
      frame.line = location.line
    }
    frame.isInlined = rest.firstRange(of: " [inlined]") != nil
  }

  /// ` + 131` at the start of `text`.
  private static func isOffset(_ text: ByteSlice) -> Bool {
    text.hasPrefix(" + ") && text.digitRun(from: 3) > 0
  }

  /// `(UnsafeCurrentTask) task = id:2 flags:suspended|enqueued {`: the task id and its flags.
  static func taskInfo(_ text: ByteSlice) -> (id: Int, flags: ByteSlice)? {
    guard let start = text.firstRange(of: "task = id:") else { return nil }
    let rest = text.dropFirst(start + 10)
    let digits = rest.digitRun(from: 0)
    guard digits > 0, let id = rest.prefix(digits).saturatingDecimalValue() else { return nil }
    let after = rest.dropFirst(digits)
    guard after.hasPrefix(" flags:") else { return (id, after.prefix(0)) }
    let flags = after.dropFirst(7)
    return (id, flags.prefix(flags.firstIndex(of: 0x20) ?? flags.count))
  }
}

extension LLDBLineShapes {
  /// `2` on Linux, `0x0002` on macOS: lldb prints a tid in decimal or hex by platform; a value
  /// beyond 64 bits saturates.
  static func number(_ text: ByteSlice) -> Int? {
    if text.hasPrefix("0x") {
      let digits = text.hexDigitRun(from: 2)
      guard digits > 0 else { return nil }
      return text.dropFirst(2).prefix(digits).hexValue().map { Int(clamping: $0) } ?? .max
    }
    let digits = text.digitRun(from: 0)
    return digits > 0 ? text.prefix(digits).saturatingDecimalValue() : nil
  }
}
