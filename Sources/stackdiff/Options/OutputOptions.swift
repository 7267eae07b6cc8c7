import ArgumentParser
import StackDiffCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
  case auto, always, never
}

/// How reports are printed; shared by every command.
struct OutputOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "When to colour the output; NO_COLOR in the environment turns 'auto' off.",
      valueName: "auto|always|never"))
  var color: ColorChoice = .auto

  @Flag(name: .customLong("full-paths"), help: "Print full file paths instead of file names.")
  var fullPaths = false

  @Option(
    name: [.customShort("o"), .customLong("output")],
    help: ArgumentHelp(
      "Write the report to FILE instead of standard output (any format; created once the inputs were read; '-' is standard output).",
      valueName: "file"))
  var outputOption: String?

  /// The file the report goes to; nil for standard output (`--output -` included).
  var outputPath: String? { outputOption == "-" ? nil : outputOption }

  func validate() throws {
    guard let outputPath else { return }
    if outputPath.isEmpty { throw ValidationError("--output needs a file name.") }
    var status = stat()
    if stat(outputPath, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR {
      throw ValidationError("--output \(outputPath) is a directory; give a file name.")
    }
    var parent = "."
    if let slash = outputPath.lastIndex(of: "/") {
      parent = slash == outputPath.startIndex ? "/" : String(outputPath[..<slash])
    }
    if stat(parent, &status) != 0 || (status.st_mode & S_IFMT) != S_IFDIR {
      throw ValidationError("--output \(outputPath): no directory \(parent) to write it in.")
    }
    // Found now, not after the inputs were read (or after hours of `watch`): opened without
    // truncating an earlier report, or created and removed again.
    let exists = access(outputPath, F_OK) == 0
    let probe = open(
      outputPath, exists ? O_WRONLY | O_CLOEXEC : O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    guard probe >= 0 else {
      throw ValidationError("--output \(outputPath): \(String(cString: strerror(errno)).lowercased()).")
    }
    close(probe)
    if !exists { unlink(outputPath) }
  }

  /// Where the report goes.
  var destination: ReportOutput { ReportOutput(path: outputPath) }

  /// A usage error when `format` is meant for a file (HTML) and the report would go to a
  /// terminal: give --output, or redirect.
  func requireFileOrPipe(for format: String) throws {
    if outputPath == nil && isatty(1) == 1 {
      throw ValidationError(
        "--format \(format) writes a page for a browser, not a terminal: add --output report.\(format), or redirect standard output (> report.\(format))."
      )
    }
  }

  /// A usage error when --output names one of the inputs, which the report would overwrite.
  func requireNotOverwriting(_ inputs: [String]) throws {
    guard let outputPath else { return }
    var target = stat()
    guard stat(outputPath, &target) == 0 else { return }
    for input in inputs where input != "-" {
      var source = stat()
      if stat(input, &source) == 0 && source.st_dev == target.st_dev && source.st_ino == target.st_ino {
        throw ValidationError("--output \(outputPath) is the input \(input); the report would overwrite it.")
      }
    }
  }

  var style: TextStyle {
    switch color {
    case .always: return TextStyle(isEnabled: true)
    case .never: return .plain
    case .auto:
      let noColor = getenv("NO_COLOR").map { String(cString: $0) } ?? ""
      let term = getenv("TERM").map { String(cString: $0) } ?? ""
      // A report written to a file has no colours, whatever the terminal.
      return TextStyle(isEnabled: outputPath == nil && isatty(1) == 1 && noColor.isEmpty && term != "dumb")
    }
  }
}
