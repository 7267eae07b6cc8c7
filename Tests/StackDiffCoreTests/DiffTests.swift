import Testing

@testable import StackDiffCore

/// `stackdiff BEFORE AFTER` on real pairs: what grew, by how much, and who is suspected.
@Suite struct DiffTests {
  private func diff(_ before: String, _ after: String, _ mode: GroupingMode = .lines) throws -> SnapshotDiff {
    Differ.diff(before: try Samples.snapshot(before), after: try Samples.snapshot(after), mode: mode)
  }

  @Test func producerConsumer() throws {
    let result = try diff("go/prodcons/prodcons-before.txt", "go/prodcons/prodcons-after.txt")
    #expect(result.before.total == 2 && result.after.total == 22 && result.totalDelta == 20)
    let top = try #require(result.changes.first)
    #expect(top.before == 1 && top.after == 21 && top.delta == 20 && top.kind == .grown)
    #expect(result.suspects.count == 1)
    #expect(result.suspects.first?.change.group.site?.function == "main.newNumberStream.func1")
    #expect(
      result.functions.first
        == FunctionChange(
          function: "main.newNumberStream.func1", before: 1, after: 21, netDelta: 20, isUserCode: true))
    // The dump taker moved to another line: a new and a vanished group, neither reported.
    let noise = result.changes.filter { $0.noise == .dumpTaker }
    #expect(noise.map(\.kind).sorted { $0.rawValue < $1.rawValue } == [.new, .vanished])
  }

  @Test func masterWorker() throws {
    let result = try diff("go/masterworker/masterworker-before.txt", "go/masterworker/masterworker-after.txt")
    #expect(result.totalDelta == 10)
    let suspect = try #require(result.suspects.first)
    #expect(suspect.change.delta == 10 && suspect.change.before == 2 && suspect.change.after == 12)
    #expect(suspect.change.group.state == "chan send")
    #expect(suspect.change.group.createdBy?.function == "main.master")
  }

  @Test func leakyLogsContainerIsTheSuspect() throws {
    let result = try diff("go/logsfollow/leaky-before.txt", "go/logsfollow/leaky-after.txt")
    #expect(result.before.total == 3 && result.after.total == 18)
    #expect(result.suspects.count == 1)
    let suspect = try #require(result.suspects.first)
    #expect(suspect.change.delta == 15)
    #expect(suspect.change.kind == .new)
    let line = GroupSummary.describe(suspect, format: result.after.format, fullPaths: false)
    #expect(
      line
        == "suspect: +15 goroutines blocked in chan receive at server.go:80 in (*Server).logsContainer, created by net/http.(*Server).Serve"
    )
    let function = try #require(result.functions.first { $0.function.hasSuffix("(*Server).logsContainer") })
    #expect(function.before == 0 && function.after == 15 && function.delta == 15)
  }

  @Test func fixedLogsContainerDoesNotGrow() throws {
    let result = try diff("go/logsfollow/fixed-before.txt", "go/logsfollow/fixed-after.txt")
    #expect(result.suspects.isEmpty)
    #expect(result.changes.filter { $0.noise == nil && $0.delta > 0 }.isEmpty)
    #expect(!result.functions.contains { $0.function.hasSuffix("logsContainer") && $0.delta != 0 })
  }

  /// A debug=0 profile before and a debug=2 dump after: matched without states and creators.
  @Test func protoBeforeTextAfter() throws {
    let result = try diff("go/sumserver/sumserver-0050.debug0.pb.gz", "go/sumserver/sumserver-1500.txt")
    #expect(result.key.ignoresState && result.key.ignoresCreator)
    let top = try #require(result.changes.first)
    #expect(top.before == 50 && top.after == 1500 && top.delta == 1450)
    #expect(result.suspects.first?.change.delta == 1450)
    #expect(result.suspects.first?.stateIsUnknown == true)
  }

  @Test(arguments: [("debug1.txt", "txt"), ("txt", "debug0.pb.gz"), ("debug0.pb.gz", "debug1.txt")])
  func sameDeltaAcrossFormats(formats: (String, String)) throws {
    let result = try diff(
      "go/sumserver/sumserver-0500.\(formats.0)", "go/sumserver/sumserver-1000.\(formats.1)")
    let leak = try #require(result.changes.first)
    #expect(leak.group.frames.first?.function == "main.sumInt")
    #expect(leak.before == 500 && leak.after == 1000 && leak.delta == 500)
  }

  /// A SIGQUIT dump (system level: runtime frames, `go` wrappers, GC workers) against debug=2.
  @Test func systemDumpAgainstDefaultDump() throws {
    let result = try diff("go/sumserver/sumserver-1500.txt", "go/sumserver/sumserver-sigquit.txt")
    let leak = try #require(result.changes.first { $0.group.frames.first?.function == "main.sumInt" })
    #expect(leak.before == 1500 && leak.after == 1500)
    #expect(leak.group.frames.map(\.function) == ["main.sumInt"])
    #expect(result.changes.filter { $0.noise == nil && $0.delta > 0 }.isEmpty)
    #expect(result.changes.contains { $0.noise == .runtime && $0.kind == .new })
  }
}

