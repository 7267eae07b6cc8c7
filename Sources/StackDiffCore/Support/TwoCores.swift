/// Two pieces of work at once: one on the calling thread, the other on a thread of its own.
enum TwoCores {
  /// `here()` on this thread while `there()` runs on a second one, and both results; both on
  /// this thread, one after the other, when the system cannot start a thread.
  static func run<Here, There>(_ here: () -> Here, _ there: @escaping () -> There) -> (Here, There) {
    let box = ResultBox<There>()
    guard let thread = NativeThread.start({ box.value = there() }) else { return (here(), there()) }
    let hereResult = here()
    thread.join()
    // Written by the thread before `join` returned.
    guard let thereResult = box.value else { return (hereResult, there()) }
    return (hereResult, thereResult)
  }

  /// The second thread's result.
  private final class ResultBox<Value>: @unchecked Sendable {
    var value: Value?
  }
}
