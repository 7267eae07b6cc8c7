import Foundation
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// `stackdiff check` as CI runs it: exit statuses, reports, JUnit parsed back, annotations.
@Suite struct CheckCommandTests {
  let leakyBefore = CLI.sample("go/logsfollow/leaky-before.txt")
  let leakyAfter = CLI.sample("go/logsfollow/leaky-after.txt")
  let fixedBefore = CLI.sample("go/logsfollow/fixed-before.txt")
  let fixedAfter = CLI.sample("go/logsfollow/fixed-after.txt")

  @Test func absentFailsOnTheLeakyServer() throws {
    let result = try CLI.run(["check", leakyAfter, "--absent", "(*Server).logsContainer"])
    #expect(result.status == 1)
    #expect(result.stdout.contains("FAIL absent (*Server).logsContainer: 15 goroutines in 1 group match"))
    #expect(result.stdout.contains("15 goroutines · chan receive"))
    #expect(result.stdout.contains("> example.com/logdemo/daemon/server.(*Server).logsContainer"))
    #expect(result.stdout.hasSuffix("check failed: 1 of 1 assertions failed\n"))
  }

  @Test func absentPassesOnTheFixedServer() throws {
    let result = try CLI.run(["check", fixedAfter, "--absent", "(*Server).logsContainer"])
    #expect(result.status == 0)
    #expect(result.stdout.contains("PASS absent (*Server).logsContainer: no goroutine matches"))
  }

  @Test func maxGrowthAgainstABaseline() throws {
    let leaky = try CLI.run(["check", leakyAfter, "--baseline", leakyBefore, "--max-growth", "0"])
    #expect(leaky.status == 1)
    #expect(leaky.stdout.contains("FAIL max-growth 0: 1 group grew by more than 0 (largest +15)"))
    let fixed = try CLI.run(["check", fixedAfter, "--baseline", fixedBefore, "--max-growth", "0"])
    #expect(fixed.status == 0)
    #expect(fixed.stdout.contains("PASS max-growth 0"))
  }

  @Test func countAssertions() throws {
    let pass = try CLI.run([
      "check", leakyAfter, "--max", "logsContainer=15", "--present", "net/http.(*Server).Serve",
      "--max-total", "17",
    ])
    // 18 goroutines minus the dump taker and the unstarted connection reader.
    #expect(pass.status == 0, "\(pass.stdout)")
    let fail = try CLI.run(["check", leakyAfter, "--max", "logsContainer=14"])
    #expect(fail.status == 1)
    #expect(fail.stdout.contains("FAIL max logsContainer=14: 15 goroutines match, at most 14 allowed"))
    let growth = try CLI.run([
      "check", leakyAfter, "--baseline", leakyBefore, "--max-growth-of", "logsContainer=10",
      "--max-new-groups", "0",
    ])
    #expect(growth.status == 1)
    #expect(growth.stdout.contains("FAIL max-growth-of logsContainer=10: matching goroutines 0 → 15 (+15)"))
    #expect(growth.stdout.contains("FAIL max-new-groups 0: 1 new group, at most 0 allowed"))
  }

  @Test func patternsAreLiteralUnlessRegex() throws {
    // `(*Server)` is not a valid group in a regex sense, but as a literal it matches.
    #expect(try CLI.run(["check", leakyAfter, "--absent", "server.go:80"]).status == 1)
    #expect(try CLI.run(["check", leakyAfter, "--absent", "logs.*Container"]).status == 0)
    #expect(try CLI.run(["check", leakyAfter, "--regex", "--absent", "logs.*Container"]).status == 1)
    let invalid = try CLI.run(["check", leakyAfter, "--regex", "--absent", "(*Server"])
    #expect(invalid.status == 64)
  }

