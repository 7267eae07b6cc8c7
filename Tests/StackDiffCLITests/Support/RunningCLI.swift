import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The built binary running in the background, its output collected as it comes, for commands
/// that run until stopped (`watch`): a test waits for a line, then signals it.
final class RunningCLI: @unchecked Sendable {
  private let process = Process()
  private let condition = NSCondition()
  // Guarded by `condition`.
  private var stdout = Data()
  private var stderr = Data()
  private var openPipes = 2

  init(_ arguments: [String]) throws {
    process.executableURL = URL(fileURLWithPath: CLI.binary)
    process.arguments = arguments
    var environment = ProcessInfo.processInfo.environment
    environment.removeValue(forKey: "NO_COLOR")
    process.environment = environment
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    collect(out.fileHandleForReading, isError: false)
    collect(err.fileHandleForReading, isError: true)
  }

  private func collect(_ handle: FileHandle, isError: Bool) {
    Thread { [self] in
      while true {
        let data = handle.availableData
        condition.lock()
        if data.isEmpty { openPipes -= 1 } else if isError { stderr += data } else { stdout += data }
        condition.broadcast()
        condition.unlock()
        if data.isEmpty { return }
      }
    }.start()
  }

  /// Waits until standard output (or error) holds `text`; false after `timeout` seconds.
  func wait(for text: String, onStandardError: Bool = false, timeout: Double = 60) -> Bool {
    let deadline = Date(timeIntervalSinceNow: timeout)
    condition.lock()
    defer { condition.unlock() }
    while true {
      let output = String(decoding: onStandardError ? stderr : stdout, as: UTF8.self)
      if output.contains(text) { return true }
      if openPipes == 0 || !condition.wait(until: deadline) { return false }
    }
  }

  func send(_ signal: Int32) { kill(process.processIdentifier, signal) }

  /// Waits for the process to end and its output to close; kills it after `timeout` seconds, so
  /// a watch that ignores its signal fails the test instead of hanging the suite.
  func finish(timeout: Double = 60) -> CLI.Result {
    let deadline = Date(timeIntervalSinceNow: timeout)
    while process.isRunning && Date() < deadline { usleep(10_000) }
    if process.isRunning { send(SIGKILL) }
    process.waitUntilExit()
    condition.lock()
    while openPipes > 0 { condition.wait() }
    defer { condition.unlock() }
    return CLI.Result(
      status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
      stderr: String(decoding: stderr, as: UTF8.self))
  }
}
