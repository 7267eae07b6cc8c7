#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One status line on stderr that rewrites itself in place (`\r`, then clear to the end of the
/// line), only when stderr is a terminal: piped or redirected output never holds any of it.
/// Anything else printed must `clear()` it first, or would follow it on the same line.
struct ProgressLine {
  let isEnabled: Bool
  private var isShown = false

  init() {
    let term = getenv("TERM").map { String(cString: $0) } ?? ""
    isEnabled = isatty(2) == 1 && term != "dumb"
  }

  mutating func show(_ text: String) {
    guard isEnabled else { return }
    Console.errorText("\r\u{1B}[K" + text)
    isShown = true
  }

  mutating func clear() {
    guard isShown else { return }
    Console.errorText("\r\u{1B}[K")
    isShown = false
  }
}