  @Test func ignoreRulesAndIgnoreFiles() throws {
    #expect(
      try CLI.run(["check", leakyAfter, "--absent", "logsContainer", "--ignore-top", "logsContainer"]).status
        == 0)
    #expect(
      try CLI.run(["check", leakyAfter, "--absent", "logsContainer", "--ignore-state", "chan receive"]).status
        == 0)
    #expect(
      try CLI.run([
        "check", leakyAfter, "--absent", "logsContainer", "--ignore-created-by", "(*Server).Serve",
      ]).status == 0)
    #expect(
      try CLI.run(["check", leakyAfter, "--absent", "logsContainer", "--ignore-any", "(*conn).serve"]).status
        == 0)

    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "stackdiff-ignore-\(getpid())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let good = directory.appendingPathComponent("good.ignore").path
    try
      "# reviewed allowlist\n\n  any: example.com/logdemo/daemon/server.(*Server).logsContainer  \nstate: IO wait\n"
      .write(toFile: good, atomically: true, encoding: .utf8)
    let allowed = try CLI.run(["check", leakyAfter, "--max-total", "0", "--ignore-file", good])
    // The accept loop (IO wait) and the leak are ignored; dump taker and unstarted reader by default.
    #expect(allowed.status == 0, "\(allowed.stdout)")

    let bad = directory.appendingPathComponent("bad.ignore").path
    try "top: ok\nfunction: nope\n".write(toFile: bad, atomically: true, encoding: .utf8)
    let broken = try CLI.run(["check", leakyAfter, "--absent", "x", "--ignore-file", bad])
    #expect(broken.status == 2)
    #expect(
      broken.stderr
        == "stackdiff: error: \(bad):2: expected 'top:', 'any:', 'created-by:' or 'state:' followed by a pattern\n"
    )
  }

  @Test func defaultIgnoresCanBeTurnedOff() throws {
    #expect(try CLI.run(["check", leakyAfter, "--max-total", "16"]).status == 0)
    let strict = try CLI.run(["check", leakyAfter, "--max-total", "16", "--no-default-ignores"])
    #expect(strict.status == 1)
    #expect(strict.stdout.contains("FAIL max-total 16: 18 goroutines counted, at most 16 allowed"))
  }

  @Test func usageErrors() throws {
    #expect(try CLI.run(["check", leakyAfter]).status == 64)
    #expect(try CLI.run(["check", leakyAfter, "--max-growth", "0"]).status == 64)
    #expect(try CLI.run(["check", leakyAfter, "--max", "nolimit"]).status == 64)
    #expect(try CLI.run(["check", leakyAfter, "--absent", "x", "--retry", "3"]).status == 64)
    #expect(try CLI.run(["check", CLI.sample("go/missing.txt"), "--absent", "x"]).status == 2)
  }

  @Test func jsonReport() throws {
    let result = try CLI.run(["check", leakyAfter, "--absent", "(*Server).logsContainer", "--format", "json"])
    #expect(result.status == 1)
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    #expect(json["schemaVersion"] as? Int == 1)
    #expect(json["passed"] as? Bool == false)
    let assertion = try #require((json["assertions"] as? [[String: Any]])?.first)
    #expect(assertion["assertion"] as? String == "absent")
    #expect(assertion["pattern"] as? String == "(*Server).logsContainer")
    #expect(assertion["passed"] as? Bool == false)
    #expect(assertion["matches"] as? Int == 15)
    let group = try #require((assertion["groups"] as? [[String: Any]])?.first)
    #expect(group["after"] as? Int == 15)
    #expect(group["state"] as? String == "chan receive")
  }

  @Test func junitReportParsesBack() throws {
    let result = try CLI.run([
      "check", leakyAfter, "--baseline", leakyBefore, "--absent", "(*Server).logsContainer", "--max-growth",
      "100",
      "--format", "junit",
    ])
    #expect(result.status == 1)
    let document = try XMLDocument(data: Data(result.stdout.utf8))
    let suites = try #require(document.rootElement())
    #expect(suites.name == "testsuites")
    #expect(suites.attribute(forName: "tests")?.stringValue == "2")
    #expect(suites.attribute(forName: "failures")?.stringValue == "1")
    let cases = try suites.nodes(forXPath: "//testcase") as? [XMLElement] ?? []
    #expect(cases.count == 2)
    #expect(cases[0].attribute(forName: "name")?.stringValue == "absent (*Server).logsContainer")
    let failure = try #require(cases[0].elements(forName: "failure").first)
    #expect(failure.attribute(forName: "message")?.stringValue == "15 goroutines in 1 group match")
    #expect(
      failure.stringValue?.contains("> example.com/logdemo/daemon/server.(*Server).logsContainer") == true)
    #expect(cases[1].attribute(forName: "name")?.stringValue == "max-growth 100")
    #expect(cases[1].elements(forName: "failure").isEmpty)

    // A failure's body has the text report's figures.
    let text = try CLI.run(["check", leakyAfter, "--baseline", leakyBefore, "--max-growth", "0"])
    let junit = try CLI.run([
      "check", leakyAfter, "--baseline", leakyBefore, "--max-growth", "0", "--format", "junit",
    ])
    #expect(text.stdout.contains("\n  +15 (0 → 15) · chan receive\n"))
    #expect(junit.stdout.contains("\n+15 (0 → 15) · chan receive\n"))
  }

  @Test func githubAnnotationsPointAtTheSite() throws {
    // The dump was captured in /work/main; a checkout elsewhere maps that build prefix away.
    let mapped = try CLI.run(
      [
        "check", leakyAfter, "--absent", "(*Server).logsContainer", "--format", "github", "--path-prefix",
        "/work/main/=",
      ],
      currentDirectory: "/")
    #expect(mapped.status == 1)
    let lines = mapped.stdout.split(separator: "\n")
    #expect(lines.count == 1)
    #expect(
      lines.first?.hasPrefix(
        "::error file=SampleDumps/generators/go/logsfollow/daemon/server/server.go,line=80,title=stackdiff check absent (*Server).logsContainer::"
      ) == true)
    // Unmapped, the path is outside the repository: an annotation without a file, not a wrong one.
    let unmapped = try CLI.run(
      ["check", leakyAfter, "--absent", "(*Server).logsContainer", "--format", "github"],
      currentDirectory: "/")
    #expect(unmapped.stdout.hasPrefix("::error title=stackdiff check absent (*Server).logsContainer::"))
  }

  @Test func retriesUntilTheAssertionsHold() throws {
    let server = try #require(URLInputTests.server)
    // The first fetch still shows the leak; the second is the fixed server.
    let url = server.url("sequence/go/logsfollow/leaky-after.txt,go/logsfollow/fixed-after.txt")
    let result = try CLI.run([
      "check", url, "--absent", "logsContainer", "--retry", "3", "--retry-interval", "10ms",
    ])
    #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    #expect(result.stderr.contains("attempt 1 of 4: absent logsContainer failed; retrying in 10ms"))
    let never = try CLI.run([
      "check", server.url("go/logsfollow/leaky-after.txt"), "--absent", "logsContainer", "--retry", "2",
      "--retry-interval", "10ms",
    ])
    #expect(never.status == 1)
    #expect(never.stderr.components(separatedBy: "retrying").count == 3)
  }

  /// A server that is restarting (503) is fetched again; one that says the dump is not there
  /// (404) is not: fetching again cannot mend a client error.
  @Test func retriesOnlyWhatCanSucceed() throws {
    let server = try #require(URLInputTests.server)
    let restarting = try CLI.run([
      "check", server.url("sequence/status/503,go/logsfollow/fixed-after.txt"), "--absent", "logsContainer",
      "--retry", "3", "--retry-interval", "10ms",
    ])
    #expect(restarting.status == 0, "\(restarting.stdout)\(restarting.stderr)")
    #expect(restarting.stderr.contains("attempt 1 of 4: "))
    #expect(restarting.stderr.contains("HTTP/1.1 503 Status; retrying in 10ms"))

    let missing = try CLI.run([
      "check", server.url("sequence/status/404,go/logsfollow/fixed-after.txt"), "--absent", "logsContainer",
      "--retry", "3", "--retry-interval", "10ms",
    ])
    #expect(missing.status == 2)
    #expect(!missing.stderr.contains("retrying"))
    #expect(missing.stderr.hasPrefix("stackdiff: error: http://127.0.0.1:"))
    #expect(missing.stderr.contains(": HTTP/1.1 404 Not Found"))

    // Nothing listens on port 1: connection refused is a network error, worth retrying.
    let refused = try CLI.run([
      "check", "http://127.0.0.1:1/debug/pprof/goroutine?debug=2", "--absent", "x", "--retry", "1",
      "--retry-interval", "10ms",
    ])
    #expect(refused.status == 2)
    #expect(refused.stderr.contains("attempt 1 of 2: "))
    #expect(refused.stderr.components(separatedBy: "stackdiff: error: ").count == 2)
  }
}

