/// The lines of swift-inspect's `dump-concurrency`, as `DumpConcurrency.swift` prints them,
/// read without regular expressions:
///
///     TASKS
///
///           Task 2 - flags=future enqueuePriority=0x15 maxPriority=0x15 address=0x600002f0c000
///             async backtrace: Connection.awaitReply() + 0x0 in Gateway
///                              Handler.handle(_:) + 0x0 in Gateway
///             resume function: withCheckedContinuation<A>(isolation:function:_:) + 0x0 in libswift_Concurrency.dylib
///             task allocator: 2048 bytes in 7 chunks
///             * 1 child task
///
///             `--Task 5 - flags=childTask|future|asyncLetTask enqueuePriority=0x15 …
///                  parent: 0x600002f0c000
///
///     ACTORS
///       0x600003a1c0a0 Gateway.SessionStore state=running flags=0 maxPriority=0x15
///         job queue: Task 17 SessionStore.lookup(_:) + 0x0 in Gateway
///
///     THREADS
///       Thread 0x1c3d52 - current task: 12
///
/// Earlier versions print `Task 0x5 - flags=… priority=0x15 address=…` (hex ids), backtrace
/// entries without ` in module`, `resume function: f() in module`, and actors with `status=`.
enum SwiftInspectLineShapes {
  /// `text` (whitespace trimmed) without the tree drawing before it: `|`, spaces, and a
  /// `+--` or `` `--`` branch.
  static func droppingTree(_ text: ByteSlice) -> ByteSlice {
    var index = 0
    while index < text.count, text[index] == 0x20 || text[index] == 0x09 || text[index] == UInt8(ascii: "|") {
      index += 1
    }
    let rest = text.dropFirst(index)
    if rest.hasPrefix("+--") || rest.hasPrefix("`--") { return rest.dropFirst(3) }
    return rest
  }

  struct TaskHeader {
    /// Task ids are per-process counters: never part of a group's identity.
    var id: Int
    /// `Task.init(name:)` (Swift 6.2+).
    var name: ByteSlice?
    var flags: ByteSlice
    /// Links a child's `parent:` line to this task within one dump, nothing more.
    var address: UInt64?
  }

  /// `Task 5 - flags=future enqueuePriority=0x15 maxPriority=0x15 address=0x6000…`,
  /// `Task "worker" 5 - flags=…`, `Task 0x5 - flags=future priority=0x15 address=0x…`.
  static func taskHeader(_ text: ByteSlice) -> TaskHeader? {
    guard text.hasPrefix("Task "), let dash = text.lastRange(of: " - flags="), dash > 5 else {
      return nil
    }
    var head = text[5..<dash]
    var name: ByteSlice?
    if head.first == UInt8(ascii: "\"") {
      guard let close = head.lastIndex(of: UInt8(ascii: "\"")), close > 0 else { return nil }
      name = head[1..<close]
      head = head.dropFirst(close + 1).trimmingLeadingWhitespace()
    }
    guard let id = number(head) else { return nil }
    let rest = text.dropFirst(dash + 9)
    let flags = rest.prefix(rest.firstIndex(of: 0x20) ?? rest.count)
    guard !flags.isEmpty, isFlagWord(flags), let at = rest.firstRange(of: " address=0x") else { return nil }
    let value = rest.dropFirst(at + 11)
    return TaskHeader(
      id: id, name: name, flags: flags, address: value.prefix(value.hexDigitRun(from: 0)).hexValue())
  }

  /// `future|groupChildTask`, `0`.
  private static func isFlagWord(_ flags: ByteSlice) -> Bool {
    for index in 0..<flags.count {
      let byte = flags[index]
      let isLetter = (byte | 0x20) &- 0x61 < 26
      guard isLetter || byte &- 0x30 < 10 || byte == UInt8(ascii: "|") else { return false }
    }
    return true
  }

  /// What follows `* ` in `* 2 child tasks`: whether the line says the task has children.
  static func isChildCount(_ text: ByteSlice) -> Bool {
    guard text.hasPrefix("* ") else { return false }
    let digits = text.digitRun(from: 2)
    return digits > 0 && text.dropFirst(2 + digits).hasPrefix(" child task")
  }

