/// Prints the report on stdout: machine facts once, then inputs, sanity checks, timings,
/// ratios and targets per size.
enum Report {
  static func printHeader(machine: MachineInfo, tools: Tools, runs: Int, workspace: Workspace) {
    let gib = Double(machine.memoryBytes) / Double(1 << 30)
    var panicparse = "panicparse not on PATH (skipped)"
    if let path = tools.panicparse { panicparse = "panicparse \(path)" }
    let gostackparse = tools.gostackparse.map { "gostackparse-count \($0)" } ?? tools.gostackparseNote
    print(
      """
      stackdiff-bench · \(machine.date)
      machine    \(machine.cpuModel) · \(machine.cores) cores · \(fixed(gib, 1)) GiB RAM · Linux \(machine.kernel) · load \(machine.loadAverage)
      stackdiff  \(tools.stackdiff)\(modified(tools.stackdiff)) · \(swiftRuntime(tools.stackdiff))
      baselines  wc \(tools.wc) · zcat \(tools.zcat) · \(panicparse)
                 \(gostackparse)
      inputs     \(workspace.directory)
      method     \(runs) run\(runs == 1 ? "" : "s") per command, interleaved; median wall (monotonic clock) and
                 CPU (user+sys), largest peak RSS (wait4 ru_maxrss); panicparse runs once. stdout to /dev/null.
                 MB = 2^20 bytes; MB/s from uncompressed bytes; traces/s = goroutines (Swift: threads) / wall.
                 A spawned child's peak RSS starts at its parent's RSS, so each command is started by a
                 fresh copy of the bench; smaller peaks read as its RSS, the "rss floor" of each size.
      """)
  }

  static func printSize(_ size: SizeResult) {
    let inputs = size.inputs
    print("\n== \(inputs.size.label) ==")
    print("inputs")
    let inputRows = [
      [inputs.text.name, bytes(inputs.text.bytes), goroutines(inputs.text), "Go debug=2, goroutines 1…N"],
      [
        inputs.before.name, bytes(inputs.before.bytes), goroutines(inputs.before),
        "the same at half size, for diff",
      ],
      [inputs.textGzip.name, bytes(inputs.textGzip.bytes), "", "gzip \(InputSet.textGzipLevel) of the text"],
      [
        inputs.debug1.name, bytes(inputs.debug1.bytes), goroutines(inputs.debug1),
        "pprof debug=1, a request_id label per goroutine",
      ],
      [
        inputs.proto.name, bytes(inputs.proto.bytes), goroutines(inputs.proto),
        "pprof debug=0 of the same, \(bytes(inputs.proto.uncompressedBytes)) before gzip \(InputSet.protoGzipLevel)",
      ],
      [
        inputs.swift.name, bytes(inputs.swift.bytes), goroutines(inputs.swift),
        "Swift backtracer, one report, threads 0…N, thread 0 crashed",
      ],
      [
        inputs.swiftSmall.name, bytes(inputs.swiftSmall.bytes), goroutines(inputs.swiftSmall),
        "the same at \(ByteSize(bytes: InputSet.swiftSmallBytes).label) at most, for a sanity check in one pass",
      ],
      [
        inputs.varied.name, bytes(inputs.varied.bytes), goroutines(inputs.varied),
        "Go debug=2, \(inputs.varied.groups ?? 0) stacks; distinct ids, args from "
          + "\(VariedDumpGenerator.pointerWords) heap words, 3-deep recursion; seed 0x\(String(VariedDumpGenerator.defaultSeed, radix: 16))",
      ],
    ]
    printTable(inputRows, rightAligned: [1, 2], indent: "  ")

    print("sanity (stackdiff's own totals)")
    for check in size.sanity {
      let verdict = check.passed ? "ok  " : "FAIL"
      let detail = check.passed ? check.found : "expected \(check.expected), found \(check.found)"
      print("  \(verdict)  \(check.title): \(detail)")
    }

    print("rss floor \(fixed(size.rssFloorMiB, 1)) MB\n")
    var rows = [["command", "wall s", "min–max s", "CPU s", "MB/s", "traces/s", "max RSS MB"]]
    for result in size.cases {
      rows.append(row(result))
    }
    printTable(rows, rightAligned: [1, 2, 3, 4, 5, 6], indent: "")

    print("ratios (this run)")
    printTable(Targets.ratios(size).map { [$0.name, $0.value] }, rightAligned: [], indent: "  ")
    print("targets (issue; information only)")
    let checks = Targets.checks(size).map { check -> [String] in
      let verdict = check.passed.map { $0 ? "PASS" : "FAIL" } ?? "n/a "
      return [verdict, check.name, check.value]
    }
    printTable(checks, rightAligned: [2], indent: "  ")
  }

