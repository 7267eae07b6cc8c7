import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// `stackdiff watch` against a real HTTP server on 127.0.0.1 whose dumps grow from poll to poll:
/// the sumserver's dumps after 0, 50, 500, 1000 and 1500 requests, one per request.
@Suite struct WatchCommandTests {
  static let points = ["0000", "0050", "0500", "1000", "1500"]

  /// Each test has its own server: sequences count their requests.
  static func server() throws -> SampleServer { try SampleServer(root: CLI.packageRoot + "/SampleDumps") }

  /// `sequence/…` serving the sumserver dumps at `points` (or other entries as given).
  static func sequence(_ entries: [String], format: String = "txt") -> String {
    "sequence/"
      + entries.map { $0.count == 4 && Int($0) != nil ? "go/sumserver/sumserver-\($0).\(format)" : $0 }
      .joined(separator: ",")
  }

  /// Standard output with each poll line's time replaced by `TIME`.
  static func timeless(_ text: String) -> String {
    text.replacingOccurrences(
      of: #"(?m)^(poll \d+  )\d\d:\d\d:\d\d"#, with: "$1TIME", options: .regularExpression)
  }

  /// The lines before the report, and the report (after the first empty line).
  static func split(_ stdout: String) -> (lines: String, report: String) {
    guard let range = stdout.range(of: "\n\n") else { return (stdout, "") }
    return (String(stdout[..<range.lowerBound]) + "\n", String(stdout[range.upperBound...]))
  }

  static let suspectAtPoll3 =
    "suspect: +500 goroutines blocked in chan send, growing across polls 1–3, 0 → 50 → 500 (+50, +450), at main.go:27 in sumInt, created by main.sumHandler"

  static func temporaryDirectory() throws -> String {
    let path = NSTemporaryDirectory() + "stackdiff-watch-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  @Test func growingSeriesAndTheMomentTheSuspectIsAnnounced() throws {
    let server = try Self.server()
    let result = try CLI.run([
      "watch", server.url(Self.sequence(Self.points)), "--interval", "50ms", "--count", "5",
    ])
    #expect(result.status == 0)
    #expect(result.stderr == "")
    let (lines, report) = Self.split(Self.timeless(result.stdout))
    #expect(
      lines == """
        poll 1  TIME  goroutines 3
        poll 2  TIME  goroutines 53 (+50)  growing since poll 1: 1 group (+50)
        poll 3  TIME  goroutines 503 (+450)  growing since poll 1: 1 group (+500)
        \(Self.suspectAtPoll3)
        poll 4  TIME  goroutines 1003 (+500)  growing since poll 2: 1 group (+950)
        poll 5  TIME  goroutines 1503 (+500)  growing since poll 3: 1 group (+1000)

        """)
    // trend's report over the same dumps, the snapshots named by poll.
    let trend = try CLI.run(["trend"] + Self.points.map { CLI.sample("go/sumserver/sumserver-\($0).txt") })
    let trendBody = trend.stdout.drop { $0 != "\n" }
    #expect(report.hasPrefix("trend over 5 snapshots: poll 1 → poll 2 → poll 3 → poll 4 → poll 5\n"))
    #expect(report.drop { $0 != "\n" } == trendBody)
    #expect(server.requests(of: Self.sequence(Self.points)) == 5)
  }

