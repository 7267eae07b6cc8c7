/// A Swift task's state, from the flags lldb prints for it (`flags:suspended|enqueued`).
enum SwiftTaskState {
  /// The flags that say what the task is doing, in lldb's order; the others
  /// (`groupChildTask`, `future`, …) say what kind of task it is. `complete` is swift-inspect's
  /// spelling of a finished task.
  static let statusFlags: Set<Substring> = [
    "running", "enqueued", "suspended", "cancelled", "completed", "complete",
  ]

  /// `suspended|groupChildTask` → `suspended`; nil when no flag is a status.
  static func state(flags: Substring) -> String? {
    let status = flags.split(separator: "|").filter { statusFlags.contains($0) }
    return status.isEmpty ? nil : status.joined(separator: "|")
  }

  /// swift-inspect's flags (`future|enqueued`, `0` for none). It prints no `suspended`: a task
  /// it could read the running state of (`knowsRunning`) that is neither running nor complete
  /// is suspended, written first as lldb writes it (`suspended|enqueued`).
  static func state(inspectFlags flags: Substring, knowsRunning: Bool) -> String? {
    let words = flags.split(separator: "|")
    guard knowsRunning, !words.contains("running"), !words.contains("complete") else {
      return state(flags: flags)
    }
    return state(flags: "suspended|" + flags)
  }

  /// A suspended task waits for a continuation, a stream, a sleep or a child: something that
  /// may never come. An enqueued one waits for its executor: behind an actor that another task
  /// holds (`suspended|enqueued` after an `await` on it), or for a pool that is never free. A
  /// growing queue of them is a backlog that never drains, as goroutines waiting for a mutex
  /// are; a busy moment's few are a small change. Running and finished tasks wait for nothing.
  static func isBlocked(_ state: String) -> Bool {
    let flags = state.split(separator: "|")
    guard !flags.contains("running"), !flags.contains("completed"), !flags.contains("complete") else {
      return false
    }
    return flags.contains("suspended") || flags.contains("enqueued")
  }

  /// `+90 tasks waiting to run (suspended|enqueued)`: an enqueued task is ready and waits for its
  /// executor (a busy actor, a full pool), which is what a reader must be told.
  static func blockedPhrase(_ state: String) -> String {
    state.split(separator: "|").contains("enqueued") ? "waiting to run (\(state))" : state
  }
}
