/// Assembles large dumps from real sample dumps: goroutines renumbered 1...N (text) or given a
/// unique `request_id` label (pprof), so every copy is a distinct goroutine of one server; Swift
/// backtracer threads renumbered 1...N in one report.
struct DumpGenerator {
  /// Go `debug=2` blocks: the dump taker once, then copies of every other block of the three
  /// samples (1500 sumInt leaks, 15 logsContainer leaks, ~60 others), then more sumInt leaks.
  let textPrologue: [GoroutineBlock]
  let textUnit: [GoroutineBlock]
  let textFiller: [GoroutineBlock]
  /// pprof `debug=1` records; the plans hold indices into `records`.
  let records: [ProfileRecord]
  let recordPrologue: [Int]
  let recordUnit: [Int]
  let recordFiller: [Int]

  static let textSamples = [
    "go/sumserver/sumserver-1500.txt", "go/logsfollow/leaky-after.txt", "go/mixed/go1.19/mixed.txt",
  ]
  static let profileSamples = [
    "go/sumserver/sumserver-1500.debug1.txt", "go/logsfollow/leaky-after.debug1.txt",
  ]
  /// The leak that dominates the generated dumps and fills them up to their size.
  static let fillerFunction = "main.sumInt"

  /// Swift runtime-backtracer text: the first sample's header, crashed thread and trailer once;
  /// copies of the other threads of all three samples (63 + 4 + 7), then more of the first's 63.
  let swiftReport: BacktraceReport
  let swiftPrologue: [ThreadSection]
  let swiftUnit: [ThreadSection]
  let swiftFiller: [ThreadSection]

  static let swiftSamples = [
    "swift/backtracer/blockedthreads.n20.txt", "swift/backtracer/continuations.n10.txt",
    "swift/backtracer/crash.full.txt",
  ]

  init(samplesDirectory: String) throws {
    let blockFiles = try Self.textSamples.map {
      try SampleReader.goroutineBlocks(path: "\(samplesDirectory)/\($0)")
    }
    // A real dump has one goroutine writing it; copies of the others make a bigger server.
    textPrologue = Array(blockFiles[0].filter(\.isDumpTaker).prefix(1))
    textUnit = blockFiles.flatMap { $0.filter { !$0.isDumpTaker } }
    textFiller = textUnit.filter { $0.text.contains("\n\(Self.fillerFunction)(") }

    let records = try Self.profileRecords(samplesDirectory: samplesDirectory)
    self.records = records
    let indices = records.indices
    recordPrologue = Array(indices.filter { records[$0].isDumpTaker }.prefix(1))
    // Each record stands for `count` goroutines; with distinct labels each becomes its own record.
    recordUnit = indices.filter { !records[$0].isDumpTaker }.flatMap {
      Array(repeating: $0, count: records[$0].count)
    }
    recordFiller = indices.filter { index in
      records[index].frames.contains { $0.function == Self.fillerFunction }
    }
    guard !textPrologue.isEmpty, !textFiller.isEmpty, !recordPrologue.isEmpty, !recordFiller.isEmpty else {
      throw BenchError(
        "\(samplesDirectory): the samples lack the dump taker or the \(Self.fillerFunction) leak")
    }

    let reports = try Self.swiftSamples.map {
      try SampleReader.backtraceReport(path: "\(samplesDirectory)/\($0)")
    }
    // A report has one crashed thread: the main sample's, kept once; the other samples' are left out.
    swiftReport = reports[0]
    swiftPrologue = reports[0].threads.filter(\.isCrashed)
    swiftUnit = reports.flatMap { $0.threads.filter { !$0.isCrashed } }
    swiftFiller = reports[0].threads.filter { !$0.isCrashed }
    guard swiftPrologue.count == 1, !swiftFiller.isEmpty else {
      throw BenchError(
        "\(samplesDirectory)/\(Self.swiftSamples[0]): expected one crashed thread and others, found "
          + "\(swiftPrologue.count) crashed of \(reports[0].threads.count)")
    }
  }

