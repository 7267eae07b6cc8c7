/// One generated input and what it holds.
struct InputFile {
  let path: String
  /// Size on disk.
  let bytes: Int
  /// Size after decompression; what MB/s is computed from.
  let uncompressedBytes: Int
  /// Goroutines, or threads for a Swift report (see `traceNoun`).
  let goroutines: Int
  /// What one trace is called in stackdiff's summary line: `400123 goroutines in 52 groups`.
  var traceNoun = "goroutine"
  /// Distinct stacks written, when the generator knows them: the groups `show` must find.
  var groups: Int? = nil

  var name: String { fileName(path) }
  /// `398294 goroutines`, `1 thread`.
  var tracesText: String { Self.tracesText(goroutines, noun: traceNoun) }

  static func tracesText(_ count: Int, noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }
}

/// The inputs of one size: Go debug=2 text (and a smaller "before" for diff), its gzip, pprof
/// debug=1 text, the same profile as gzipped debug=0 protobuf, and a Swift backtracer report
/// (with a small one for a sanity check read in one pass).
struct InputSet {
  let size: ByteSize
  let text: InputFile
  let before: InputFile
  let textGzip: InputFile
  let debug1: InputFile
  let proto: InputFile
  let swift: InputFile
  let swiftSmall: InputFile
  /// Few stacks, but distinct goroutine ids, varied argument words and a 3-deep recursion
  /// (issue 14's second few-stacks dump).
  let varied: InputFile

  /// gzip levels: a saved dump is usually gzipped with the default; Go's pprof writes its
  /// protobuf with BestSpeed.
  static let textGzipLevel = "-6"
  static let protoGzipLevel = "-1"
  /// The small Swift report: below stackdiff's 32 MB two-halves threshold, so read in one pass.
  static let swiftSmallBytes = 1 << 20

  static func generate(
    size: ByteSize, generator: DumpGenerator, workspace: Workspace, gzip: String, keepProtobuf: Bool
  ) throws -> InputSet {
    let label = size.label
    let textPath = workspace.file("text-\(label).txt")
    let text = try progress("writing \(textPath)") {
      let plan = generator.textPlan(bytes: size.bytes)
      let bytes = try generator.writeText(plan, to: textPath)
      return InputFile(path: textPath, bytes: bytes, uncompressedBytes: bytes, goroutines: plan.itemCount)
    }
    let beforePath = workspace.file("text-\(label)-before.txt")
    let before = try progress("writing \(beforePath)") {
      let plan = generator.textPlan(bytes: size.bytes / 2)
      let bytes = try generator.writeText(plan, to: beforePath)
      return InputFile(path: beforePath, bytes: bytes, uncompressedBytes: bytes, goroutines: plan.itemCount)
    }
    let textGzip = try progress("writing \(textPath).gz (gzip \(textGzipLevel))") {
      let path = workspace.file("text-\(label).txt.gz")
      try compress(textPath, to: path, level: textGzipLevel, gzip: gzip, workspace: workspace)
      return InputFile(
        path: path, bytes: try FileSystem.size(path), uncompressedBytes: text.bytes,
        goroutines: text.goroutines)
    }

    let profilePlan = generator.profilePlan(bytes: size.bytes)
    let debug1Path = workspace.file("debug1-\(label).txt")
    let debug1 = try progress("writing \(debug1Path)") {
      let bytes = try generator.writeDebug1(profilePlan, to: debug1Path)
      return InputFile(
        path: debug1Path, bytes: bytes, uncompressedBytes: bytes, goroutines: profilePlan.itemCount)
    }
    let protoPath = workspace.file("proto-\(label).pb")
    let proto = try progress("writing \(protoPath).gz (gzip \(protoGzipLevel))") {
      let encoder = ProfileEncoder(records: generator.records)
      let bytes = try encoder.write(profilePlan, to: protoPath)
      let path = workspace.file("proto-\(label).pb.gz")
      try compress(protoPath, to: path, level: protoGzipLevel, gzip: gzip, workspace: workspace)
      if !keepProtobuf { FileSystem.removeFile(protoPath) }
      return InputFile(
        path: path, bytes: try FileSystem.size(path), uncompressedBytes: bytes,
        goroutines: profilePlan.itemCount)
    }

    let swiftPath = workspace.file("swift-\(label).txt")
    let swift = try progress("writing \(swiftPath)") {
      try writeSwift(bytes: size.bytes, to: swiftPath, generator: generator)
    }
    let swiftSmallPath = workspace.file("swift-\(label)-small.txt")
    let swiftSmall = try progress("writing \(swiftSmallPath)") {
      try writeSwift(bytes: min(swiftSmallBytes, size.bytes), to: swiftSmallPath, generator: generator)
    }
    let variedPath = workspace.file("text-varied-\(label).txt")
    let varied = try progress("writing \(variedPath)") {
      let written = try VariedDumpGenerator().write(bytes: size.bytes, to: variedPath)
      return InputFile(
        path: variedPath, bytes: written.bytes, uncompressedBytes: written.bytes,
        goroutines: written.goroutines,
        groups: written.groups)
    }
    return InputSet(
      size: size, text: text, before: before, textGzip: textGzip, debug1: debug1, proto: proto, swift: swift,
      swiftSmall: swiftSmall, varied: varied)
  }

  private static func writeSwift(bytes: Int, to path: String, generator: DumpGenerator) throws -> InputFile {
    let plan = generator.swiftPlan(bytes: bytes)
    let written = try generator.writeSwift(plan, to: path)
    return InputFile(
      path: path, bytes: written, uncompressedBytes: written, goroutines: plan.itemCount, traceNoun: "thread")
  }

  private static func compress(
    _ source: String, to destination: String, level: String, gzip: String, workspace: Workspace
  ) throws {
    let errors = workspace.file("gzip.stderr")
    let result = try ChildProcess.run(
      Command(
        executable: gzip, arguments: [level, "-c", source], stdout: .file(destination), stderr: .file(errors))
    )
    guard result.succeeded else {
      throw BenchError("gzip \(source) failed (\(result.endingDescription)): \(tail(of: errors))")
    }
  }

  /// Runs one generation step and says on stderr what it did and how long it took.
  private static func progress<T>(_ what: String, _ body: () throws -> T) throws -> T {
    let start = monotonicSeconds()
    let value = try body()
    printError("stackdiff-bench: \(what) (\(fixed(monotonicSeconds() - start, 1)) s)")
    return value
  }
}

/// The last lines of a child's captured stderr, for error messages.
func tail(of path: String, lines: Int = 5) -> String {
  guard let bytes = try? FileSystem.readFile(path), !bytes.isEmpty else { return "(no stderr)" }
  let text = String(decoding: bytes.suffix(4096), as: UTF8.self)
  return text.split(separator: "\n").suffix(lines).joined(separator: " | ")
}
