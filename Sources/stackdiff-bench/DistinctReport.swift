/// The report of the distinct-stack shape: per size its inputs, sanity checks, timings, ratios
/// to gostackparse and targets; across sizes how time grows with the number of stacks.
enum DistinctReport {
  /// Issue 14: at most as long as gostackparse's parse of one of the dumps.
  static let maxOverGostackparse = 1.0
  /// Issue 14: peak RSS at most this many times the input's size.
  static let maxRSSOverInput = 2.0
  /// Issue 14: 10× the stacks, ≤ 11× the time.
  static let maxGrowthOverStacks = 1.1

  static let stackdiffCases: [(kind: BenchCase.Kind, name: String)] = [
    (.distinctShow, "show"), (.distinctShowJSON, "show --format json"), (.distinctDiff, "diff"),
  ]

  static func printSize(_ size: DistinctResult) {
    let inputs = size.inputs
    print("\n== distinct \(inputs.label) (every goroutine its own stack) ==")
    print("inputs")
    Report.printTable(
      [
        [
          inputs.before.name, "\(inputs.before.bytes) bytes", inputs.before.tracesText,
          "Go debug=2, \(inputs.goroutines) distinct stacks of 8–12 frames, seed \(hex(DistinctDumpGenerator.defaultSeed))",
        ],
        [
          inputs.after.name, "\(inputs.after.bytes) bytes", inputs.after.tracesText,
          "the same plus \(DistinctInputs.afterExtra(inputs.goroutines)) new stacks, for diff",
        ],
      ], rightAligned: [1, 2], indent: "  ")
    print("sanity (totals read back)")
    for check in size.sanity {
      let verdict = check.passed ? "ok  " : "FAIL"
      let detail = check.passed ? check.found : "expected \(check.expected), found \(check.found)"
      print("  \(verdict)  \(check.title): \(detail)")
    }
    if let note = size.gostackparseNote { print("  note  \(note)") }
    print(
      "rss floor \(fixed(size.rssFloorMiB, 1)) MB · \(size.runs) run\(size.runs == 1 ? "" : "s") per command\n"
    )

    var rows = [["command", "wall s", "min–max s", "CPU s", "MB/s", "traces/s", "max RSS MB", "RSS/input"]]
    for result in size.cases {
      var row = Report.row(result)
      if row.count == 7 { row.append(times(rssOverInput(size, result.benchCase.kind))) }
      rows.append(row)
    }
    Report.printTable(rows, rightAligned: [1, 2, 3, 4, 5, 6, 7], indent: "")

    print("ratios (this run)")
    var ratios: [[String]] = []
    for (kind, name) in stackdiffCases {
      let of = kind == .distinctDiff ? " (of the before dump)" : ""
      ratios.append(["stackdiff \(name) / gostackparse-count\(of)", times(overGostackparse(size, kind))])
    }
    ratios.append(["stackdiff show / wc -l", times(wallRatio(size, .distinctShow, .distinctWc))])
    ratios.append([
      "stackdiff diff / wc -l of both files", times(wallRatio(size, .distinctDiff, .distinctWcBoth)),
    ])
    ratios.append(
      ["gostackparse-count peak RSS / input", times(rssOverInput(size, .distinctGostackparse))])
    Report.printTable(ratios, rightAligned: [], indent: "  ")

    print("targets (issue 14; information only)")
    var checks: [[String]] = []
    for (kind, name) in stackdiffCases {
      let ratio = overGostackparse(size, kind)
      checks.append([
        verdict(ratio.map { $0 <= maxOverGostackparse }),
        "\(name) ≤ \(number(maxOverGostackparse))× gostackparse-count", times(ratio),
      ])
    }
    for (kind, name) in stackdiffCases {
      let ratio = rssOverInput(size, kind)
      let input = kind == .distinctDiff ? "both inputs" : "input"
      checks.append([
        verdict(ratio.map { $0 <= maxRSSOverInput }),
        "\(name) peak RSS ≤ \(number(maxRSSOverInput))× \(input)",
        ratio.map { "\(times($0)) (\(fixed(size.result(kind)?.maxRSSMiB ?? 0, 0)) MB)" } ?? "n/a",
      ])
    }
    Report.printTable(checks, rightAligned: [2], indent: "  ")
  }

