/// The programs measured, found before anything is generated.
struct Tools {
  let stackdiff: String
  let wc: String
  let zcat: String
  let gzip: String
  let panicparse: String?
  /// gostackparse-count, the distinct-stack shape's peer; `gostackparseNote` says why it is nil.
  var gostackparse: String? = nil
  var gostackparseNote = "not needed (distinct shape not selected)"
}

/// One measured command of a size.
struct BenchCase {
  enum Kind {
    case wcText, wcBoth, show, diff, zcat, showGzip, showDebug1, showProto, wcSwift, showSwift, panicparse
    /// The few-stacks dump with varied ids and arguments and a 3-deep recursion (issue 14).
    case wcVaried, showVaried
    /// The distinct-stack shape (DistinctBench).
    case distinctWc, distinctGostackparse, distinctShow, distinctShowJSON, distinctWcBoth, distinctDiff
  }

  let kind: Kind
  let title: String
  let command: Command
  /// Uncompressed bytes and goroutines (threads for Swift) the command goes through, for MB/s
  /// and traces/s.
  let bytes: Int
  let goroutines: Int
}

/// The runs of one case and their summary: median wall and CPU time, largest peak RSS.
struct CaseResult {
  let benchCase: BenchCase
  var runs: [RunResult] = []
  /// Why it was not run, if it was not.
  var skipped: String?

  var failure: String? {
    guard let failed = runs.first(where: { !$0.succeeded && $0.ending != .timedOut }) else { return nil }
    return failed.endingDescription
  }
  var timedOut: Bool { runs.contains { $0.ending == .timedOut } }
  var medianWall: Double { median(runs.map(\.wallSeconds)) }
  var medianCPU: Double { median(runs.map(\.cpuSeconds)) }
  var minWall: Double { runs.map(\.wallSeconds).min() ?? 0 }
  var maxWall: Double { runs.map(\.wallSeconds).max() ?? 0 }
  var maxRSSMiB: Double { Double(runs.map(\.maxRSSKiB).max() ?? 0) / 1024 }
}

/// Everything measured for one size.
struct SizeResult {
  let inputs: InputSet
  /// The peak RSS of a spawned child that needs almost no memory (see `Benchmark.rssFloor`).
  let rssFloorMiB: Double
  let sanity: [SanityCheck]
  let cases: [CaseResult]

  func result(_ kind: BenchCase.Kind) -> CaseResult? { cases.first { $0.benchCase.kind == kind } }

  /// A stackdiff run failed or misread its input: the numbers cannot be trusted.
  var failed: Bool {
    sanity.contains { !$0.passed } || cases.contains { $0.failure != nil && $0.benchCase.kind != .panicparse }
  }
}

enum Benchmark {
  /// Runs every case of `inputs` `runs` times, interleaved so drift hits all cases alike;
  /// panicparse, which takes tens of seconds and GBs, runs once.
  static func measure(
    _ inputs: InputSet, tools: Tools, runs: Int, panicparseTimeout: Double, workspace: Workspace
  ) throws -> SizeResult {
    let floor = try rssFloor(tools: tools, workspace: workspace)
    let sanity = [
      try SanityCheck.show(inputs.text, stackdiff: tools.stackdiff, workspace: workspace),
      try SanityCheck.diff(
        before: inputs.before, after: inputs.text, stackdiff: tools.stackdiff, workspace: workspace),
      try SanityCheck.show(inputs.textGzip, stackdiff: tools.stackdiff, workspace: workspace),
      try SanityCheck.show(inputs.debug1, stackdiff: tools.stackdiff, workspace: workspace),
      try SanityCheck.show(inputs.proto, stackdiff: tools.stackdiff, workspace: workspace),
      try SanityCheck.showSwiftJSON(inputs.swift, stackdiff: tools.stackdiff, workspace: workspace),
      try SanityCheck.showSwiftJSON(inputs.swiftSmall, stackdiff: tools.stackdiff, workspace: workspace),
      try SanityCheck.show(inputs.varied, stackdiff: tools.stackdiff, workspace: workspace),
    ]

    let cases = makeCases(inputs, tools: tools, workspace: workspace)
    var results = cases.map { CaseResult(benchCase: $0) }
    for round in 1...runs {
      printError("stackdiff-bench: \(inputs.size.label): round \(round) of \(runs)")
      for index in results.indices where results[index].benchCase.kind != .panicparse {
        results[index].runs.append(
          try runReporting(results[index].benchCase, timeout: nil, workspace: workspace))
      }
    }
    if let index = results.firstIndex(where: { $0.benchCase.kind == .panicparse }) {
      // It peaked at ~14× the dump's size (1.5 GB for 105 MB): keep a margin from swap and the
      // OOM killer.
      let needed = inputs.text.bytes * 14
      if let available = MachineInfo.availableMemoryBytes(), available < needed * 2 {
        results[index].skipped = "needs ~\(needed >> 30) GB of RAM, \(available >> 30) GB available"
      } else {
        printError(
          "stackdiff-bench: \(inputs.size.label): panicparse, once (timeout \(Int(panicparseTimeout)) s)")
        results[index].runs.append(
          try runReporting(results[index].benchCase, timeout: panicparseTimeout, workspace: workspace))
      }
    }
    return SizeResult(inputs: inputs, rssFloorMiB: floor, sanity: sanity, cases: results)
  }

