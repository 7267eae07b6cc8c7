/// Which goroutine states mean "parked waiting for something that may never happen".
public enum BlockingStates {
  /// Channel operations, select, network and file waits, semaphores and the `sync` waits that
  /// newer Go versions name (`sync.Mutex.Lock`, `sync.WaitGroup.Wait`, `sync.Cond.Wait`, …).
  /// Not blocked: running, runnable, syscall, sleep and the runtime's own idle states.
  public static func isBlocked(_ state: String) -> Bool {
    let base = baseState(state)
    if base.hasPrefix("chan send") || base.hasPrefix("chan receive") { return true }
    if base.hasPrefix("select") { return true }
    if base.hasPrefix("sync.") || base.hasPrefix("semacquire") { return true }
    switch base {
    case "IO wait", "wait for GC cycle", "debug call", "coroutine": return true
    default: return false
    }
  }

  /// The state without a trailing qualifier that does not change what it waits for:
  /// `chan send (leaked)` → `chan send`; `(nil chan)` and `(no cases)` are kept.
  static func baseState(_ state: String) -> String {
    for suffix in [" (leaked)", " (durable)", " (synctest)"] where state.hasSuffix(suffix) {
      return String(state.dropLast(suffix.count))
    }
    return state
  }
}
