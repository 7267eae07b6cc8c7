import Foundation
import Testing

/// `http://` inputs against a real server on 127.0.0.1 serving the sample dumps.
@Suite struct URLInputTests {
  static let server: SampleServer? = try? SampleServer(root: CLI.packageRoot + "/SampleDumps")

  private func server() throws -> SampleServer { try #require(Self.server) }

  @Test func showFetchesAURL() throws {
    let url = try server().url("go/logsfollow/leaky-after.txt")
    let result = try CLI.run(["show", url])
    #expect(result.status == 0)
    #expect(result.stdout.hasPrefix("\(url) · go-text · 18 goroutines in 4 groups"))
  }

  @Test func eitherSideOfADiffMayBeAURLOrStdin() throws {
    let before = try Data(
      contentsOf: URL(fileURLWithPath: CLI.sample("go/sumserver/sumserver-0050.debug0.pb.gz")))
    let after = try server().url("go/sumserver/sumserver-1500.txt")
    let result = try CLI.run(["diff", "--format", "json", "-", after], stdin: before)
    #expect(result.status == 0)
    let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    let top = (json?["groups"] as? [[String: Any]])?.first
    #expect(top?["before"] as? Int == 50)
    #expect(top?["after"] as? Int == 1500)
    #expect((json?["before"] as? [String: Any])?["format"] as? String == "go-pprof-proto")
  }

  @Test func httpErrorsAreBadInput() throws {
    let url = try server().url("go/no-such-dump.txt")
    let result = try CLI.run(["show", url])
    #expect(result.status == 2)
    #expect(result.stderr == "stackdiff: error: \(url): HTTP/1.1 404 Not Found\n")
    let unavailable = try server().url("status/503")
    let second = try CLI.run(["show", unavailable])
    #expect(second.status == 2)
    #expect(second.stderr == "stackdiff: error: \(unavailable): HTTP/1.1 503 Status\n")
  }

  @Test func unreachableServerIsBadInput() throws {
    // Port 9 (discard) on loopback: nothing listens in the test environment.
    let result = try CLI.run(["show", "--timeout", "5", "http://127.0.0.1:9/debug/pprof/goroutine?debug=2"])
    #expect(result.status == 2)
    #expect(
      result.stderr.hasPrefix(
        "stackdiff: error: http://127.0.0.1:9/debug/pprof/goroutine?debug=2: cannot fetch: "))
  }
}

/// What a URL input may do wrong: loop, never end, stall. Each ends with a clear message.
@Suite struct HostileServerTests {
  private func server() throws -> SampleServer { try #require(URLInputTests.server) }

  @Test func redirectLoopsAreCut() throws {
    let url = try server().url("loop")
    let result = try CLI.run(["show", url])
    #expect(result.status == 2)
    #expect(result.stderr == "stackdiff: error: \(url): too many redirects (more than 10)\n")
  }

  /// An endless body is parsed as it streams, in bounded memory, until the size limit: what
  /// came before the limit is the dump, and the cut is said (exit 2 under --strict).
  @Test func endlessBodiesStopAtTheLimit() throws {
    let url = try server().url("endless")
    let started = Date()
    let result = try CLI.run(["show", "--max-input-bytes", "8M", url])
    #expect(result.status == 0)
    #expect(result.stdout.hasPrefix("\(url) · go-text · "))
    #expect(
      result.stderr.hasSuffix(
        "stackdiff: warning: \(url): response exceeds 8 MiB (--max-input-bytes); what came before it was read\n"
      ))
    #expect(Date().timeIntervalSince(started) < 30)
    #expect(try CLI.run(["show", "--strict", "--max-input-bytes", "8M", url]).status == 2)
  }

  @Test func stalledTransfersEndAtTheTimeout() throws {
    let url = try server().url("slow/20")
    let started = Date()
    let result = try CLI.run(["show", "--timeout", "2", url])
    let elapsed = Date().timeIntervalSince(started)
    #expect(result.status == 2)
    #expect(result.stderr == "stackdiff: error: \(url): timed out after 2 s (--timeout 2)\n")
    #expect(elapsed >= 2 && elapsed < 4)
  }

  @Test func standardInputThatNeverEndsHasATimeout() throws {
    let started = Date()
    let result = try CLI.run(["show", "--timeout", "1", "-"], keepsStandardInputOpen: true)
    #expect(Date().timeIntervalSince(started) < 15)
    #expect(result.status == 2)
    #expect(result.stderr == "stackdiff: error: -: no end of input after 1 s (--timeout 1)\n")
  }

  @Test func ignoreFilesAreSmall() throws {
    let result = try CLI.run([
      "check", CLI.sample("go/prodcons/prodcons-after.txt"), "--max-total", "100", "--ignore-file",
      "/dev/zero",
    ])
    #expect(result.status == 2)
    #expect(result.stderr == "stackdiff: error: /dev/zero: larger than 1 MiB, which no ignore file is\n")
  }
}