  /// debug=0 profiles have no states: the suspect says so, and saved files keep the profile.
  @Test func profilesAreWatchedAndSavedAsTheyCame() throws {
    let server = try Self.server()
    let directory = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let path = Self.sequence(Array(Self.points.prefix(3)), format: "debug0.pb.gz")
    let result = try CLI.run([
      "watch", server.url(path), "--interval", "50ms", "--count", "3", "--save-dir", directory,
    ])
    #expect(result.status == 0)
    #expect(
      Self.timeless(result.stdout).hasPrefix(
        """
        poll 1  TIME  goroutines 3
        poll 2  TIME  goroutines 53 (+50)  growing since poll 1: 1 group (+50)
        poll 3  TIME  goroutines 503 (+450)  growing since poll 1: 1 group (+500)
        suspect: +500 goroutines (state not recorded in go-pprof-proto dumps), growing across polls 1–3, 0 → 50 → 500 (+50, +450), at main.go:27 in sumInt

        """))
    let files = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    #expect(files.count == 3)
    for (index, file) in files.enumerated() {
      #expect(file.hasSuffix("-000\(index + 1).pb.gz"))
      let saved = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + file))
      let original = try Data(
        contentsOf: URL(
          fileURLWithPath: CLI.sample("go/sumserver/sumserver-\(Self.points[index]).debug0.pb.gz")))
      #expect(saved == original)
    }
  }

  /// Every snapshot is saved, gzipped and named by time and poll; trend over the directory
  /// prints the watch's report byte for byte, in text and JSON, and diff reads the files too.
  @Test(arguments: ["text", "json"])
  func savedSnapshotsGiveTrendTheSameReport(format: String) throws {
    let server = try Self.server()
    let directory = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let result = try CLI.run([
      "watch", server.url(Self.sequence(Self.points)), "--interval", "50ms", "--count", "5",
      "--save-dir", directory + "/snapshots/", "--format", format,
    ])
    #expect(result.status == 0)
    let files = try FileManager.default.contentsOfDirectory(atPath: directory + "/snapshots").sorted()
    #expect(files.count == 5)
    let pattern = try Regex(#"^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ-000[1-5]\.txt\.gz$"#)
    #expect(files.allSatisfy { $0.wholeMatch(of: pattern) != nil })
    #expect(files.map { String($0.suffix(11)) } == (1...5).map { "000\($0).txt.gz" })
    let paths = files.map { directory + "/snapshots/" + $0 }
    let trend = try CLI.run(["trend", "--format", format] + paths)
    #expect(trend.status == 0)
    if format == "text" {
      #expect(Self.split(result.stdout).report == trend.stdout)
      #expect(trend.stdout.hasPrefix("trend over 5 snapshots: \(paths[0]) → "))
    } else {
      // Standard output is trend's JSON alone; the poll lines went to stderr.
      #expect(result.stdout == trend.stdout)
      #expect(Self.timeless(result.stderr).hasPrefix("poll 1  TIME  goroutines 3\n"))
      #expect(result.stderr.contains(Self.suspectAtPoll3 + "\n"))
    }
    let diff = try CLI.run(["diff", paths[0], paths[4]])
    #expect(diff.status == 0)
    #expect(diff.stdout.contains("suspect: +1500 goroutines blocked in chan send at main.go:27 in sumInt"))
  }

  /// Nothing listening: a network error, reported and retried at each poll like an HTTP error;
  /// with no poll read, the watch ends with exit 2 and says so.
  @Test func connectionRefusedIsRetried() throws {
    // Port 1 (tcpmux): nothing listens there.
    let url = "http://127.0.0.1:1/debug/pprof/goroutine?debug=2"
    let result = try CLI.run(["watch", url, "--interval", "20ms", "--count", "2"])
    #expect(result.status == 2)
    let lines = result.stderr.split(separator: "\n").map(String.init)
    #expect(lines.count == 3)
    #expect(lines.first?.hasPrefix("stackdiff: warning: poll 1: http://127.0.0.1:1") == true)
    #expect(lines.first?.contains(": cannot fetch: ") == true)
    #expect(lines.first?.hasSuffix("; retrying in 20ms") == true)
    #expect(lines.last?.hasPrefix("stackdiff: error: no poll of http://127.0.0.1:1") == true)
    #expect(lines.last?.hasSuffix("succeeded (2 failures)") == true)
  }

  /// With `--output`, the report (here trend's page) goes to the file, byte for byte what
  /// trend writes over the saved snapshots, and the poll lines go to stderr.
  @Test func theReportGoesToOutputAsTrendsPage() throws {
    let server = try Self.server()
    let directory = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let page = directory + "/watch.html"
    let result = try CLI.run([
      "watch", server.url(Self.sequence(Self.points)), "--interval", "50ms", "--count", "5",
      "--save-dir", directory + "/snapshots", "--format", "html", "--output", page,
    ])
    #expect(result.status == 0)
    #expect(result.stdout.isEmpty)
    #expect(Self.timeless(result.stderr).hasPrefix("poll 1  TIME  goroutines 3\n"))
    let files = try FileManager.default.contentsOfDirectory(atPath: directory + "/snapshots").sorted()
    let trendPage = directory + "/trend.html"
    let trend = try CLI.run(
      ["trend", "--format", "html", "--output", trendPage] + files.map { directory + "/snapshots/" + $0 })
    #expect(trend.status == 0)
    let written = try String(contentsOfFile: page, encoding: .utf8)
    #expect(written.hasPrefix("<!DOCTYPE html>") || written.lowercased().hasPrefix("<!doctype html>"))
    #expect(written == (try String(contentsOfFile: trendPage, encoding: .utf8)))
  }

  /// A server that fails every other request: each failure is one line, the watch goes on,
  /// and the series is the polls that succeeded.
  @Test func failedPollsAreReportedAndRetried() throws {
    let server = try Self.server()
    let path = Self.sequence(["0000", "status/503", "0050", "status/503", "0500"])
    let url = server.url(path)
    let result = try CLI.run(["watch", url, "--interval", "50ms", "--count", "5"])
    #expect(result.status == 0)
    #expect(
      result.stderr == """
        stackdiff: warning: poll 2: \(url): HTTP/1.1 503 Status; retrying in 50ms
        stackdiff: warning: poll 4: \(url): HTTP/1.1 503 Status; retrying in 50ms

        """)
    let (lines, report) = Self.split(Self.timeless(result.stdout))
    #expect(
      lines == """
        poll 1  TIME  goroutines 3
        poll 3  TIME  goroutines 53 (+50)  growing since poll 1: 1 group (+50)
        poll 5  TIME  goroutines 503 (+450)  growing since poll 1: 1 group (+500)
        suspect: +500 goroutines blocked in chan send, growing across polls 1–5, 0 → 50 → 500 (+50, +450), at main.go:27 in sumInt, created by main.sumHandler

        """)
    #expect(report.hasPrefix("trend over 3 snapshots: poll 1 → poll 3 → poll 5\ngoroutines 3 → 53 → 503\n"))
  }

  /// A body that holds no dump, or a dump that cannot join the series, is a failed poll, not an
  /// empty snapshot; the last poll's failure retries nothing.
  @Test func unreadablePollsAreFailures() throws {
    let server = try Self.server()
    let path = Self.sequence([
      "0000", "malformed/no-dump.txt", "go/sumserver/sumserver-0050.debug0.pb.gz", "0500", "status/404",
    ])
    let url = server.url(path)
    let result = try CLI.run(["watch", url, "--interval", "50ms", "--count", "5"])
    #expect(result.status == 0)
    #expect(
      result.stderr == """
        stackdiff: warning: poll 2: \(url): no stack dump found; retrying in 50ms
        stackdiff: warning: poll 3: \(url): a go-pprof-proto dump cannot join a series of go-text dumps (it tells less about each goroutine); retrying in 50ms
        stackdiff: warning: poll 5: \(url): HTTP/1.1 404 Not Found

        """)
    #expect(Self.split(result.stdout).report.hasPrefix("trend over 2 snapshots: poll 1 → poll 4\n"))
  }

  @Test func failFastEndsAtTheFirstFailureWithTheReportSoFar() throws {
    let server = try Self.server()
    let url = server.url(Self.sequence(["0000", "0050", "status/503", "0500"]))
    let result = try CLI.run(["watch", url, "--interval", "50ms", "--count", "4", "--fail-fast"])
    #expect(result.status == 2)
    #expect(result.stderr == "stackdiff: error: poll 3: \(url): HTTP/1.1 503 Status\n")
    let (lines, report) = Self.split(Self.timeless(result.stdout))
    #expect(lines.components(separatedBy: "\n").filter { $0.hasPrefix("poll ") }.count == 2)
    #expect(report.hasPrefix("trend over 2 snapshots: poll 1 → poll 2\n"))
  }

  @Test func everyPollFailingIsBadInput() throws {
    let server = try Self.server()
    let url = server.url("status/404")
    let result = try CLI.run(["watch", url, "--interval", "50ms", "--count", "2"])
    #expect(result.status == 2)
    #expect(result.stdout == "")
    #expect(
      result.stderr == """
        stackdiff: warning: poll 1: \(url): HTTP/1.1 404 Not Found; retrying in 50ms
        stackdiff: warning: poll 2: \(url): HTTP/1.1 404 Not Found
        stackdiff: error: no poll of \(url) succeeded (2 failures)

        """)
  }

  /// A soak test: the first poll where an assertion fails ends the watch with exit 1, trend's
  /// report and check's.
  @Test func aFailedAssertionEndsTheWatch() throws {
    let server = try Self.server()
    let path = Self.sequence(Self.points)
    let result = try CLI.run([
      "watch", server.url(path), "--interval", "50ms", "--count", "5", "--max-growth", "100",
    ])
    #expect(result.status == 1)
    #expect(server.requests(of: path) == 3)
    let (lines, report) = Self.split(Self.timeless(result.stdout))
    #expect(lines.hasSuffix("\(Self.suspectAtPoll3)\ncheck failed at poll 3: max-growth 100\n"))
    #expect(report.hasPrefix("trend over 3 snapshots: poll 1 → poll 2 → poll 3\n"))
    #expect(
      report.contains(
        """

        poll 1 → poll 3 · go-text · 503 goroutines (2 ignored)
        ignored: 2 by default: takes the dump
        FAIL max-growth 100: 1 group grew by more than 100 (largest +500)

        """))
  }

  /// With JSON, standard output stays trend's JSON; check's report goes to stderr.
  @Test func aFailedAssertionWithJSON() throws {
    let server = try Self.server()
    let result = try CLI.run([
      "watch", server.url(Self.sequence(Self.points)), "--interval", "50ms", "--absent", "sumInt", "--format",
      "json",
    ])
    #expect(result.status == 1)
    let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    #expect(json?["totals"] as? [Int] == [3, 53])
    #expect(result.stderr.contains("check failed at poll 2: absent sumInt\n"))
    #expect(result.stderr.contains("FAIL absent sumInt: 50 goroutines in 1 group match\n"))
  }

  /// SIGINT or SIGTERM after poll 2 ends the watch with trend's report over the polls so far
  /// and status 0 (poll 3 may have begun: it is finished first).
  @Test(arguments: [SIGINT, SIGTERM])
  func aSignalEndsTheWatchWithItsReport(signal: Int32) throws {
    let server = try Self.server()
    let watch = try RunningCLI(["watch", server.url(Self.sequence(Self.points)), "--interval", "50ms"])
    #expect(watch.wait(for: "poll 2  "))
    watch.send(signal)
    let result = watch.finish()
    #expect(result.status == 0)
    let (lines, report) = Self.split(Self.timeless(result.stdout))
    #expect(
      lines.hasPrefix(
        """
        poll 1  TIME  goroutines 3
        poll 2  TIME  goroutines 53 (+50)  growing since poll 1: 1 group (+50)

        """))
    let polls = lines.split(separator: "\n").filter { $0.hasPrefix("poll ") }.count
    #expect(polls >= 2)
    let names = (1...polls).map { "poll \($0)" }.joined(separator: " → ")
    #expect(report.hasPrefix("trend over \(polls) snapshots: \(names)\n"))
  }

  /// A signal during the wait between polls ends it at once, not when the interval is over.
  @Test func aSignalInterruptsTheWait() throws {
    let server = try Self.server()
    let watch = try RunningCLI(["watch", server.url(Self.sequence(Self.points)), "--interval", "60s"])
    #expect(watch.wait(for: "poll 1  "))
    let signalled = Date()
    watch.send(SIGINT)
    let result = watch.finish()
    #expect(Date().timeIntervalSince(signalled) < 30)
    #expect(result.status == 0)
    #expect(result.stderr == "")
    #expect(Self.split(result.stdout).report.hasPrefix("trend over 1 snapshot: poll 1\ngoroutines 3\n"))
  }

  /// A signal during a poll that hangs says the watch stops after it; a second ends the
  /// process at once, without a report.
  @Test func aSecondSignalQuitsAtOnce() throws {
    let server = try Self.server()
    let path = Self.sequence(["0000", "slow/30"])
    let watch = try RunningCLI(["watch", server.url(path), "--interval", "10ms"])
    #expect(watch.wait(for: "poll 1  "))
    let deadline = Date(timeIntervalSinceNow: 60)
    while server.requests(of: path) < 2 && Date() < deadline { usleep(10_000) }
    watch.send(SIGINT)
    #expect(watch.wait(for: "press Ctrl-C again to quit at once\n", onStandardError: true))
    watch.send(SIGINT)
    let result = watch.finish()
    #expect(result.status == 130)
    #expect(
      result.stderr
        == "stackdiff: note: stopping after the poll under way; press Ctrl-C again to quit at once\n")
    #expect(!result.stdout.contains("trend over"))
  }

  /// `--file` reads the file again at each poll: a dump that a process rewrites.
  @Test func aFileIsReadAgainAtEachPoll() throws {
    let directory = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let file = directory + "/dump.txt"
    func install(_ point: String) throws {
      let staged = directory + "/staged.txt"
      try FileManager.default.copyItem(
        atPath: CLI.sample("go/sumserver/sumserver-\(point).txt"), toPath: staged)
      // A rename, as a careful writer does: a poll never sees half a dump.
      #expect(rename(staged, file) == 0)
    }
    try install("0000")
    // The next dump is in place a moment after each poll's line; the interval leaves a second.
    let watch = try RunningCLI(["watch", "--file", file, "--interval", "1s", "--count", "3"])
    #expect(watch.wait(for: "poll 1  "))
    try install("0050")
    #expect(watch.wait(for: "poll 2  "))
    try install("0500")
    let result = watch.finish()
    #expect(result.status == 0)
    let (lines, _) = Self.split(Self.timeless(result.stdout))
    #expect(
      lines == """
        poll 1  TIME  goroutines 3
        poll 2  TIME  goroutines 53 (+50)  growing since poll 1: 1 group (+50)
        poll 3  TIME  goroutines 503 (+450)  growing since poll 1: 1 group (+500)
        \(Self.suspectAtPoll3)

        """)
  }

  /// The progress line shows on a terminal only, rewritten in place.
  @Test func progressLineOnlyOnATerminal() throws {
    let server = try Self.server()
    let url = server.url(Self.sequence(["0000", "0050"]))
    let tty = try CLI.runShell(
      "script -qec \"'\(CLI.binary)' watch '\(url)' --interval 50ms --count 2 --color never\" /dev/null")
    #expect(tty.status == 0)
    #expect(tty.stdout.contains("\r\u{1B}[Kpoll 2 in "))
    #expect(tty.stdout.contains("\r\u{1B}[Kpoll 2  "))
    let piped = try CLI.run([
      "watch", server.url(Self.sequence(["0000", "0500"])), "--interval", "50ms", "--count", "2",
    ])
    #expect(!piped.stdout.contains("\u{1B}") && !piped.stderr.contains("\u{1B}"))
    #expect(!piped.stdout.contains("\r") && piped.stderr == "")
  }

  /// Every form of duration; the last poll waits for nothing.
  @Test(arguments: ["10s", "500ms", "2m", "1.5"])
  func intervals(interval: String) throws {
    let file = CLI.sample("go/sumserver/sumserver-0050.txt")
    let result = try CLI.run(["watch", "--file", file, "--interval", interval, "--count", "1"])
    #expect(result.status == 0)
    #expect(
      Self.timeless(result.stdout).hasPrefix("poll 1  TIME  goroutines 53\n\ntrend over 1 snapshot: poll 1\n")
    )
  }

  /// Each poll's warnings are printed; with --strict they make the status 2 after the report.
  @Test func warningsAndStrict() throws {
    let file = CLI.sample("malformed/truncated-mid-line.txt")
    let warning = "stackdiff: warning: \(file): input ends in the middle of a line (truncated dump?)\n"
    let lenient = try CLI.run(["watch", "--file", file, "--interval", "10ms", "--count", "2"])
    #expect(lenient.status == 0)
    #expect(lenient.stderr.components(separatedBy: warning).count == 3)
    let strict = try CLI.run(["watch", "--file", file, "--interval", "10ms", "--count", "2", "--strict"])
    #expect(strict.status == 2)
    #expect(strict.stdout.contains("trend over 2 snapshots: poll 1 → poll 2\n"))
  }

  static let usageCases: [([String], String)] = [
    (["watch"], "watch polls a URL, or a file with --file PATH"),
    (
      ["watch", "dump.txt"],
      "'dump.txt' is not an http:// or https:// URL; to read a file at each poll: --file dump.txt"
    ),
    (["watch", "--file", "-"], "Standard input cannot be read again at each poll"),
    (["watch", "http://127.0.0.1:1/x", "--interval", "0"], "--interval must be more than 0"),
    (["watch", "http://127.0.0.1:1/x", "--interval", "soon"], "--interval"),
    (["watch", "http://127.0.0.1:1/x", "--count", "0"], "--count must be at least 1"),
    (["watch", "http://127.0.0.1:1/x", "--file", "a.txt"], "give one of them"),
  ]

  @Test(arguments: usageCases)
  func usageErrors(arguments: [String], message: String) throws {
    let result = try CLI.run(arguments)
    #expect(result.status == 64)
    #expect(result.stderr.contains(message))
  }

  @Test func helpTeachesWithExamples() throws {
    let result = try CLI.run(["watch", "--help"])
    #expect(result.status == 0)
    #expect(result.stdout.contains("Examples:"))
    #expect(result.stdout.contains("--save-dir snapshots"))
    #expect(result.stdout.contains("stackdiff trend snapshots/*"))
    #expect(result.stdout.contains("--max-growth 50"))
  }
}