  static func row(_ result: CaseResult) -> [String] {
    let title = result.benchCase.title
    if let skipped = result.skipped { return [title, "skipped: \(skipped)"] }
    if let failure = result.failure { return [title, "FAILED: \(failure)"] }
    let wall = result.medianWall
    let mbPerSecond = Double(result.benchCase.bytes) / Double(1 << 20) / wall
    let perSecond = Double(result.benchCase.goroutines) / wall
    return [
      title + (result.timedOut ? " (timeout)" : ""), fixed(wall, 3),
      result.runs.count > 1 ? "\(fixed(result.minWall, 3))–\(fixed(result.maxWall, 3))" : "",
      fixed(result.medianCPU, 3), fixed(mbPerSecond, 1), compact(perSecond), fixed(result.maxRSSMiB, 1),
    ]
  }

  static func printTable(_ rows: [[String]], rightAligned: Set<Int>, indent: String) {
    let columns = rows.map(\.count).max() ?? 0
    let widths = (0..<columns).map { column in
      rows.map { row in
        column < row.count && (row.count == columns || column == 0) ? row[column].count : 0
      }.max() ?? 0
    }
    for row in rows {
      // A short row (a skipped or failed command) is a note: it takes the line as it is.
      let isNote = row.count < columns
      let cells = row.enumerated().map { column, cell in
        if isNote && column > 0 { return cell }
        let padding = String(repeating: " ", count: max(widths[column] - cell.count, 0))
        return rightAligned.contains(column) ? padding + cell : cell + padding
      }
      let line = indent + cells.joined(separator: "  ")
      print(String(line.reversed().drop { $0 == " " }.reversed()))
    }
  }

  private static func modified(_ path: String) -> String {
    guard let seconds = FileSystem.modificationTime(path) else { return "" }
    return " (built \(formatTime(seconds)))"
  }

  /// How the binary gets the Swift runtime: loading its shared libraries costs a few
  /// milliseconds of every run, which counts on a 100 MB dump parsed in 60.
  private static func swiftRuntime(_ path: String) -> String {
    guard let binary = try? FileSystem.readFile(path) else { return "Swift runtime: ?" }
    // A binary that loads the runtime names its library among the ones it needs.
    return binary.firstRange(of: Array("libswiftCore.so".utf8)) != nil
      ? "Swift runtime shared (swift build -c release)"
      : "Swift runtime static (--static-swift-stdlib, as shipped)"
  }

  private static func bytes(_ count: Int) -> String { "\(count) bytes" }

  private static func goroutines(_ input: InputFile) -> String { input.tracesText }

  /// 9.71 M, 812.3 K: goroutines per second span five orders of magnitude.
  static func compact(_ value: Double) -> String {
    if value >= 1e6 { return "\(fixed(value / 1e6, 2)) M" }
    if value >= 1e3 { return "\(fixed(value / 1e3, 1)) K" }
    return fixed(value, 1)
  }
}

/// `value` with `digits` decimals, like `%.*f`.
func fixed(_ value: Double, _ digits: Int) -> String {
  let scale = (0..<digits).reduce(1) { result, _ in result * 10 }
  let scaled = (abs(value) * Double(scale)).rounded()
  guard value.isFinite, scaled < 1e18 else { return "\(value)" }
  let units = Int(scaled)
  var text = (value < 0 && units != 0 ? "-" : "") + String(units / scale)
  if digits > 0 {
    let fraction = String(units % scale)
    text += "." + String(repeating: "0", count: digits - fraction.count) + fraction
  }
  return text
}
