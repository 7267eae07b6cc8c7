import Foundation
import Testing

/// Several dumps in one input, `--snapshot`, `--input-format`, compressed standard input.
@Suite struct InputSelectionTests {
  let twoDumps = CLI.sample("go/damaged/two-dumps.txt")

  @Test func showReportsEveryDump() throws {
    let result = try CLI.run(["show", twoDumps])
    #expect(result.status == 0)
    #expect(result.stdout.contains("\(twoDumps) (dump 1 of 2) · go-text · 3 goroutines in 3 groups"))
    #expect(result.stdout.contains("\(twoDumps) (dump 2 of 2) · go-text · 18 goroutines in 4 groups"))
    let json = try CLI.run(["show", "--format", "json", twoDumps])
    let parsed = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
    let snapshots = parsed?["snapshots"] as? [[String: Any]]
    #expect(snapshots?.map { $0["total"] as? Int } == [3, 18])
  }

  @Test func snapshotPicksOne() throws {
    let first = try CLI.run(["show", "--snapshot", "1", twoDumps])
    #expect(first.stdout.hasPrefix("\(twoDumps) · go-text · 3 goroutines"))
    let last = try CLI.run(["show", "--snapshot", "last", twoDumps])
    #expect(last.stdout.hasPrefix("\(twoDumps) (dump 2) · go-text · 18 goroutines"))
    let missing = try CLI.run(["show", "--snapshot", "3", twoDumps])
    #expect(missing.status == 2)
    #expect(missing.stderr == "stackdiff: error: \(twoDumps): has 2 dumps, not 3\n")
    #expect(try CLI.run(["show", "--snapshot", "first", twoDumps]).status == 64)
  }

  @Test func oneFileWithTwoDumpsIsADiff() throws {
    let result = try CLI.run([twoDumps])
    #expect(result.status == 0)
    #expect(result.stdout.contains("goroutines 3 → 18 (+15)"))
    #expect(result.stdout.contains("suspect: +15 goroutines blocked in chan receive"))
    let single = try CLI.run([CLI.sample("go/prodcons/prodcons-after.txt")])
    #expect(single.status == 2)
    #expect(single.stderr.hasSuffix("holds one dump; diff needs BEFORE and AFTER\n"))
  }

  @Test func diffSaysWhichDumpItUsed() throws {
    let result = try CLI.run([CLI.sample("go/logsfollow/leaky-before.txt"), twoDumps])
    #expect(result.status == 0)
    #expect(
      result.stderr
        == "stackdiff: note: \(twoDumps) holds 2 dumps; using the last (--snapshot N picks another)\n")
    #expect(result.stdout.contains("goroutines 3 → 18 (+15)"))
  }

  @Test func inputFormatOverridesDetection() throws {
    let profile = CLI.sample("go/logsfollow/leaky-after.debug0.pb.gz")
    let forced = try CLI.run(["show", "--input-format", "go-pprof-proto", profile])
    #expect(forced.status == 0)
    #expect(forced.stdout.contains("go-pprof-proto · 18 goroutines"))
    // Forcing protobuf onto text is an error about the data, not a crash.
    let wrong = try CLI.run([
      "show", "--input-format", "go-pprof-proto", CLI.sample("go/prodcons/prodcons-after.txt"),
    ])
    #expect(wrong.status == 2)
    #expect(wrong.stderr.contains("corrupt pprof profile"))
    #expect(try CLI.run(["show", "--input-format", "swift", profile]).status == 64)
  }

  @Test func gzipOnStandardInput() throws {
    let gz = try Data(contentsOf: URL(fileURLWithPath: CLI.sample("gzip/go/sumserver/sumserver-1500.txt.gz")))
    let result = try CLI.run(["show", "-"], stdin: gz)
    #expect(result.status == 0)
    #expect(result.stdout.hasPrefix("- · go-text · 1503 goroutines in 4 groups"))
    // A cut download keeps what came before the cut, and says where it ends.
    let truncated = try CLI.run(["show", CLI.sample("compressed/leaky-after.truncated.gz")])
    #expect(truncated.status == 0)
    #expect(truncated.stdout.contains("· go-text · 3 goroutines in 3 groups"))
    #expect(
      truncated.stderr.contains(
        "stackdiff: warning: \(CLI.sample("compressed/leaky-after.truncated.gz")): corrupt gzip data (unexpected end of data) after 830 bytes; what came before it was read\n"
      ))
    #expect(try CLI.run(["show", "--strict", CLI.sample("compressed/leaky-after.truncated.gz")]).status == 2)
    let bomb = try CLI.run(["show", "--max-input-bytes", "10M", CLI.sample("compressed/newlines-100m.gz")])
    #expect(bomb.status == 2)
    #expect(bomb.stderr.hasSuffix(": decompressed data exceeds 10 MiB (--max-input-bytes)\n"))
  }
}

/// Output options shared by the report commands.
@Suite struct ReportOptionTests {
  let before = CLI.sample("go/logsfollow/leaky-before.txt")
  let after = CLI.sample("go/logsfollow/leaky-after.txt")

  @Test func fullPaths() throws {
    let short = try CLI.run(["show", after])
    #expect(
      short.stdout.contains("  > example.com/logdemo/daemon/server.(*Server).logsContainer  server.go:80\n"))
    let full = try CLI.run(["show", "--full-paths", after])
    #expect(
      full.stdout.contains("/work/main/SampleDumps/generators/go/logsfollow/daemon/server/server.go:80\n"))
  }

  @Test func topLimitsJSONOnlyWhenGiven() throws {
    func groups(_ arguments: [String]) throws -> [[String: Any]] {
      let result = try CLI.run(arguments)
      let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
      return json?["groups"] as? [[String: Any]] ?? []
    }
    let all = try groups(["diff", "--format", "json", before, after])
    #expect(all.count == 4)
    let top = try groups(["diff", "--format", "json", "--top", "1", before, after])
    #expect(top.count == 1)
    #expect(top.first?["delta"] as? Int == 15)
  }

  @Test func markdownAndTrendFromTheCommandLine() throws {
    let markdown = try CLI.run(["diff", "--format", "markdown", before, after])
    #expect(markdown.status == 0)
    #expect(markdown.stdout.hasPrefix("### stackdiff: `\(before)` → `\(after)`"))
    #expect(
      markdown.stdout.contains(
        "<details><summary>+15 chan receive at server.go:80 in (*Server).logsContainer</summary>"))
    let series = ["0000", "0050", "0500", "1000", "1500"].map {
      CLI.sample("go/sumserver/sumserver-\($0).txt")
    }
    let trend = try CLI.run(["trend"] + series)
    #expect(trend.status == 0)
    #expect(
      trend.stdout.contains(
        "strongest evidence: +1500 goroutines blocked in chan send, growing across 5 snapshots, 0 → 50 → 500 → 1000 → 1500 (+50, +450, +500, +500), at main.go:27 in sumInt, created by main.sumHandler"
      ))
    let json = try CLI.run(["trend", "--format", "json"] + series)
    let parsed = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
    let first = (parsed?["groups"] as? [[String: Any]])?.first
    #expect(first?["series"] as? [Int] == [0, 50, 500, 1000, 1500])
    #expect(first?["trend"] as? String == "growing")
  }

  @Test func minimumDeltaHidesSmallGrowth() throws {
    let result = try CLI.run(["diff", "--min-delta", "16", before, after])
    #expect(result.stdout.contains("no group grew by 16 or more"))
    // Suspects still name the leak: the filter is about listing, not judging.
    #expect(result.stdout.contains("suspect: +15 goroutines"))
  }
}