  struct Symbol {
    var name: ByteSlice
    /// The image's file name; nil when not printed or `<unknown>`.
    var module: ByteSlice?
  }

  /// One async backtrace entry or resume function: `f() + 0x1c in Module` (newest),
  /// `f() in Module`, `f()` (earlier backtrace entries), `<0x1000a3f40>` (no symbol). The
  /// ` resume partial function for ` prefix is already gone: swift-inspect strips it.
  static func symbol(_ text: ByteSlice) -> Symbol {
    if text.hasPrefix("<0x"), text.last == UInt8(ascii: ">") {
      return Symbol(name: text.dropFirst(1).dropLast(1), module: nil)
    }
    if let plus = text.lastRange(of: " + 0x") {
      let after = text.dropFirst(plus + 5)
      let digits = after.hexDigitRun(from: 0)
      let tail = after.dropFirst(digits)
      if digits > 0, tail.isEmpty || tail.hasPrefix(" in ") {
        return Symbol(name: text.prefix(plus), module: tail.isEmpty ? nil : module(tail.dropFirst(4)))
      }
    }
    // Names hold ` in ` too (`closure #1 in f()`): only a word that can be a file name ends one.
    if let range = text.lastRange(of: " in ") {
      let candidate = text.dropFirst(range + 4)
      if isModuleName(candidate) { return Symbol(name: text.prefix(range), module: module(candidate)) }
    }
    return Symbol(name: text, module: nil)
  }

  private static func module(_ text: ByteSlice) -> ByteSlice? {
    text.isEmpty || text.equals("<unknown>") ? nil : text
  }

  /// `Gateway`, `libswift_Concurrency.dylib`, `<unknown>`; not `Foo.bar.getter` or `f()`.
  private static func isModuleName(_ text: ByteSlice) -> Bool {
    if text.equals("<unknown>") { return true }
    guard !text.isEmpty else { return false }
    var hasDot = false
    for index in 0..<text.count {
      switch text[index] {
      case 0x20, 0x09, UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "<"), UInt8(ascii: ">"),
        UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: ","), UInt8(ascii: ":"):
        return false
      case UInt8(ascii: "."): hasDot = true
      default: break
      }
    }
    return !hasDot || text.hasSuffix(".dylib") || text.hasSuffix(".so") || text.hasSuffix(".dll")
      || text.hasSuffix(".exe") || text.firstRange(of: ".so.") != nil
  }

  /// `0x600002d08000 Gateway.SessionStore state=running flags=0 maxPriority=0x15` (`status=`
  /// before).
  static func isActor(_ text: ByteSlice) -> Bool {
    text.hasPrefix("0x") && text.firstRange(of: " maxPriority=") != nil
      && (text.firstRange(of: " state=") != nil || text.firstRange(of: " status=") != nil)
  }

  /// The lines under an actor: the thread it waits on, its job queue.
  static func isActorDetail(_ text: ByteSlice) -> Bool {
    text.hasPrefix("waiting on thread: ") || text.hasPrefix("job queue: ") || text.equals("no jobs queued")
      || text.hasPrefix("Task ") || text.hasPrefix("<internal job 0x") || text.equals("...truncated...")
  }

  /// `Thread 0x1c3d52 - current task: 12`.
  static func isThread(_ text: ByteSlice) -> Bool {
    text.hasPrefix("Thread 0x") && text.firstRange(of: " - current task: ") != nil
  }

  /// Diagnostics swift-inspect prints inside the task list.
  static func isToolMessage(_ text: ByteSlice) -> Bool {
    text.hasPrefix("warning: unable to decode is-running state")
      || text.hasPrefix("Inconsistent data detected! ")
      || text.hasPrefix("Error getting info for async task ")
  }

  // MARK: Bytes

  /// A task id: decimal, or `0x…` in earlier versions; too large is `Int.max`.
  private static func number(_ text: ByteSlice) -> Int? {
    if text.hasPrefix("0x") {
      let digits = text.dropFirst(2)
      guard let value = digits.hexValue() else { return nil }
      return value > UInt64(Int.max) ? Int.max : Int(value)
    }
    return text.saturatingDecimalValue()
  }

}