/// `go test -timeout` dumps: the alarm goroutine that prints the dump is a default ignore, and the
/// test binary's generated `_testmain.go` is never a site.
@Suite struct TestHarnessNoiseTests {
  @Test(arguments: ["go1.19", "go1.27"])
  func theTimeoutAlarmIsIgnored(_ version: String) throws {
    let dump = CLI.sample("go/testharness/\(version)/test-timeout.txt")
    let result = try CLI.run(["check", dump, "--max-total", "4"])
    #expect(result.status == 0)
    #expect(result.stdout.contains("6 goroutines (2 ignored)\n"))
    // Which rule removed how many, under the title.
    #expect(
      result.stdout.contains(
        "\nignored: 1 by default any: testing.(*M).startAlarm, 1 by default any: testing.runTests\n"))
    #expect(result.stdout.contains("PASS max-total 4: 4 goroutines counted, at most 4 allowed"))
    let json = try CLI.run(["check", dump, "--max-total", "4", "--format", "json"])
    #expect(
      json.stdout.contains(
        #""ignored":2,"ignoredBy":[{"rule":"default any: testing.(*M).startAlarm","count":1},{"rule":"default any: testing.runTests","count":1}]"#
      ))
    let all = try CLI.run(["check", dump, "--max-total", "4", "--no-default-ignores"])
    #expect(all.status == 1)
  }

  @Test func testmainIsNoSite() throws {
    let result = try CLI.run(["show", CLI.sample("go/race/race-timeout.txt")])
    #expect(result.stdout.contains("    main.main               _testmain.go:49\n"))
    #expect(!result.stdout.contains("> main.main"))
  }
}

/// Without a baseline nothing was before: a check's JSON groups carry counts, as show's do.
@Suite struct CheckJSONWithoutBaselineTests {
  @Test func groupsAreCountsNotChanges() throws {
    let after = CLI.sample("go/logsfollow/leaky-after.txt")
    let alone = try CLI.run(["check", after, "--absent", "logsContainer", "--format", "json"])
    #expect(alone.status == 1)
    #expect(alone.stdout.contains(#""groups":[{"count":15,"after":15,"state":"chan receive""#))
    #expect(!alone.stdout.contains(#""kind":"new""#))
    let compared = try CLI.run([
      "check", after, "--baseline", CLI.sample("go/logsfollow/leaky-before.txt"), "--max-growth", "0",
      "--format", "json",
    ])
    #expect(
      compared.stdout.contains(#""groups":[{"before":0,"after":15,"delta":15,"netDelta":15,"kind":"new""#))
  }
}
