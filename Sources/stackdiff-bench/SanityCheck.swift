/// One untimed stackdiff run whose output is read back, so a fast but wrong stackdiff (or a
/// generated input it misreads) cannot pass unnoticed. It also warms the page cache.
struct SanityCheck {
  let title: String
  let expected: String
  let found: String
  let passed: Bool

  /// `stackdiff show FILE` must report `goroutines` in its first line:
  /// `PATH · go-text · 400123 goroutines in 52 groups`, and the groups too when the input knows them.
  static func show(_ input: InputFile, stackdiff: String, workspace: Workspace) throws -> SanityCheck {
    let title = "stackdiff show \(input.name)"
    var expected = "\(input.goroutines) goroutines"
    if let groups = input.groups { expected += " in \(groups) group\(groups == 1 ? "" : "s")" }
    let (result, output) = try capture(stackdiff, ["show", input.path], workspace: workspace)
    guard result.succeeded else {
      return SanityCheck(title: title, expected: expected, found: result.endingDescription, passed: false)
    }
    let header = output.first ?? ""
    let summary = header.split(separator: " · ").suffix(2).joined(separator: " · ")
    let words = summary.split(separator: " ")
    let total = words.firstIndex { $0.hasPrefix("goroutine") }.flatMap { $0 > 0 ? Int(words[$0 - 1]) : nil }
    let groups = words.firstIndex { $0.hasPrefix("group") }.flatMap { $0 > 0 ? Int(words[$0 - 1]) : nil }
    return SanityCheck(
      title: title, expected: expected,
      found: summary.isEmpty ? "no output" : summary,
      passed: total == input.goroutines && (input.groups == nil || groups == input.groups))
  }

  /// `stackdiff diff BEFORE AFTER` must report `goroutines B → A (+D)`.
  static func diff(before: InputFile, after: InputFile, stackdiff: String, workspace: Workspace) throws
    -> SanityCheck
  {
    let title = "stackdiff diff \(before.name) \(after.name)"
    let expected =
      "goroutines \(before.goroutines) → \(after.goroutines) (+\(after.goroutines - before.goroutines))"
    let (result, output) = try capture(stackdiff, ["diff", before.path, after.path], workspace: workspace)
    guard result.succeeded else {
      return SanityCheck(title: title, expected: expected, found: result.endingDescription, passed: false)
    }
    let line = output.first { $0.hasPrefix("goroutines ") } ?? "no totals line"
    return SanityCheck(title: title, expected: expected, found: line, passed: line == expected)
  }

  /// `stackdiff show --format json FILE` of a generated Swift report must say what was planned:
  /// its format, every thread in `total`, exactly one `crashed` thread, no unknown lines.
  static func showSwiftJSON(_ input: InputFile, stackdiff: String, workspace: Workspace) throws -> SanityCheck
  {
    let title = "stackdiff show --format json \(input.name)"
    let expected = "swift-backtrace · \(input.tracesText) · 1 crashed · 0 unknown lines"
    let (result, output) = try captureOutput(
      stackdiff, ["show", "--format", "json", input.path], workspace: workspace)
    guard result.succeeded else {
      return SanityCheck(title: title, expected: expected, found: result.endingDescription, passed: false)
    }
    let format = jsonStrings("format", in: output)
    let totals = jsonIntegers("total", in: output)
    let unknown = jsonIntegers("unknownLines", in: output)
    guard format.count == 1, totals.count == 1, unknown.count == 1 else {
      let found =
        "\(format.count) formats, \(totals.count) totals, \(unknown.count) unknownLines in the JSON (one snapshot expected)"
      return SanityCheck(title: title, expected: expected, found: found, passed: false)
    }
    // `crashed` is a group's count of crashed threads, absent when 0.
    let crashed = jsonIntegers("crashed", in: output).reduce(0, +)
    let threads = InputFile.tracesText(totals[0], noun: input.traceNoun)
    let found = "\(format[0]) · \(threads) · \(crashed) crashed · \(unknown[0]) unknown lines"
    return SanityCheck(title: title, expected: expected, found: found, passed: found == expected)
  }

  /// Runs stackdiff with stdout in a file and returns its first lines.
  private static func capture(_ stackdiff: String, _ arguments: [String], workspace: Workspace) throws
    -> (RunResult, [String])
  {
    let (result, output) = try captureOutput(stackdiff, arguments, workspace: workspace, limit: 16 << 10)
    // The header is in the first lines; the rest (a group per stack) is small for these inputs.
    return (result, output.split(separator: "\n").prefix(20).map(String.init))
  }

  /// Runs stackdiff with stdout in a file and returns the first `limit` bytes of it.
  private static func captureOutput(
    _ stackdiff: String, _ arguments: [String], workspace: Workspace, limit: Int = 4 << 20
  ) throws -> (RunResult, String) {
    let outputPath = workspace.file("sanity.stdout")
    let errorPath = workspace.file("sanity.stderr")
    let result = try ChildProcess.run(
      Command(
        executable: stackdiff, arguments: arguments, stdout: .file(outputPath), stderr: .file(errorPath)))
    if !result.succeeded {
      printError(
        "stackdiff-bench: stackdiff \(arguments.joined(separator: " ")): \(result.endingDescription): \(tail(of: errorPath))"
      )
    }
    let output = (try? FileSystem.readFile(outputPath)) ?? []
    FileSystem.removeFile(outputPath)
    return (result, String(decoding: output.prefix(limit), as: UTF8.self))
  }

  /// Every integer value of `"key":` in `json`. Enough for stackdiff's own output, whose keys
  /// never occur inside its strings (thread names there are the generator's, from the samples).
  private static func jsonIntegers(_ key: String, in json: String) -> [Int] {
    json.ranges(of: "\"\(key)\":").compactMap { range in
      Int(json[range.upperBound...].prefix { $0.isASCII && $0.isNumber })
    }
  }

  /// Every string value of `"key":"…"` in `json` (no escapes expected).
  private static func jsonStrings(_ key: String, in json: String) -> [String] {
    json.ranges(of: "\"\(key)\":\"").map { range in
      String(json[range.upperBound...].prefix { $0 != "\"" })
    }
  }
}
