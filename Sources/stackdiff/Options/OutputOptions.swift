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

  var style: TextStyle {
    switch color {
    case .always: return TextStyle(isEnabled: true)
    case .never: return .plain
    case .auto:
      let noColor = getenv("NO_COLOR").map { String(cString: $0) } ?? ""
      let term = getenv("TERM").map { String(cString: $0) } ?? ""
      return TextStyle(isEnabled: isatty(1) == 1 && noColor.isEmpty && term != "dumb")
    }
  }
}
