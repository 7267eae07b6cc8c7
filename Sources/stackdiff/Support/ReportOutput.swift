import StackDiffCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Where a command's report goes: standard output, or the file `--output` names.
///
/// The file is created (or emptied) only when the report is written, after the inputs were
/// read: a command that fails on its input leaves an earlier report where it was.
final class ReportOutput {
  private let path: String?
  private var descriptor: Int32?
  private var isFinished = false

  init(path: String?) { self.path = path }

  /// Writes a piece of the report of a command that will exit with `status`.
  func write(_ text: String, status: Int32) {
    guard let path else {
      Console.write(text, status: status)
      return
    }
    Console.write(text, to: fileDescriptor(path), name: path, status: status)
  }

  /// Ends the report: the file exists even when the report was empty, and is closed.
  func finish() {
    guard let path, !isFinished else { return }
    isFinished = true
    let descriptor = fileDescriptor(path)
    if close(descriptor) != 0 {
      Console.error("stackdiff: error: \(path): \(String(cString: strerror(errno)).lowercased())")
      exit(2)
    }
    self.descriptor = nil
  }

  private func fileDescriptor(_ path: String) -> Int32 {
    if let descriptor { return descriptor }
    let opened = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard opened >= 0 else {
      Console.error("stackdiff: error: \(path): \(String(cString: strerror(errno)).lowercased())")
      exit(2)
    }
    descriptor = opened
    return opened
  }
}
