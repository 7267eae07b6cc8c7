import Foundation
import Testing

/// The built binary's exit statuses and one-line errors, as scripts and CI see them.
@Suite struct ExitStatusTests {
  @Test func showSucceedsOnASampleDump() throws {
    let result = try CLI.run(["show", CLI.sample("go/prodcons/prodcons-after.txt")])
    #expect(result.status == 0)
    #expect(result.stderr.isEmpty)
    #expect(result.stdout.contains("· go-text · 22 goroutines in 2 groups"))
    #expect(result.stdout.contains("21 goroutines · chan send"))
  }

  @Test func missingFileIsBadInput() throws {
    let path = CLI.sample("go/does-not-exist.txt")
    let result = try CLI.run(["show", path])
    #expect(result.status == 2)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr == "stackdiff: error: \(path): no such file\n")
  }

  @Test func directoryIsBadInput() throws {
    let path = CLI.sample("go")
    let result = try CLI.run(["show", path])
    #expect(result.status == 2)
    #expect(result.stderr == "stackdiff: error: \(path): is a directory\n")
  }

  @Test func emptyStandardInputIsBadInput() throws {
    let result = try CLI.run(["show", "-"], stdin: Data())
    #expect(result.status == 2)
    #expect(result.stderr == "stackdiff: error: -: empty input\n")
  }

  @Test func textWithoutADumpIsBadInput() throws {
    let result = try CLI.run(["show"], stdin: Data("just a log line\nanother one\n".utf8))
    #expect(result.status == 2)
    #expect(result.stderr == "stackdiff: error: -: no stack dump found\n")
  }

  @Test func binaryIsBadInput() throws {
    var bytes = [UInt8](repeating: 0, count: 4096)
    for index in bytes.indices { bytes[index] = UInt8((index * 7919) % 251) }
    let result = try CLI.run(["show", "-"], stdin: Data(bytes))
    #expect(result.status == 2)
    #expect(result.stderr == "stackdiff: error: -: binary data, not a stack dump\n")
  }

  @Test func usageErrorsExit64() throws {
    #expect(try CLI.run(["show", "--no-such-option"]).status == 64)
    #expect(try CLI.run(["diff", "a", "b", "c"]).status == 64)
    #expect(try CLI.run(["show", "--group-by", "nonsense", "x"]).status == 64)
    // One file of one dump is a usage mistake, not bad input.
    let one = CLI.sample("go/prodcons/prodcons-after.txt")
    let trend = try CLI.run(["trend", one])
    #expect(trend.status == 64)
    #expect(
      trend.stderr.hasPrefix(
        "Error: trend needs two or more dumps: \(one) holds one. Give the dumps oldest first, or one file holding several.\nUsage: stackdiff trend "
      ))
    #expect(try CLI.run(["trend", "-", "-"]).status == 64)
    #expect(try CLI.run(["diff", "--top", "0", "a", "b"]).status == 64)
  }

  @Test func standardInputReadsLikeAFile() throws {
    let path = CLI.sample("go/logsfollow/leaky-after.txt")
    let fromFile = try CLI.run(["show", "--format", "json", path])
    let fromStdin = try CLI.run(
      ["show", "--format", "json", "-"], stdin: try Data(contentsOf: URL(fileURLWithPath: path)))
    #expect(fromStdin.status == 0)
    #expect(
      fromStdin.stdout
        == fromFile.stdout.replacingOccurrences(of: "\"source\":\"\(path)\"", with: "\"source\":\"-\""))
    let noArgument = try CLI.run(
      ["show", "--format", "json"], stdin: try Data(contentsOf: URL(fileURLWithPath: path)))
    #expect(noArgument.stdout == fromStdin.stdout)
  }

  @Test func diffIsTheDefaultCommand() throws {
    let before = CLI.sample("go/logsfollow/leaky-before.txt")
    let after = CLI.sample("go/logsfollow/leaky-after.txt")
    let implicit = try CLI.run([before, after])
    let explicit = try CLI.run(["diff", before, after])
    #expect(implicit.status == 0)
    #expect(implicit.stdout == explicit.stdout)
    #expect(
      implicit.stdout.contains(
        "suspect: +15 goroutines blocked in chan receive at server.go:80 in (*Server).logsContainer"))
  }

  @Test func jsonIsByteForByteStable() throws {
    let path = CLI.sample("go/mixed/go1.27/mixed.txt")
    let first = try CLI.run(["show", "--format", "json", path])
    let second = try CLI.run(["show", "--format", "json", path])
    #expect(first.status == 0)
    #expect(first.stdout == second.stdout)
    #expect(first.stdout.hasPrefix("{\"schemaVersion\":1,\"snapshots\":[{\"source\":"))
  }

  /// `stackdiff show big | head` must end quietly with status 0, not die of SIGPIPE.
  @Test func closedPipeExitsQuietly() throws {
    let path = CLI.sample("go/sumserver/sumserver-1500.txt")
    let result = try CLI.runShell(
      "set -o pipefail; '\(CLI.binary)' show --group-by exact '\(path)' | head -c 100 > /dev/null")
    #expect(result.status == 0)
    #expect(result.stderr.isEmpty)
  }

  @Test func colourOnlyWhenAskedOrOnATerminal() throws {
    let path = CLI.sample("go/prodcons/prodcons-after.txt")
    #expect(try CLI.run(["show", path]).stdout.contains("\u{1B}[") == false)
    #expect(try CLI.run(["show", "--color", "always", path]).stdout.contains("\u{1B}[1m"))
    #expect(try CLI.run(["show", "--color", "never", path]).stdout.contains("\u{1B}[") == false)
    // Under a pseudo-terminal `auto` colours, unless NO_COLOR is set.
    let tty = try CLI.runShell("script -qec \"'\(CLI.binary)' show '\(path)'\" /dev/null")
    #expect(tty.stdout.contains("\u{1B}[1m"))
    let noColor = try CLI.runShell("NO_COLOR=1 script -qec \"'\(CLI.binary)' show '\(path)'\" /dev/null")
    #expect(noColor.status == 0)
    #expect(!noColor.stdout.contains("\u{1B}[1m"))
  }
}

