import Foundation
import Testing

/// Commands that take many inputs read them all, as grep and ripgrep do; `--strict` makes a
/// warning fail the run.
@Suite struct ManyInputsTests {
  @Test func showReportsTheBadInputAndShowsTheOthers() throws {
    let good = [
      CLI.sample("go/prodcons/prodcons-after.txt"), CLI.sample("go/masterworker/masterworker-after.txt"),
    ]
    let bad = CLI.sample("go/no-such-dump.txt")
    let result = try CLI.run(["show", good[0], bad, good[1]])
    #expect(result.status == 2)
    #expect(result.stderr == "stackdiff: error: \(bad): no such file\n")
    #expect(result.stdout.contains("\(good[0]) · go-text · 22 goroutines in 2 groups"))
    #expect(result.stdout.contains("\(good[1]) · go-text · 13 goroutines in 2 groups"))
  }

  @Test func trendSkipsTheBadInput() throws {
    let series = ["0000", "0500", "1500"].map { CLI.sample("go/sumserver/sumserver-\($0).txt") }
    let result = try CLI.run(["trend", series[0], "/nonexistent/dump.txt", series[1], series[2]])
    #expect(result.status == 2)
    #expect(result.stderr == "stackdiff: error: /nonexistent/dump.txt: no such file\n")
    #expect(result.stdout.contains("goroutines 3 → 503 → 1503\n"))
    // With fewer than two left there is no trend, only the errors.
    let alone = try CLI.run(["trend", series[0], "/nonexistent/dump.txt"])
    #expect(alone.status == 2)
    #expect(alone.stdout.isEmpty)
  }

  @Test func strictMakesWarningsFail() throws {
    let damaged = CLI.sample("malformed/truncated-mid-line.txt")
    let lenient = try CLI.run(["show", damaged])
    #expect(lenient.status == 0)
    #expect(lenient.stderr.contains("warning: 1 line not understood, first at \(damaged):37"))
    let strict = try CLI.run(["show", "--strict", damaged])
    #expect(strict.status == 2)
    #expect(strict.stdout == lenient.stdout)
    #expect(try CLI.run(["show", "--strict", CLI.sample("go/prodcons/prodcons-after.txt")]).status == 0)
    // A check whose assertions hold still fails on a damaged dump under --strict.
    let check = try CLI.run(["check", "--strict", damaged, "--max-total", "1000"])
    #expect(check.status == 2)
    #expect(check.stdout.contains("check passed"))
  }
}

/// `diff` reads its two inputs at once when each is a file small enough to parse on one core;
/// what it prints must not show it.
@Suite struct DiffInputsTests {
  let block = CLI.sample("malformed/truncated-mid-block.txt")
  let line = CLI.sample("malformed/truncated-mid-line.txt")

  func warnings(of path: String) throws -> String {
    try CLI.run(["show", path]).stderr
  }

  @Test func warningsComeInTheInputsOrder() throws {
    let (blockWarnings, lineWarnings) = (try warnings(of: block), try warnings(of: line))
    #expect(blockWarnings == "stackdiff: warning: 1 line not understood, first at \(block):48\n")
    #expect(lineWarnings.hasPrefix("stackdiff: warning: 1 line not understood, first at \(line):37\n"))
    let forward = try CLI.run(["diff", block, line])
    #expect(forward.status == 0)
    #expect(forward.stderr == blockWarnings + lineWarnings)
    let backward = try CLI.run(["diff", line, block])
    #expect(backward.status == 0)
    #expect(backward.stderr == lineWarnings + blockWarnings)
    #expect(try CLI.run(["diff", "--strict", block, line]).status == 2)
  }

