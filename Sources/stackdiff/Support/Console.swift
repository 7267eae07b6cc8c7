import ArgumentParser
import StackDiffCore

#if canImport(Glibc)
  import Glibc
#endif

/// Writes to stdout and stderr; a reader that went away (EPIPE) ends the program quietly.
enum Console {
  static func write(_ text: String) {
    // Broken pipe or a closed stdout: nobody is reading any more, which is not an error.
    if !writeAll(text, to: 1) { exit(0) }
  }

  static func error(_ line: String) {
    _ = writeAll(line + "\n", to: 2)
  }

  private static func writeAll(_ text: String, to descriptor: Int32) -> Bool {
    var text = text
    return text.withUTF8 { bytes in
      guard let base = bytes.baseAddress else { return true }
      var offset = 0
      while offset < bytes.count {
        let n = Glibc.write(descriptor, base + offset, bytes.count - offset)
        if n < 0 {
          if errno == EINTR { continue }
          return false
        }
        offset += n
      }
      return true
    }
  }

  /// Prints `stackdiff: error: …` and exits with status 2 (bad input).
  static func fail(_ error: InputError) -> ExitCode {
    Console.error("stackdiff: error: \(error.description)")
    return ExitCode(2)
  }
}