  private static func profileRecords(samplesDirectory: String) throws -> [ProfileRecord] {
    var records: [ProfileRecord] = []
    for sample in profileSamples {
      records += try SampleReader.profileRecords(path: "\(samplesDirectory)/\(sample)")
    }
    return records
  }

  // MARK: Go debug=2 text

  func textPlan(bytes: Int) -> DumpPlan<GoroutineBlock> {
    DumpPlan(prologue: textPrologue, unit: textUnit, filler: textFiller, budget: bytes) { block, id in
      (id > 1 ? 1 : 0) + Self.goroutineWord.count + decimalDigits(id) + block.tail.count
    }
  }

  /// Writes the plan as one dump: blocks separated by blank lines, as the runtime prints them.
  func writeText(_ plan: DumpPlan<GoroutineBlock>, to path: String) throws -> Int {
    var writer = try FileWriter(path: path)
    for (block, id) in plan {
      if id > 1 { try writer.write(Self.newline) }
      try writer.write(Self.goroutineWord)
      try writer.writeDecimal(id)
      try writer.write(block.tail)
    }
    return try writer.finish()
  }

  // MARK: pprof debug=1 text

  func profilePlan(bytes: Int) -> DumpPlan<Int> {
    // The `goroutine profile: total N` header is left out of the budget.
    DumpPlan(prologue: recordPrologue, unit: recordUnit, filler: recordFiller, budget: bytes - 40) {
      index, id in
      let record = records[index]
      return 1 + record.stackLine.count + Self.labelPrefix.count + decimalDigits(id) + Self.labelSuffix.count
        + record.frameLines.count + 1
    }
  }

  /// Writes the plan as `debug=1` text: each goroutine a record of count 1 with its own labels,
  /// as a server that labels every request would produce.
  func writeDebug1(_ plan: DumpPlan<Int>, to path: String) throws -> Int {
    var writer = try FileWriter(path: path)
    try writer.write("goroutine profile: total \(plan.itemCount)\n")
    for (index, id) in plan {
      let record = records[index]
      try writer.write(Self.one)
      try writer.write(record.stackLine)
      try writer.write(Self.labelPrefix)
      try writer.writeDecimal(id)
      try writer.write(Self.labelSuffix)
      try writer.write(record.frameLines)
      try writer.write(Self.newline)
    }
    return try writer.finish()
  }

  // MARK: Swift backtracer text

  /// The crashed thread first as `Thread 0` (the main sample's main thread), then `Thread 1…N`.
  func swiftPlan(bytes: Int) -> DumpPlan<ThreadSection> {
    DumpPlan(
      prologue: swiftPrologue, unit: swiftUnit, filler: swiftFiller,
      budget: bytes - swiftReport.header.count - swiftReport.trailer.count
    ) { thread, id in
      SampleReader.threadWord.count + decimalDigits(id - 1) + thread.tail.count
    }
  }

  /// Writes the plan as one report: the sample's header, the threads numbered from 0 with their
  /// names and rows as captured, the sample's registers and images.
  func writeSwift(_ plan: DumpPlan<ThreadSection>, to path: String) throws -> Int {
    var writer = try FileWriter(path: path)
    try writer.write(swiftReport.header)
    for (thread, id) in plan {
      try writer.write(SampleReader.threadWord)
      try writer.writeDecimal(id - 1)
      try writer.write(thread.tail)
    }
    try writer.write(swiftReport.trailer)
    return try writer.finish()
  }

  private static let goroutineWord = Array("goroutine ".utf8)
  private static let newline = Array("\n".utf8)
  private static let one = Array("1".utf8)
  private static let labelPrefix = Array("# labels: {\"request_id\":\"".utf8)
  private static let labelSuffix = Array("\"}\n".utf8)
}
