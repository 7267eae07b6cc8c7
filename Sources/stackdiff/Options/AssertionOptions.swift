import ArgumentParser
import StackDiffCore

/// The assertions of `check` and the rules that leave traces out of them; `watch` ends a soak
/// test with the same ones.
struct AssertionOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "Fail if any goroutine, thread or task has a frame matching PATTERN (repeatable).", valueName: "pattern"
    ))
  var absent: [String] = []

  @Option(
    help: ArgumentHelp(
      "Fail unless some goroutine, thread or task has a frame matching PATTERN (repeatable).",
      valueName: "pattern"))
  var present: [String] = []

  @Option(
    name: .customLong("max"),
    help: ArgumentHelp(
      "At most N traces (goroutines, threads, tasks) may match PATTERN (repeatable).", valueName: "pattern=n")
  )
  var maxima: [PatternLimit] = []

  @Option(
    name: .customLong("max-total"),
    help: ArgumentHelp("At most N traces in all (after ignores).", valueName: "n"))
  var maximumTotal: Int?

  @Option(
    name: .customLong("max-growth"),
    help: ArgumentHelp("No group may grow by more than N since the baseline.", valueName: "n"))
  var maximumGrowth: Int?

  @Option(
    name: .customLong("max-growth-of"),
    help: ArgumentHelp(
      "Traces matching PATTERN may grow by at most N since the baseline (repeatable).",
      valueName: "pattern=n"))
  var maximumGrowthOf: [PatternLimit] = []

  @Option(
    name: .customLong("max-new-groups"),
    help: ArgumentHelp("At most N groups may be new since the baseline.", valueName: "n"))
  var maximumNewGroups: Int?

  @Flag(help: "Treat patterns (in assertions, ignore options and ignore files) as regular expressions.")
  var regex = false

  @Option(
    name: .customLong("ignore-top"),
    help: ArgumentHelp("Ignore traces whose innermost frame matches.", valueName: "pattern"))
  var ignoreTop: [String] = []

  @Option(
    name: .customLong("ignore-any"),
    help: ArgumentHelp("Ignore traces with any frame matching.", valueName: "pattern"))
  var ignoreAny: [String] = []

  @Option(
    name: .customLong("ignore-created-by"),
    help: ArgumentHelp("Ignore traces created by a matching function.", valueName: "pattern"))
  var ignoreCreatedBy: [String] = []

  @Option(
    name: .customLong("ignore-state"),
    help: ArgumentHelp("Ignore traces in a matching state.", valueName: "pattern"))
  var ignoreState: [String] = []

  @Option(
    name: .customLong("ignore-file"),
    help: ArgumentHelp("Read ignore rules from FILE (repeatable).", valueName: "file"))
  var ignoreFiles: [String] = []

  @Flag(
    name: .customLong("no-default-ignores"),
    help:
      "Count the runtime's, the test harness's and the dump taker's goroutines, idle Dispatch workers and a crashed thread too."
  )
  var noDefaultIgnores = false

  func validate() throws {
    for limit in [maximumTotal, maximumGrowth, maximumNewGroups].compactMap({ $0 }) + maxima.map(\.limit)
      + maximumGrowthOf.map(\.limit)
    where limit < 0 {
      throw ValidationError("limits must not be negative.")
    }
    _ = try assertions()
  }

  /// Whether an assertion compares with an earlier dump.
  var needsBaseline: Bool { maximumGrowth != nil || !maximumGrowthOf.isEmpty || maximumNewGroups != nil }

  private func pattern(_ text: String) throws -> FramePattern {
    do {
      return try FramePattern(text, isRegex: regex)
    } catch let error as FramePattern.InvalidPattern {
      throw ValidationError(error.description)
    }
  }

  /// Every assertion given, in the order `check` reports them.
  func assertions() throws -> [Assertion] {
    var all: [Assertion] = []
    all += try absent.map { .absent(try pattern($0)) }
    all += try present.map { .present(try pattern($0)) }
    all += try maxima.map { .max(try pattern($0.pattern), $0.limit) }
    if let maximumTotal { all.append(.maxTotal(maximumTotal)) }
    if let maximumGrowth { all.append(.maxGrowth(maximumGrowth)) }
    if let maximumNewGroups { all.append(.maxNewGroups(maximumNewGroups)) }
    all += try maximumGrowthOf.map { .maxGrowthOf(try pattern($0.pattern), $0.limit) }
    return all
  }

  /// The ignore options and files; an unreadable ignore file ends the command with status 2.
  func ignoreRules() throws -> IgnoreRules {
    var rules: [IgnoreRule] = []
    rules += try ignoreTop.map { IgnoreRule(.top, try pattern($0)) }
    rules += try ignoreAny.map { IgnoreRule(.any, try pattern($0)) }
    rules += try ignoreCreatedBy.map { IgnoreRule(.createdBy, try pattern($0)) }
    rules += try ignoreState.map { IgnoreRule(.state, try pattern($0)) }
    for file in ignoreFiles {
      do {
        rules += try IgnoreRules.parseFile(try TextFile.read(file), name: file, isRegex: regex)
      } catch let error as InputError {
        throw Console.fail(error)
      }
    }
    return IgnoreRules(rules: rules, usesDefaults: !noDefaultIgnores)
  }
}
