import ArgumentParser
import StackDiffCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes to stdout and stderr.
///
/// A reader that went away (EPIPE, `stackdiff show big.txt | head`) ends the program quietly
/// with the status the command had already reached; any other write failure (a full disk) is
/// an error.
enum Console {
  /// `write(_:status:)` with the status of a command whose output is all it does.
  static func write(_ text: String) { write(text, status: 0) }

  /// Writes the report of a command that will exit with `status`.
  static func write(_ text: String, status: Int32) {
    write(text, to: 1, name: "standard output", status: status)
  }

  /// Writes to `descriptor` (`name` in messages); a closed pipe ends the program with
  /// `status`, any other failure with 2.
  static func write(_ text: String, to descriptor: Int32, name: String, status: Int32) {
    guard let failure = writeAll(text, to: descriptor) else { return }
    if failure == EPIPE { exit(status) }
    error("stackdiff: error: \(name): \(String(cString: strerror(failure)).lowercased())")
    exit(2)
  }

  static func error(_ line: String) {
    _ = writeAll(line + "\n", to: 2)
  }

  /// Writes `text` to stderr as it is: a status line that rewrites itself (`\r`).
  static func errorText(_ text: String) {
    _ = writeAll(text, to: 2)
  }

  /// Nil when everything was written, else the `errno` of the failure.
  private static func writeAll(_ text: String, to descriptor: Int32) -> Int32? {
    var text = text
    return text.withUTF8 { bytes in
      guard let base = bytes.baseAddress else { return nil }
      var offset = 0
      while offset < bytes.count {
        let n = systemWrite(descriptor, base + offset, bytes.count - offset)
        if n < 0 {
          if errno == EINTR { continue }
          return errno
        }
        offset += n
      }
      return nil
    }
  }

  /// Prints `stackdiff: error: …` and exits with status 2 (bad input).
  static func fail(_ error: InputError) -> ExitCode {
    Console.error("stackdiff: error: \(error.description)")
    return ExitCode(2)
  }
}

/// The C library's `write`, which `Console.write` would otherwise shadow.
#if canImport(Glibc)
  private let systemWrite = Glibc.write
#elseif canImport(Darwin)
  private let systemWrite = Darwin.write
#endif
