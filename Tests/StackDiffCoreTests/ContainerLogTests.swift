import Testing

@testable import StackDiffCore

/// Dumps inside container and journal logs (SampleDumps/go/containerlogs: journal files through a
/// real journald, the other forms scripted with each tool's own encoding) read as their source.
@Suite struct ContainerLogTests {
  static let cases: [(log: String, source: String)] = [
    ("docker-leaky-after.json.log", "go/logsfollow/leaky-after.txt"),
    ("docker-panic-all.json.log", "go/crash/go1.19/panic-all.txt"),
    ("docker-mixed-sigquit-system.json.log", "go/mixed/go1.19/mixed-sigquit-system.txt"),
    ("docker-mixed-tracebacklabels.json.log", "go/mixed/go1.26/mixed-tracebacklabels.txt"),
    ("docker-ansi-colors.json.log", "go/damaged/ansi-colors.txt"),
    ("docker-logrus-single-entry.json.log", "go/damaged/logrus-single-entry.txt"),
    ("journal-leaky-after.json", "go/logsfollow/leaky-after.txt"),
    ("journal-ansi-colors.json", "go/damaged/ansi-colors.txt"),
    ("journal-logrus-single-entry.all.json", "go/damaged/logrus-single-entry.txt"),
    ("journal-panic-all.json", "go/crash/go1.19/panic-all.txt"),
    ("journal-leaky-after.short-iso.txt", "go/logsfollow/leaky-after.txt"),
    ("journal-logrus-single-entry.short-iso.txt", "go/damaged/logrus-single-entry.txt"),
    ("kubectl-leaky-after.txt", "go/logsfollow/leaky-after.txt"),
    ("kubectl-panic-all.txt", "go/crash/go1.19/panic-all.txt"),
    ("brackets-leaky-after.txt", "go/logsfollow/leaky-after.txt"),
    ("brackets-panic-all.txt", "go/crash/go1.19/panic-all.txt"),
  ]

  @Test(arguments: cases.map(\.log))
  func readsAsItsSource(log: String) throws {
    let source = try #require(Self.cases.first { $0.log == log }?.source)
    let wrapped = try Samples.read("go/containerlogs/\(log)")
    let original = try Samples.read(source)
    #expect(wrapped.count == original.count)
    #expect(wrapped.map(\.groups) == original.map(\.groups))
    #expect(wrapped.map(\.events) == original.map(\.events))
    #expect(wrapped.allSatisfy { $0.diagnostics == Diagnostics() })
  }

  /// journalctl -o json without --all prints a long message as null: nothing to read, and the
  /// error says why.
  @Test func journalRecordWithoutText() throws {
    #expect(
      throws: InputError(
        source: Samples.path("go/containerlogs/journal-logrus-single-entry.json"),
        reason:
          "no stack dump found; 1 journal records hold no text (journalctl -o json prints long messages as null unless given --all)"
      )
    ) { try Samples.read("go/containerlogs/journal-logrus-single-entry.json") }
  }

  /// A bracketing logger whose timestamp changes from line to line: the prefix is matched by its
  /// shape, and the closing bracket removed.
  @Test func bracketsWithChangingTimes() throws {
    let original = try Samples.text("go/crash/go1.19/panic-all.txt")
    var second = 0
    let wrapped = original.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
      second += 1
      return "[2024-05-01 10:00:\(String(format: "%02d", second % 60)) \(line)]"
    }.joined(separator: "\n")
    let snapshots = try Samples.parse(wrapped, name: "brackets.log")
    #expect(snapshots.map(\.groups) == (try Samples.read("go/crash/go1.19/panic-all.txt")).map(\.groups))
  }
}