/// Usage mistakes say what was meant; `diff --fail-on-suspect` gates on suspects.
@Suite struct UsageHintTests {
  @Test func aURLWithoutItsSchemeSaysSo() throws {
    let result = try CLI.run(["show", "localhost:6060/debug/pprof/goroutine?debug=2"])
    #expect(result.status == 2)
    #expect(
      result.stderr
        == "stackdiff: error: localhost:6060/debug/pprof/goroutine?debug=2: no such file (a URL needs its scheme: http://localhost:6060/debug/pprof/goroutine?debug=2)\n"
    )
    let file = try CLI.run(["show", "no-such-dump.txt"])
    #expect(file.stderr == "stackdiff: error: no-such-dump.txt: no such file\n")
  }

  @Test func threeDumpsToDiffSuggestTrend() throws {
    let result = try CLI.run(["a.txt", "b.txt", "c.txt"])
    #expect(result.status == 64)
    #expect(
      result.stderr.hasPrefix(
        "Error: diff takes BEFORE and AFTER (or one file holding two dumps); for 3 dumps over time: stackdiff trend a.txt b.txt c.txt\n"
      ))
  }

  @Test func failOnSuspectExitsOneOnlyWhenThereIsOne() throws {
    let leaky = try CLI.run([
      "diff", "--fail-on-suspect", CLI.sample("go/logsfollow/leaky-before.txt"),
      CLI.sample("go/logsfollow/leaky-after.txt"),
    ])
    #expect(leaky.status == 1)
    #expect(leaky.stdout.contains("suspect: +15 goroutines blocked in chan receive"))
    let fixed = try CLI.run([
      "diff", "--fail-on-suspect", CLI.sample("go/logsfollow/fixed-before.txt"),
      CLI.sample("go/logsfollow/fixed-after.txt"),
    ])
    #expect(fixed.status == 0)
    let plain = try CLI.run([
      CLI.sample("go/logsfollow/leaky-before.txt"), CLI.sample("go/logsfollow/leaky-after.txt"),
    ])
    #expect(plain.status == 0)
  }
}
