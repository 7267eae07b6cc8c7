import ArgumentParser
import StackDiffCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

struct Check: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Assert on a dump for CI: exit 1 with a report when an assertion fails.",
    discussion: """
      Patterns are literal substrings of a frame's function name or file:line \
      ('(*Server).logsContainer' and 'Connection.awaitReply()' need no escaping); --regex \
      makes them regular expressions. lldb prints no argument labels: its Swift frames end in \
      '(…)', and a pattern ending in labels ('consumeEvents(from:)') matches them by base \
      name, whatever the labels. Traces every program has (Go runtime workers, signal \
      handling, the testing runner, whoever took the dump; Swift's Dispatch manager and idle \
      workers, the crashed thread) are ignored unless --no-default-ignores is given.

      An ignore file holds one rule per line, '#' starts a comment:
        top: example.com/x/cache.(*Cache).janitor
        any: go.opencensus.io/stats/view.(*worker).start
        created-by: example.com/x/metrics.Start
        state: IO wait

      Examples:
        stackdiff check after.txt --absent '(*Server).logsContainer'
        stackdiff check after.txt --baseline before.txt --max-growth 0 --format junit > check.xml
        stackdiff check tasks.txt --absent 'Connection.awaitReply()'   # lldb or swift-inspect task dump
        stackdiff check http://127.0.0.1:6060/debug/pprof/goroutine?debug=2 \\
            --absent 'logsContainer' --retry 10 --retry-interval 500ms

      Exit status: 0 every assertion holds, 1 one failed, 2 bad input, 64 usage error.
      """)

  @Argument(help: "The dump to check: a file, '-' or an http(s) URL.")
  var dump: String

  @Option(help: "An earlier dump to measure growth against.")
  var baseline: String?

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

  @Option(
    help: ArgumentHelp(
      "With a URL dump: fetch again up to N times until the assertions hold (network errors, timeouts and HTTP 408/425/429/5xx are retried too).",
      valueName: "n"))
  var retry = 0

  @Option(
    name: .customLong("retry-interval"),
    help: ArgumentHelp("Wait between fetches (500ms, 2s, 1m).", valueName: "duration"))
  var retryInterval = Seconds(1)

  @Option(help: ArgumentHelp("Output format.", valueName: "text|json|junit|github"))
  var format: CheckFormat = .text

  @Option(help: "Most groups printed per failed assertion.")
  var top = 10

  @Option(
    name: .customLong("path-prefix"),
    help: ArgumentHelp(
      "For --format github: replace the build prefix OLD of a dump's paths with NEW, the path in the repository (repeatable; NEW may be '.' or empty).",
      valueName: "old=new"))
  var pathPrefixes: [RepositoryPaths.Rule] = []

  @Option(
    name: .customLong("module"),
    help: ArgumentHelp(
      "For --format github: files of Go module MODULE (as a -trimpath build prints them) are under DIR (repeatable; default: the module of ./go.mod is '.').",
      valueName: "module=dir"))
  var modules: [RepositoryPaths.Rule] = []

  @OptionGroup var input: InputOptions
  @OptionGroup var output: OutputOptions

  func validate() throws {
    try output.requireNotOverwriting([dump] + (baseline.map { [$0] } ?? []) + ignoreFiles)
    if try patterns().isEmpty {
      throw ValidationError(
        "check needs at least one assertion (--absent, --present, --max, --max-total, --max-growth, …).")
    }
    if baseline == nil && (maximumGrowth != nil || !maximumGrowthOf.isEmpty || maximumNewGroups != nil) {
      throw ValidationError("--max-growth, --max-growth-of and --max-new-groups need --baseline.")
    }
    if retry < 0 { throw ValidationError("--retry must not be negative.") }
    if top < 1 { throw ValidationError("--top must be at least 1.") }
    if retry > 0 && !HTTPFetcher.isURL(dump) {
      throw ValidationError("--retry fetches again, so the dump must be an http:// or https:// URL.")
    }
    for limit in [maximumTotal, maximumGrowth, maximumNewGroups].compactMap({ $0 }) + maxima.map(\.limit)
      + maximumGrowthOf.map(\.limit)
    where limit < 0 {
      throw ValidationError("limits must not be negative.")
    }
  }

  private func pattern(_ text: String) throws -> FramePattern {
    do {
      return try FramePattern(text, isRegex: regex)
    } catch let error as FramePattern.InvalidPattern {
      throw ValidationError(error.description)
    }
  }

  private func patterns() throws -> [Assertion] {
    var all: [Assertion] = []
    all += try absent.map { .absent(try pattern($0)) }
    all += try present.map { .present(try pattern($0)) }
    all += try maxima.map { .max(try pattern($0.pattern), $0.limit) }
    all += assertions()
    all += try maximumGrowthOf.map { .maxGrowthOf(try pattern($0.pattern), $0.limit) }
    return all
  }

  private func assertions() -> [Assertion] {
    var all: [Assertion] = []
    if let maximumTotal { all.append(.maxTotal(maximumTotal)) }
    if let maximumGrowth { all.append(.maxGrowth(maximumGrowth)) }
    if let maximumNewGroups { all.append(.maxNewGroups(maximumNewGroups)) }
    return all
  }

  private func ignoreRules() throws -> IgnoreRules {
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

  func run() throws {
    let assertions = try patterns()
    let rules = try ignoreRules()
    let loader = SnapshotLoader(input)
    let before = try baseline.map { try loader.loadOne($0) }
    var attempt = 0
    while true {
      let isLastAttempt = attempt >= retry
      let snapshot: Snapshot
      do {
        snapshot = try isLastAttempt ? loader.loadOne(dump) : loader.loadOneQuietly(dump)
      } catch let error as InputError where error.kind == .transient {
        Console.error(
          "stackdiff: note: attempt \(attempt + 1) of \(retry + 1): \(error.description); retrying in \(retryInterval)"
        )
        retryInterval.sleep()
        attempt += 1
        continue
      } catch let error as InputError {
        // Fetching again cannot mend a client error or a damaged dump.
        throw Console.fail(error)
      }
      let report = Checker.check(
        snapshot, baseline: before, assertions: assertions, ignoring: rules, mode: input.grouping)
      if !report.passed && !isLastAttempt {
        let failed = report.results.filter { !$0.passed }.map(\.assertion.description)
        Console.error(
          "stackdiff: note: attempt \(attempt + 1) of \(retry + 1): \(failed.joined(separator: ", ")) failed; retrying in \(retryInterval)"
        )
        retryInterval.sleep()
        attempt += 1
        continue
      }
      let renderer = CheckRenderer(
        style: output.style, fullPaths: output.fullPaths, top: top, paths: repositoryPaths())
      // A failed check fails even if whoever reads the report stops reading.
      let status = loader.exitStatus(otherwise: report.passed ? 0 : 1)
      let destination = output.destination
      switch format {
      case .text: destination.write(renderer.text(report), status: status)
      case .json: destination.write(renderer.json(report), status: status)
      case .junit: destination.write(renderer.junit(report), status: status)
      case .github: destination.write(renderer.github(report), status: status)
      }
      destination.finish()
      try loader.finish(otherwise: report.passed ? 0 : 1)
      return
    }
  }

  /// The given rules, then the module of `./go.mod` at the current directory unless given.
  private func repositoryPaths() -> RepositoryPaths {
    var moduleRules = modules
    if let goMod = try? TextFile.read("go.mod"), let module = RepositoryPaths.goModulePath(in: goMod),
      !modules.contains(where: { $0.from == module })
    {
      moduleRules.append(RepositoryPaths.Rule(from: module, to: "."))
    }
    return RepositoryPaths(prefixes: pathPrefixes, modules: moduleRules, workingDirectory: currentDirectory())
  }

  private func currentDirectory() -> String? {
    var buffer = [CChar](repeating: 0, count: 4096)
    guard getcwd(&buffer, buffer.count) != nil else { return nil }
    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}

extension RepositoryPaths.Rule: ExpressibleByArgument {
  public init?(argument: String) { self.init(parsing: argument) }
}

enum CheckFormat: String, ExpressibleByArgument, CaseIterable {
  case text, json, junit, github
}

/// `PATTERN=N`; the pattern may itself contain `=`, so the count follows the last one.
struct PatternLimit: ExpressibleByArgument {
  var pattern: String
  var limit: Int

  init?(argument: String) {
    guard let equals = argument.lastIndex(of: "="),
      let limit = Int(argument[argument.index(after: equals)...]),
      equals > argument.startIndex
    else { return nil }
    pattern = String(argument[..<equals])
    self.limit = limit
  }
}

/// `500ms`, `2s`, `1.5s`, `1m`, or a plain number of seconds.
struct Seconds: ExpressibleByArgument, CustomStringConvertible {
  var value: Double

  init(_ value: Double) { self.value = value }

  init?(argument: String) {
    let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60)]
    var number: Double?
    var scale = 1.0
    for (suffix, unit) in units where argument.hasSuffix(suffix) {
      number = Double(argument.dropLast(suffix.count))
      scale = unit
      break
    }
    if number == nil { number = Double(argument) }
    // At most a day: an interval is a pause between fetches, and a finite one.
    guard let number, number.isFinite, number >= 0, number * scale <= 86_400 else { return nil }
    value = number * scale
  }

  var description: String { value < 1 ? "\(Int(value * 1000))ms" : "\(value.formatted1)s" }
  var defaultValueDescription: String { "1s" }

  func sleep() {
    var request = timespec(tv_sec: Int(value), tv_nsec: Int((value - value.rounded(.down)) * 1e9))
    var remaining = timespec()
    while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
  }
}

extension Double {
  fileprivate var formatted1: String {
    self == rounded() ? String(Int(self)) : String(self)
  }
}