  /// Files read at once that are no dump end the diff with the first one's error.
  @Test func aFileThatIsNoDumpEndsTheDiff() throws {
    let empty = CLI.sample("malformed/empty.txt")
    let binary = CLI.sample("malformed/binary-4k.bin")
    let first = try CLI.run(["diff", empty, line])
    #expect(first.status == 2)
    #expect(first.stderr == "stackdiff: error: \(empty): empty input\n")
    let second = try CLI.run(["diff", block, binary])
    #expect(second.status == 2)
    #expect(
      second.stderr == (try warnings(of: block))
        + "stackdiff: error: \(binary): binary data, not a stack dump\n")
    #expect(first.stdout.isEmpty && second.stdout.isEmpty)
  }

  @Test func snapshotPicksTheDumpOfBothInputs() throws {
    let twoDumps = CLI.sample("go/damaged/two-dumps.txt")
    let result = try CLI.run(["diff", "--snapshot", "1", twoDumps, line])
    #expect(result.status == 0)
    #expect(result.stdout.contains("goroutines 3 → "))
    let missing = try CLI.run(["diff", "--snapshot", "3", twoDumps, line])
    #expect(missing.status == 2)
    #expect(missing.stderr == "stackdiff: error: \(twoDumps): has 2 dumps, not 3\n")
  }

  @Test func mergedSidesTakeAMinimumDeltaOfOneOrMore() throws {
    let result = try CLI.run(["diff", "--merge", block, "--after", line, "--min-delta", "0"])
    #expect(result.status == 64)
    #expect(result.stderr.contains("--min-delta must be at least 1."))
  }

  @Test func anUnreadableInputEndsTheDiffAsBefore() throws {
    let missing = CLI.sample("go/no-such-dump.txt")
    let first = try CLI.run(["diff", missing, line])
    #expect(first.status == 2)
    #expect(first.stderr == "stackdiff: error: \(missing): no such file\n")
    #expect(first.stdout.isEmpty)
    let second = try CLI.run(["diff", block, missing])
    #expect(second.status == 2)
    #expect(second.stderr == (try warnings(of: block)) + "stackdiff: error: \(missing): no such file\n")
    #expect(second.stdout.isEmpty)
  }
}

/// `--merge` folds several inputs into one report (show) or into each side (diff).
@Suite struct MergeCommandTests {
  @Test func showMergesCrashReports() throws {
    let reports = ["crash.full", "crash.color", "crash.demangle-no"].map {
      CLI.sample("swift/backtracer/\($0).txt")
    }
    let result = try CLI.run(["show", "--merge"] + reports)
    #expect(result.status == 0)
    #expect(
      result.stdout.hasPrefix(
        "3 dumps merged (\(reports.joined(separator: ", "))) · swift-backtrace · 24 threads in 6 groups\n"))
    #expect(result.stdout.contains("\n3 threads · running · crashed · in 3 dumps · order-proc\n"))
    let json = try CLI.run(["show", "--merge", "--format", "json"] + reports)
    #expect(json.stdout.contains("\"mergedDumps\":3"))
    #expect(json.stdout.contains("\"crashed\":3,\"dumps\":3"))
  }

  @Test func diffMergesEachSide() throws {
    let result = try CLI.run([
      "diff", "--merge", CLI.sample("go/logsfollow/leaky-before.txt"),
      CLI.sample("go/logsfollow/fixed-before.txt"),
      "--after", CLI.sample("go/logsfollow/leaky-after.txt"), CLI.sample("go/logsfollow/fixed-after.txt"),
    ])
    #expect(result.status == 0)
    #expect(result.stdout.contains("\ngoroutines 6 → 21 (+15)\n"))
    #expect(
      result.stdout.contains(
        "suspect: +15 goroutines blocked in chan receive at server.go:80 in (*Server).logsContainer"))
  }

  @Test func mergeNeedsBothSidesAndOneFormat() throws {
    let usage = try CLI.run(["diff", "--merge", CLI.sample("go/logsfollow/leaky-before.txt")])
    #expect(usage.status == 64)
    #expect(
      usage.stderr.hasPrefix(
        "Error: --merge takes the BEFORE dumps as files and the AFTER dumps after --after.\n"))
    let go = CLI.sample("go/logsfollow/leaky-after.txt")
    let swift = CLI.sample("swift/backtracer/crash.full.txt")
    let mixed = try CLI.run(["show", "--merge", go, swift])
    #expect(mixed.status == 2)
    #expect(
      mixed.stderr
        == "stackdiff: error: --merge folds dumps of one format: \(go) is go-text, \(swift) is swift-backtrace\n"
    )
  }
}