  /// Time of the largest size over the smallest, against the growth of the stack count.
  static func printGrowth(_ sizes: [DistinctResult]) {
    let sorted = sizes.sorted { $0.inputs.goroutines < $1.inputs.goroutines }
    guard let small = sorted.first, let large = sorted.last, large.inputs.goroutines > small.inputs.goroutines
    else { return }
    let stacks = Double(large.inputs.goroutines) / Double(small.inputs.goroutines)
    print(
      "\n== distinct: growth \(small.inputs.label) → \(large.inputs.label) (\(fixed(stacks, 1))× the stacks) =="
    )
    var rows = [
      ["command", "wall \(small.inputs.label) s", "wall \(large.inputs.label) s", "time ×", "RSS ×"]
    ]
    var checks: [[String]] = []
    let limit = maxGrowthOverStacks * stacks
    for kind in [
      BenchCase.Kind.distinctWc, .distinctGostackparse, .distinctShow, .distinctShowJSON, .distinctDiff,
    ] {
      guard let a = small.result(kind), let b = large.result(kind) else { continue }
      let name = a.benchCase.title.split(separator: " ").filter { !$0.hasPrefix("distinct-") }.joined(
        separator: " ")
      guard a.failure == nil, b.failure == nil, a.medianWall > 0, a.maxRSSMiB > 0 else {
        rows.append([name, "n/a"])
        continue
      }
      let growth = b.medianWall / a.medianWall
      rows.append([
        name, fixed(a.medianWall, 3), fixed(b.medianWall, 3), times(growth), times(b.maxRSSMiB / a.maxRSSMiB),
      ])
      if let (_, label) = stackdiffCases.first(where: { $0.kind == kind }) {
        checks.append([
          verdict(growth <= limit),
          "\(label) time ≤ \(fixed(limit, 1))× (\(number(maxGrowthOverStacks))× the stacks' growth)",
          times(growth),
        ])
      }
    }
    Report.printTable(rows, rightAligned: [1, 2, 3, 4], indent: "")
    print("targets (issue 14; information only)")
    Report.printTable(checks, rightAligned: [2], indent: "  ")
  }

  private static func overGostackparse(_ size: DistinctResult, _ kind: BenchCase.Kind) -> Double? {
    wallRatio(size, kind, .distinctGostackparse)
  }

  private static func wallRatio(_ size: DistinctResult, _ kind: BenchCase.Kind, _ baseline: BenchCase.Kind)
    -> Double?
  {
    guard let measured = size.result(kind), let base = size.result(baseline),
      measured.failure == nil, base.failure == nil, !measured.runs.isEmpty, base.medianWall > 0
    else { return nil }
    return measured.medianWall / base.medianWall
  }

  /// Peak RSS over the bytes the command reads.
  private static func rssOverInput(_ size: DistinctResult, _ kind: BenchCase.Kind) -> Double? {
    guard let result = size.result(kind), result.failure == nil, !result.runs.isEmpty else { return nil }
    return result.maxRSSMiB * Double(1 << 20) / Double(size.inputBytes(kind))
  }

  private static func verdict(_ passed: Bool?) -> String { passed.map { $0 ? "PASS" : "FAIL" } ?? "n/a " }

  private static func times(_ ratio: Double?) -> String {
    ratio.map { "\(fixed($0, $0 >= 10 ? 1 : 2))×" } ?? "n/a"
  }

  private static func number(_ value: Double) -> String {
    value == value.rounded() ? String(Int(value)) : String(value)
  }

  private static func hex(_ value: UInt64) -> String { "0x" + String(value, radix: 16) }
}