  /// The peak RSS of a child that needs almost none: the floor every measured peak starts from,
  /// since Linux starts a spawned child's peak at its parent's RSS.
  static func rssFloor(tools: Tools, workspace: Workspace) throws -> Double {
    let command = Command(
      executable: tools.wc, arguments: ["--version"], stderr: .file(workspace.file("run.stderr")))
    let result = try MeasuredChild.measure(command, timeout: nil, resultPath: workspace.file("run.result"))
    return Double(result.maxRSSKiB) / 1024
  }

  private static func makeCases(_ inputs: InputSet, tools: Tools, workspace: Workspace) -> [BenchCase] {
    let text = inputs.text
    let before = inputs.before
    let stderr = workspace.file("run.stderr")
    func make(
      _ kind: BenchCase.Kind, _ executable: String, _ name: String, _ arguments: [String], bytes: Int,
      goroutines: Int
    ) -> BenchCase {
      let shown = arguments.map { $0.hasPrefix("/") ? fileName($0) : $0 }
      return BenchCase(
        kind: kind, title: ([name] + shown).joined(separator: " "),
        command: Command(executable: executable, arguments: arguments, stderr: .file(stderr)),
        bytes: bytes, goroutines: goroutines)
    }
    let both = (bytes: text.bytes + before.bytes, goroutines: text.goroutines + before.goroutines)
    var cases = [
      make(.wcText, tools.wc, "wc", ["-l", text.path], bytes: text.bytes, goroutines: text.goroutines),
      make(
        .show, tools.stackdiff, "stackdiff", ["show", text.path], bytes: text.bytes,
        goroutines: text.goroutines),
      make(
        .wcBoth, tools.wc, "wc", ["-l", before.path, text.path], bytes: both.bytes,
        goroutines: both.goroutines),
      make(
        .diff, tools.stackdiff, "stackdiff", ["diff", before.path, text.path], bytes: both.bytes,
        goroutines: both.goroutines),
      make(
        .zcat, tools.zcat, "zcat", [inputs.textGzip.path], bytes: text.bytes, goroutines: text.goroutines),
      make(
        .showGzip, tools.stackdiff, "stackdiff", ["show", inputs.textGzip.path], bytes: text.bytes,
        goroutines: text.goroutines),
      make(
        .showDebug1, tools.stackdiff, "stackdiff", ["show", inputs.debug1.path], bytes: inputs.debug1.bytes,
        goroutines: inputs.debug1.goroutines),
      make(
        .showProto, tools.stackdiff, "stackdiff", ["show", inputs.proto.path],
        bytes: inputs.proto.uncompressedBytes, goroutines: inputs.proto.goroutines),
      make(
        .wcSwift, tools.wc, "wc", ["-l", inputs.swift.path], bytes: inputs.swift.bytes,
        goroutines: inputs.swift.goroutines),
      make(
        .showSwift, tools.stackdiff, "stackdiff", ["show", inputs.swift.path], bytes: inputs.swift.bytes,
        goroutines: inputs.swift.goroutines),
      make(
        .wcVaried, tools.wc, "wc", ["-l", inputs.varied.path], bytes: inputs.varied.bytes,
        goroutines: inputs.varied.goroutines),
      make(
        .showVaried, tools.stackdiff, "stackdiff", ["show", inputs.varied.path], bytes: inputs.varied.bytes,
        goroutines: inputs.varied.goroutines),
    ]
    if let panicparse = tools.panicparse {
      cases.append(
        make(
          .panicparse, panicparse, "panicparse", ["-aggressive", text.path], bytes: text.bytes,
          goroutines: text.goroutines))
    }
    return cases
  }

  static func runReporting(_ benchCase: BenchCase, timeout: Double?, workspace: Workspace) throws
    -> RunResult
  {
    let result = try MeasuredChild.measure(
      benchCase.command, timeout: timeout, resultPath: workspace.file("run.result"))
    if !result.succeeded {
      let errors = benchCase.command.stderrPath.map { tail(of: $0) } ?? ""
      printError("stackdiff-bench: \(benchCase.title): \(result.endingDescription): \(errors)")
    }
    return result
  }
}

func median(_ values: [Double]) -> Double {
  let sorted = values.sorted()
  guard !sorted.isEmpty else { return 0 }
  let middle = sorted.count / 2
  return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}
