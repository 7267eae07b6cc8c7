import Foundation
import Testing

/// `--output FILE` for every command and format, and `--format html` and `folded` as a user
/// runs them.
@Suite struct ReportOutputTests {
  static let before = CLI.sample("go/logsfollow/leaky-before.txt")
  static let after = CLI.sample("go/logsfollow/leaky-after.txt")
  static let later = CLI.sample("go/services/hub/later.txt")

  /// A fresh folder for one test's files.
  private static func folder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "stackdiff-output-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  static let commands: [[String]] = [
    ["show", after], ["show", "--format", "json", after], ["show", "--format", "folded", after],
    ["show", "--format", "html", after], ["diff", before, after],
    ["diff", "--format", "json", before, after],
    ["diff", "--format", "markdown", before, after], ["diff", "--format", "folded", before, after],
    ["diff", "--format", "html", before, after], ["trend", before, after, later],
    ["trend", "--format", "json", before, after, later], ["trend", "--format", "html", before, after, later],
    ["check", after, "--absent", "logsContainer", "--format", "junit"],
  ]

  /// The file holds what standard output would have, and standard output stays empty.
  @Test(arguments: commands) func outputHoldsWhatStandardOutputWould(_ arguments: [String]) throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("report").path
    let toFile = try CLI.run(arguments + ["--output", file])
    let toStandardOutput = try CLI.run(arguments)
    #expect(toFile.status == toStandardOutput.status)
    #expect(toFile.stdout.isEmpty)
    #expect(toFile.stderr == toStandardOutput.stderr)
    #expect(try String(contentsOfFile: file, encoding: .utf8) == toStandardOutput.stdout)
    #expect(!toStandardOutput.stdout.isEmpty)
  }

  /// A page on a terminal helps nobody: a usage error that says what to do; through a pipe it
  /// is written.
  @Test func htmlOnATerminalIsAUsageError() throws {
    let tty = try CLI.runShell("script -qec \"'\(CLI.binary)' show --format html '\(Self.after)'\" /dev/null")
    #expect(tty.status == 64)
    #expect(tty.stdout.contains("--output report.html"))
    let piped = try CLI.run(["diff", "--format", "html", Self.before, Self.after])
    #expect(piped.status == 0)
    #expect(piped.stdout.hasPrefix("<!DOCTYPE html>\n"))
  }

  @Test func outputWhereNoFileCanBeIsAUsageError() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let missing = try CLI.run(["show", Self.after, "--output", folder.path + "/no/such/dir/report.txt"])
    #expect(missing.status == 64)
    #expect(missing.stderr.contains("no directory"))
    let directory = try CLI.run(["show", Self.after, "-o", folder.path])
    #expect(directory.status == 64)
    #expect(directory.stderr.contains("is a directory"))
  }

  /// Typed at a terminal, `--output` writes the plain report: colours are for the terminal,
  /// and the file is not one. `--output -` is standard output; a file that cannot be made is a
  /// usage error before anything is read.
  @Test func outputFromATerminalHasNoColoursAndDashIsStandardOutput() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let report = folder.appendingPathComponent("report.txt").path
    let tty = try CLI.runShell(
      "script -qec \"'\(CLI.binary)' diff '\(Self.before)' '\(Self.after)' --output '\(report)'\" /dev/null")
    #expect(tty.status == 0)
    let written = try String(contentsOfFile: report, encoding: .utf8)
    #expect(!written.contains("\u{1B}"))
    #expect(written == (try CLI.run(["diff", Self.before, Self.after])).stdout)
    let dash = try CLI.run(["diff", Self.before, Self.after, "--output", "-"])
    #expect(dash.status == 0)
    #expect(dash.stdout == written)
    #expect(!FileManager.default.fileExists(atPath: "-"))
    let unwritable = try CLI.run(["show", Self.after, "--output", "/proc/stackdiff-report.txt"])
    #expect(unwritable.status == 64)
    #expect(unwritable.stderr.contains("--output /proc/stackdiff-report.txt: no such file or directory."))
  }

  /// `--output` naming an input would destroy it: refused before anything is read or written.
  @Test func outputOverAnInputIsRefused() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let copy = folder.appendingPathComponent("after.txt").path
    try FileManager.default.copyItem(atPath: Self.after, toPath: copy)
    let original = try Data(contentsOf: URL(fileURLWithPath: copy))
    let result = try CLI.run(["diff", Self.before, copy, "--output", copy])
    #expect(result.status == 64)
    #expect(result.stderr.contains("would overwrite it"))
    #expect(try Data(contentsOf: URL(fileURLWithPath: copy)) == original)
  }

  /// Bad input: exit 2, and an earlier report stays as it was (no file is made for nothing).
  @Test func badInputLeavesTheFileAlone() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let fresh = folder.appendingPathComponent("fresh.html").path
    let result = try CLI.run([
      "diff", Self.before, CLI.sample("malformed/empty.txt"), "--format", "html", "-o", fresh,
    ])
    #expect(result.status == 2)
    #expect(!FileManager.default.fileExists(atPath: fresh))
    let earlier = folder.appendingPathComponent("earlier.html").path
    try "earlier".write(toFile: earlier, atomically: true, encoding: .utf8)
    _ = try CLI.run(["show", CLI.sample("malformed/binary-4k.bin"), "--format", "html", "-o", earlier])
    #expect(try String(contentsOfFile: earlier, encoding: .utf8) == "earlier")
  }

  /// A gate still fails (exit 1) after writing its report.
  @Test func failOnSuspectWritesTheReportAndExitsOne() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("report.html").path
    let result = try CLI.run([
      "diff", Self.before, Self.after, "--format", "html", "--output", file, "--fail-on-suspect",
    ])
    #expect(result.status == 1)
    let page = try String(contentsOfFile: file, encoding: .utf8)
    #expect(page.contains("suspect: +15 goroutines blocked in chan receive at server.go:80"))
    #expect(page.hasSuffix("</html>\n"))
  }

  /// The folded diff's columns, read back, sum to the totals line of the text report.
  @Test func foldedDiffSumsToTheTotals() throws {
    let folded = try CLI.run(["diff", "--format", "folded", Self.before, Self.after])
    #expect(folded.status == 0)
    var before = 0
    var after = 0
    for line in folded.stdout.split(separator: "\n") {
      let counts = line.split(separator: " ").suffix(2).compactMap { Int($0) }
      #expect(counts.count == 2, "\(line)")
      before += counts.first ?? 0
      after += counts.last ?? 0
    }
    #expect(
      try CLI.run(["diff", Self.before, Self.after]).stdout.contains("goroutines \(before) → \(after) "))
    #expect((before, after) == (3, 18))
  }
}
