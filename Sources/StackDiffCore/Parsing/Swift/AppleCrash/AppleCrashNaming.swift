/// What both forms of an Apple crash report agree to call a frame without a symbol and a
/// thread, so that the text and the JSON of one crash give the same groups.
enum AppleCrashNaming {
  /// A thread's name: the name the program gave it (`NIO-ELT-0-#0`), else the Dispatch queue it
  /// was running (`com.apple.main-thread`); nil when it has neither.
  static func threadName(name: String?, queue: String?) -> String? {
    if let name, !name.isEmpty { return name }
    if let queue, !queue.isEmpty { return queue }
    return nil
  }
}
