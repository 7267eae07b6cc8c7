import ArgumentParser
import StackDiffCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

struct Check: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
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

  @OptionGroup var assertions: AssertionOptions

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
    try output.requireNotOverwriting([dump] + (baseline.map { [$0] } ?? []) + assertions.ignoreFiles)
    if try assertions.assertions().isEmpty {
      throw ValidationError(
        "check needs at least one assertion (--absent, --present, --max, --max-total, --max-growth, …).")
    }
    if baseline == nil && assertions.needsBaseline {
      throw ValidationError("--max-growth, --max-growth-of and --max-new-groups need --baseline.")
    }
    if retry < 0 { throw ValidationError("--retry must not be negative.") }
    if top < 1 { throw ValidationError("--top must be at least 1.") }
    if retry > 0 && !HTTPFetcher.isURL(dump) {
      throw ValidationError("--retry fetches again, so the dump must be an http:// or https:// URL.")
    }
  }

  func run() throws {
    let assertions = try self.assertions.assertions()
    let rules = try self.assertions.ignoreRules()
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
