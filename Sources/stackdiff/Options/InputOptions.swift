import ArgumentParser
import StackDiffCore

extension GroupingMode: ExpressibleByArgument {}
extension DumpFormat: ExpressibleByArgument {
  public init?(argument: String) {
    guard let format = FormatRegistry.standard.format(named: argument) else { return nil }
    self = format
  }

  public static var allValueStrings: [String] { FormatRegistry.standard.formats.map(\.name) }
}

/// A size such as `4G`, `512M`, `1048576`.
struct ByteCount: ExpressibleByArgument {
  var value: UInt64

  init(_ value: UInt64) { self.value = value }

  init?(argument: String) {
    var digits = argument.uppercased()
    if digits.hasSuffix("IB") { digits.removeLast(2) } else if digits.hasSuffix("B") { digits.removeLast() }
    var shift: UInt64 = 0
    switch digits.last {
    case "K": shift = 10
    case "M": shift = 20
    case "G": shift = 30
    case "T": shift = 40
    default: break
    }
    if shift > 0 { digits.removeLast() }
    guard let number = UInt64(digits), number <= UInt64.max >> shift else { return nil }
    value = number << shift
  }

  var defaultValueDescription: String { "4G" }
}

/// How inputs are read and grouped; shared by every command.
struct InputOptions: ParsableArguments {
  @Option(
    name: .customLong("group-by"),
    help: ArgumentHelp(
      "What makes two traces the same: 'lines' (state, functions, files and lines, creator), 'functions' (ignore line numbers, survives rebuilds), 'exact' (also argument values) or 'thread-name' (as lines, and the thread's name with digits folded: splits Swift threads cut to one futex frame).",
      valueName: "lines|functions|exact|thread-name"))
  var grouping: GroupingMode = .lines

  @Flag(
    name: .customLong("runtime-frames"),
    help:
      "Keep runtime-internal frames that some dumps print and others hide: Go's runtime.gopark, Swift's thunks, partial applies and thread-start frames."
  )
  var keepsRuntimeFrames = false

  @Option(
    help: ArgumentHelp(
      "Which dump to use when an input holds several (a log with two SIGQUIT dumps): a number from 1, or 'last'.",
      valueName: "n|last"))
  var snapshot: SnapshotSelection?

  @Option(
    name: .customLong("input-format"),
    help: ArgumentHelp(
      "Read inputs as this format only, instead of detecting it.",
      valueName: "format"))
  var inputFormat: DumpFormat?

  @Option(
    name: .customLong("max-input-bytes"),
    help: ArgumentHelp(
      "Refuse compressed inputs that inflate to more than this (suffixes K, M, G: powers of 1024).",
      valueName: "size"))
  var maximumInputBytes = ByteCount(DumpReader.Options.defaultMaximumInputBytes)

  @Option(
    help: ArgumentHelp(
      "Seconds an input may take: an http(s) transfer (default 30) or standard input (default: no limit).",
      valueName: "seconds"))
  var timeout: Double?

  @Flag(
    name: .customLong("strict"),
    help:
      "Treat warnings about an input (lines not understood, totals that do not add up, a cut dump, skipped bytes) as errors: exit 2 after the report."
  )
  var isStrict = false

  func validate() throws {
    guard let timeout else { return }
    guard timeout.isFinite, timeout > 0, timeout <= 86_400 else {
      throw ValidationError("--timeout takes a number of seconds between 0 and 86400.")
    }
  }

  var readerOptions: DumpReader.Options {
    var options = DumpReader.Options(
      grouping: grouping, keepsHiddenFrames: keepsRuntimeFrames, inputFormat: inputFormat,
      maximumInputBytes: maximumInputBytes.value)
    options.timeout = timeout
    return options
  }
}

/// `--snapshot 2` or `--snapshot last`.
enum SnapshotSelection: ExpressibleByArgument, Equatable {
  case number(Int)
  case last

  init?(argument: String) {
    if argument == "last" {
      self = .last
    } else if let number = Int(argument), number >= 1 {
      self = .number(number)
    } else {
      return nil
    }
  }
}
