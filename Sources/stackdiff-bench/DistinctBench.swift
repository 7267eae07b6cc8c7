/// The distinct-stack shape of issue 14: every goroutine has a stack of its own, so stackdiff's
/// caches of repeated stacks do not help. Measured beside `wc -l` and gostackparse-count (a Go
/// program that parses the dump with DataDog/gostackparse and hashes every stack).

/// The inputs of one distinct-stack size: `goroutines` distinct stacks, and the same dump with
/// 10% more (new) stacks for `diff`.
struct DistinctInputs {
  let goroutines: Int
  let before: InputFile
  let after: InputFile

  var label: String { countLabel(goroutines) }

  static func generate(goroutines: Int, workspace: Workspace) throws -> DistinctInputs {
    let generator = DistinctDumpGenerator()
    func write(_ count: Int, _ name: String) throws -> InputFile {
      let path = workspace.file(name)
      let start = monotonicSeconds()
      let bytes = try generator.write(count: count, to: path)
      printError("stackdiff-bench: writing \(path) (\(fixed(monotonicSeconds() - start, 1)) s)")
      return InputFile(path: path, bytes: bytes, uncompressedBytes: bytes, goroutines: count)
    }
    let label = countLabel(goroutines)
    let before = try write(goroutines, "distinct-\(label).txt")
    let after = try write(goroutines + afterExtra(goroutines), "distinct-\(label)-after.txt")
    return DistinctInputs(goroutines: goroutines, before: before, after: after)
  }

  /// The new stacks of the "after" dump: 10%.
  static func afterExtra(_ goroutines: Int) -> Int { max(goroutines / 10, 1) }

  /// Both dumps (about 1.2 KB a goroutine) and the sanity checks' output (JSON of every group:
  /// about 2.5 KB a goroutine), with a margin.
  static func bytesNeeded(goroutines: Int) -> Int { goroutines * 5_200 + 64 << 20 }
}

/// Everything measured for one distinct-stack size.
struct DistinctResult {
  let inputs: DistinctInputs
  let runs: Int
  let rssFloorMiB: Double
  let sanity: [SanityCheck]
  let cases: [CaseResult]
  /// Why gostackparse was not measured, when it was not.
  let gostackparseNote: String?

  func result(_ kind: BenchCase.Kind) -> CaseResult? { cases.first { $0.benchCase.kind == kind } }

  var failed: Bool { sanity.contains { !$0.passed } || cases.contains { $0.failure != nil } }

  /// The bytes a case reads: the dump, or both dumps for diff and its `wc -l`.
  func inputBytes(_ kind: BenchCase.Kind) -> Int {
    kind == .distinctDiff || kind == .distinctWcBoth
      ? inputs.before.bytes + inputs.after.bytes : inputs.before.bytes
  }
}

enum DistinctBench {
  /// Sizes of this many goroutines or more run at most `--distinct-max-runs` times.
  static let largeCount = 100_000

  static func measure(_ inputs: DistinctInputs, tools: Tools, runs: Int, workspace: Workspace) throws
    -> DistinctResult
  {
    let floor = try Benchmark.rssFloor(tools: tools, workspace: workspace)
    printError("stackdiff-bench: distinct \(inputs.label): sanity checks")
    var sanity = [
      try showText(inputs.before, stackdiff: tools.stackdiff, workspace: workspace),
      try showJSON(inputs.before, stackdiff: tools.stackdiff, workspace: workspace),
      try SanityCheck.diff(
        before: inputs.before, after: inputs.after, stackdiff: tools.stackdiff, workspace: workspace),
    ]
    if let gostackparse = tools.gostackparse {
      sanity.append(try peer(inputs.before, gostackparse: gostackparse, workspace: workspace))
    }

    let cases = makeCases(inputs, tools: tools, workspace: workspace)
    var results = cases.map { CaseResult(benchCase: $0) }
    for round in 1...runs {
      printError("stackdiff-bench: distinct \(inputs.label): round \(round) of \(runs)")
      for index in results.indices {
        results[index].runs.append(
          try Benchmark.runReporting(results[index].benchCase, timeout: nil, workspace: workspace))
      }
    }
    return DistinctResult(
      inputs: inputs, runs: runs, rssFloorMiB: floor, sanity: sanity, cases: results,
      gostackparseNote: tools.gostackparse == nil ? tools.gostackparseNote : nil)
  }