@Suite struct CheckRenderingTests {
  @Test func githubPathsAreMadeRelativeToTheWorkingDirectory() throws {
    let snapshot = try Samples.snapshot("go/logsfollow/leaky-after.txt")
    let pattern = try FramePattern("(*Server).logsContainer")
    let report = Checker.check(
      snapshot, baseline: nil, assertions: [.absent(pattern)], ignoring: IgnoreRules())
    #expect(!report.passed)
    let renderer = CheckRenderer(workingDirectory: "/work/main/SampleDumps/generators/go/logsfollow")
    #expect(
      renderer.github(report)
        == "::error file=daemon/server/server.go,line=80,title=stackdiff check absent (*Server).logsContainer::15 goroutines in 1 group match: 15 goroutines in chan receive at /work/main/SampleDumps/generators/go/logsfollow/daemon/server/server.go:80 in (*Server).logsContainer\n"
    )
  }

  @Test func ignoreFileSyntax() throws {
    let rules = try IgnoreRules.parseFile(
      "# comment\n\ntop: a.b\n  any: c.(*D).e  \ncreated-by:x\nstate: IO wait\r\n", name: "f", isRegex: false)
    #expect(rules.map(\.description) == ["top: a.b", "any: c.(*D).e", "created-by: x", "state: IO wait"])
    #expect(throws: InputError(source: "f:1", reason: "rule 'top:' has no pattern")) {
      try IgnoreRules.parseFile("top:\n", name: "f", isRegex: false)
    }
  }
}

@Suite struct SuspectRankingTests {
  /// A group that has waited for minutes outranks a larger one that has not.
  @Test func longWaitsComeFirst() throws {
    let waited = try #require(
      try Samples.snapshot("go/mixed/go1.19/mixed-1min.txt").groups.first {
        $0.frames.first?.function == "main.worker"
      })
    #expect(waited.waitMinutes == 1...1)
    let fresh = try #require(try Samples.snapshot("go/prodcons/prodcons-after.txt").groups.first)
    #expect(fresh.waitMinutes == nil)
    let suspects = SuspectFinder.suspects(
      in: [
        GroupChange(before: 1, after: 21, group: fresh, noise: nil),
        GroupChange(before: 15, after: 20, group: waited, noise: nil),
      ], dialect: DumpFormat.goText.dialect)
    #expect(suspects.map(\.change.delta) == [5, 20])
    #expect(suspects.first?.longestWaitMinutes == 1)
    let line = GroupSummary.describe(try #require(suspects.first), format: .goText, fullPaths: false)
    #expect(
      line
        == "suspect: +5 goroutines blocked in chan receive for up to 1 minute at main.go:39 in worker, created by main.main"
    )
  }

  @Test func runningAndSleepingGroupsAreNotSuspects() throws {
    let snapshot = try Samples.snapshot("go/mixed/go1.19/mixed.txt")
    let changes = snapshot.groups.map {
      GroupChange(before: 0, after: $0.count, group: $0, noise: snapshot.format.dialect.noise(of: $0))
    }
    let states = Set(
      SuspectFinder.suspects(in: changes, dialect: snapshot.format.dialect).compactMap(\.change.group.state))
    #expect(!states.contains("sleep") && !states.contains("running") && !states.contains("syscall"))
    #expect(states.contains("chan receive") && states.contains("select") && states.contains("IO wait"))
  }
}
