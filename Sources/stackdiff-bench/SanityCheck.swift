/// One untimed stackdiff run whose output is read back, so a fast but wrong stackdiff (or a
/// generated input it misreads) cannot pass unnoticed. It also warms the page cache.
struct SanityCheck {
  let title: String
  let expected: String
  let found: String
  let passed: Bool

  /// `stackdiff show FILE` must report `goroutines` in its first line:
  /// `PATH · go-text · 400123 goroutines in 52 groups`.
  static func show(_ input: InputFile, stackdiff: String, workspace: Workspace) throws -> SanityCheck {
    let title = "stackdiff show \(input.name)"
    let (result, output) = try capture(stackdiff, ["show", input.path], workspace: workspace)
    guard result.succeeded else {
      return SanityCheck(
        title: title, expected: "\(input.goroutines) goroutines", found: result.endingDescription,
        passed: false)
    }
    let header = output.first ?? ""
    let summary = header.split(separator: " · ").suffix(2).joined(separator: " · ")
    let words = summary.split(separator: " ")
    let total = words.firstIndex { $0.hasPrefix("goroutine") }.flatMap { $0 > 0 ? Int(words[$0 - 1]) : nil }
    return SanityCheck(
      title: title, expected: "\(input.goroutines) goroutines",
      found: summary.isEmpty ? "no output" : summary,
      passed: total == input.goroutines)
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

  /// Runs stackdiff with stdout in a file and returns its first lines.
  private static func capture(_ stackdiff: String, _ arguments: [String], workspace: Workspace) throws
    -> (RunResult, [String])
  {
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
    // The header is in the first lines; the rest (a group per stack) is small for these inputs.
    let output = (try? FileSystem.readFile(outputPath)) ?? []
    let lines = String(decoding: output.prefix(16 << 10), as: UTF8.self).split(separator: "\n").prefix(20)
      .map(String.init)
    FileSystem.removeFile(outputPath)
    return (result, lines)
  }
}