  private static func makeCases(_ inputs: DistinctInputs, tools: Tools, workspace: Workspace) -> [BenchCase] {
    let before = inputs.before
    let after = inputs.after
    let stderr = workspace.file("run.stderr")
    func make(
      _ kind: BenchCase.Kind, _ executable: String, _ name: String, _ arguments: [String], bytes: Int,
      goroutines: Int
    )
      -> BenchCase
    {
      let shown = arguments.map { $0.hasPrefix("/") ? fileName($0) : $0 }
      return BenchCase(
        kind: kind, title: ([name] + shown).joined(separator: " "),
        command: Command(executable: executable, arguments: arguments, stderr: .file(stderr)),
        bytes: bytes, goroutines: goroutines)
    }
    let both = (bytes: before.bytes + after.bytes, goroutines: before.goroutines + after.goroutines)
    var cases = [
      make(
        .distinctWc, tools.wc, "wc", ["-l", before.path], bytes: before.bytes, goroutines: before.goroutines)
    ]
    if let gostackparse = tools.gostackparse {
      cases.append(
        make(
          .distinctGostackparse, gostackparse, "gostackparse-count", [before.path], bytes: before.bytes,
          goroutines: before.goroutines))
    }
    cases += [
      make(
        .distinctShow, tools.stackdiff, "stackdiff", ["show", before.path], bytes: before.bytes,
        goroutines: before.goroutines),
      make(
        .distinctShowJSON, tools.stackdiff, "stackdiff", ["show", "--format", "json", before.path],
        bytes: before.bytes, goroutines: before.goroutines),
      make(
        .distinctWcBoth, tools.wc, "wc", ["-l", before.path, after.path], bytes: both.bytes,
        goroutines: both.goroutines),
      make(
        .distinctDiff, tools.stackdiff, "stackdiff", ["diff", before.path, after.path], bytes: both.bytes,
        goroutines: both.goroutines),
    ]
    return cases
  }

  // MARK: Sanity checks (untimed; they also warm the page cache)

  /// `stackdiff show FILE`'s title must say `N goroutines in N groups`.
  private static func showText(_ input: InputFile, stackdiff: String, workspace: Workspace) throws
    -> SanityCheck
  {
    let title = "stackdiff show \(input.name)"
    let expected = "\(input.goroutines) goroutines in \(input.goroutines) groups"
    let (result, path) = try run(stackdiff, ["show", input.path], workspace: workspace)
    defer { FileSystem.removeFile(path) }
    guard result.succeeded else {
      return SanityCheck(title: title, expected: expected, found: result.endingDescription, passed: false)
    }
    let head = (try? FileSystem.readFile(path, limit: 4096)) ?? []
    let firstLine = String(decoding: head.prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self)
    let found = firstLine.split(separator: " · ").last.map(String.init) ?? "no output"
    return SanityCheck(title: title, expected: expected, found: found, passed: found == expected)
  }

  /// `stackdiff show --format json FILE`: `"total"` and the number of groups (objects opening
  /// with `{"count":`, which only groups do) must both be the number of goroutines.
  private static func showJSON(_ input: InputFile, stackdiff: String, workspace: Workspace) throws
    -> SanityCheck
  {
    let title = "stackdiff show --format json \(input.name)"
    let expected = "total \(input.goroutines), \(input.goroutines) groups"
    let (result, path) = try run(stackdiff, ["show", "--format", "json", input.path], workspace: workspace)
    defer { FileSystem.removeFile(path) }
    guard result.succeeded else {
      return SanityCheck(title: title, expected: expected, found: result.endingDescription, passed: false)
    }
    let head = String(decoding: (try? FileSystem.readFile(path, limit: 4096)) ?? [], as: UTF8.self)
    let total = head.ranges(of: "\"total\":").first.flatMap { range in
      Int(head[range.upperBound...].prefix { $0.isASCII && $0.isNumber })
    }
    let groups = try FileSystem.countOccurrences(of: Array("{\"count\":".utf8), in: path)
    let found = "total \(total.map(String.init) ?? "missing"), \(groups) groups"
    return SanityCheck(title: title, expected: expected, found: found, passed: found == expected)
  }

  /// gostackparse-count must read every goroutine, each its own group, without errors.
  private static func peer(_ input: InputFile, gostackparse: String, workspace: Workspace) throws
    -> SanityCheck
  {
    let title = "gostackparse-count \(input.name)"
    let expected = "\(input.goroutines) goroutines \(input.goroutines) groups 0 errors"
    let (result, path) = try run(gostackparse, [input.path], workspace: workspace)
    defer { FileSystem.removeFile(path) }
    guard result.succeeded else {
      return SanityCheck(title: title, expected: expected, found: result.endingDescription, passed: false)
    }
    let output = String(decoding: (try? FileSystem.readFile(path, limit: 4096)) ?? [], as: UTF8.self)
    let found = trimmed(output)
    return SanityCheck(title: title, expected: expected, found: found, passed: found == expected)
  }

  /// Runs a command with stdout in a file of the workspace; returns its result and the file.
  private static func run(_ executable: String, _ arguments: [String], workspace: Workspace) throws
    -> (RunResult, String)
  {
    let outputPath = workspace.file("sanity.stdout")
    let errorPath = workspace.file("sanity.stderr")
    let result = try ChildProcess.run(
      Command(
        executable: executable, arguments: arguments, stdout: .file(outputPath), stderr: .file(errorPath)))
    if !result.succeeded {
      printError(
        "stackdiff-bench: \(fileName(executable)) \(arguments.joined(separator: " ")): \(result.endingDescription): \(tail(of: errorPath))"
      )
    }
    return (result, outputPath)
  }
}
