import Testing

@testable import StackDiffCore

/// Every dump shape of Go 1.19 to 1.27, from the `mixed`, `crash`, `testharness`, `synctest` and
/// `goroutineleak` programs. Totals are checked against a count of header lines.
@Suite struct GoDumpShapesTests {
  static let versions = ["go1.19", "go1.21", "go1.22", "go1.23", "go1.26", "go1.27"]

  private func headerCount(_ path: String) throws -> Int {
    try Samples.text(path).split(separator: "\n", omittingEmptySubsequences: false)
      .filter { $0.hasPrefix("goroutine ") && $0.hasSuffix(":") && !$0.hasPrefix("goroutine profile") }.count
  }

  @Test(arguments: versions)
  func mixedStatesOfEveryVersion(version: String) throws {
    let path = "go/mixed/\(version)/mixed.txt"
    let snapshot = try Samples.snapshot(path)
    #expect(snapshot.total == 58)
    #expect(snapshot.total == (try headerCount(path)))
    #expect(snapshot.diagnostics.unknownLineCount == 0)
    // 20 workers blocked at one line with 20 different arguments: one group.
    let workers = snapshot.groups.filter { $0.frames.first?.function == "main.worker" }
    #expect(workers.count == 1)
    #expect(workers.first?.count == 20)
    #expect(workers.first?.state == "chan receive")
    let states = Set(snapshot.groups.compactMap(\.state))
    for state in [
      "chan receive (nil chan)", "chan send (nil chan)", "select (no cases)", "select", "sync.Cond.Wait",
      "IO wait",
      "sleep", "syscall", "chan send",
    ] {
      #expect(states.contains(state), "\(version) lacks \(state)")
    }
    // Go 1.20+ names mutex waits; 1.24+ WaitGroup waits.
    let mutex = snapshot.groups.first { $0.site?.function == "main.mutexLock" }
    #expect(mutex?.state == (version == "go1.19" ? "semacquire" : "sync.Mutex.Lock"))
    let waitGroup = snapshot.groups.first { $0.site?.function == "main.waitGroupWait" }
    #expect(
      waitGroup?.state == (["go1.26", "go1.27"].contains(version) ? "sync.WaitGroup.Wait" : "semacquire"))
    #expect(snapshot.groups.first { $0.site?.function == "main.lockedToThread" }?.lockedCount == 1)
    #expect(snapshot.groups.contains { $0.frames.first?.function == "main.waitGeneric[...]" })
    #expect(
      snapshot.groups.contains { $0.site?.function == "example.com/leakdemo/mixed/queue.(*Queue[...]).Pop" })
  }

  @Test(arguments: versions)
  func deepRecursionIsCutAsTheRuntimeCutIt(version: String) throws {
    let snapshot = try Samples.snapshot("go/mixed/\(version)/mixed.txt")
    let deep = try #require(
      snapshot.groups.first {
        $0.state == "chan receive" && $0.frames.first?.function == "main.recurse" && $0.frames.count > 50
      })
    if version == "go1.19" {
      // The parked goroutine's 3 hidden runtime frames count against the limit: 97, no marker.
      #expect(deep.frames.count == 97)
      #expect(deep.elision == .none)
    } else {
      #expect(deep.frames.count == 100)
      guard case .middle(let count, let at) = deep.elision else {
        Issue.record("expected a middle elision, got \(deep.elision)")
        return
      }
      #expect(count == 51 && at == 50)
    }
    let text = StackTextFormatter(style: .plain, fullPaths: false).lines(
      for: deep, noun: snapshot.format.dialect.traceNoun)
    #expect(text.contains { $0.contains("main.recurse ×") })
  }

  @Test(arguments: versions)
  func systemDumpsMatchDefaultDumps(version: String) throws {
    let path = "go/mixed/\(version)/mixed-sigquit-system.txt"
    let system = try Samples.snapshot(path)
    #expect(system.total == (try headerCount(path)))
    #expect(system.events.first == "SIGQUIT: quit")
    let diff = Differ.diff(before: try Samples.snapshot("go/mixed/\(version)/mixed.txt"), after: system)
    // Same program, separate runs: every group in user code matches, runtime frames and
    // `go` wrappers hidden, the runtime's own goroutines set aside.
    let unmatched = diff.changes.filter { $0.noise == nil && $0.delta != 0 && $0.group.siteIndex != nil }
    #expect(unmatched.isEmpty, "\(unmatched.map { $0.group.frames.prefix(2).map(\.function) })")
    #expect(diff.changes.contains { $0.noise == .runtime && $0.before == 0 })
  }

  @Test func creatorIDsFromGo121() throws {
    let old = try Samples.snapshot("go/mixed/go1.19/mixed.txt", .init(keepTraces: true))
    #expect(old.traces.allSatisfy { $0.creatorID == nil })
    let new = try Samples.snapshot("go/mixed/go1.21/mixed.txt", .init(keepTraces: true))
    let workers = new.traces.filter { $0.frames.first?.function == "main.worker" }
    #expect(workers.count == 20)
    #expect(workers.allSatisfy { $0.creatorID == 1 })
  }

  @Test func waitMinutes() throws {
    let snapshot = try Samples.snapshot("go/mixed/go1.19/mixed-1min.txt")
    #expect(snapshot.total == 58)
    let waiting = snapshot.groups.reduce(0) { $0 + $1.waitingCount }
    #expect(waiting == 55)
    #expect(snapshot.groups.first { $0.frames.first?.function == "main.worker" }?.waitMinutes == 1...1)
    #expect(ShowRenderer().text([snapshot]).contains("20 goroutines · chan receive · 1 minute"))
  }

  @Test(arguments: ["go1.19", "go1.27"])
  func ancestorsBelongToTheirGoroutine(version: String) throws {
    let path = "go/mixed/\(version)/mixed-ancestors.txt"
    let snapshot = try Samples.snapshot(path, .init(keepTraces: true))
    #expect(snapshot.total == 58)
    #expect(snapshot.total == (try headerCount(path)))
    let ancestorSections = snapshot.traces.reduce(0) { $0 + $1.ancestors.count }
    #expect(ancestorSections == 61)
    #expect(snapshot.traces.filter { !$0.ancestors.isEmpty }.count == 57)
    let nested = try #require(snapshot.traces.first { $0.frames.first?.function == "main.spawner.func1.1" })
    #expect(nested.ancestors.map(\.id).last == 1)
    #expect(nested.ancestors.count == 2)
    #expect(nested.ancestors.first?.createdBy?.function == "main.spawner")
    #expect(nested.ancestors.last?.frames.map(\.function) == ["main.spawner", "main.main"])
  }

  @Test func labels() throws {
    let v127 = try Samples.snapshot("go/mixed/go1.27/mixed.txt")
    let ingest = try #require(v127.groups.first { $0.frames.first?.function == "main.ingest" })
    #expect(ingest.labels == [LabelCount(labels: "{component: ingest, tenant: acme}", count: 2)])
    let v126 = try Samples.snapshot("go/mixed/go1.26/mixed-tracebacklabels.txt")
    let inside = try #require(v126.groups.first { $0.frames.first?.function == "main.ingest" })
    #expect(inside.state == "chan receive")
    #expect(
      inside.labels == [LabelCount(labels: "{\"component\": \"ingest\", \"tenant\": \"acme\"}", count: 2)])
    let debug1 = try Samples.snapshot("go/mixed/go1.19/mixed.debug1.txt")
    let fromProfile = try #require(debug1.groups.first { $0.frames.first?.function == "main.ingest" })
    #expect(fromProfile.labels.first?.labels == "{\"component\":\"ingest\", \"tenant\":\"acme\"}")
  }

  @Test func trimpathBuildStillFindsUserCode() throws {
    let snapshot = try Samples.snapshot("go/mixed/go1.22/mixed-trimpath.txt")
    #expect(snapshot.total == 58)
    #expect(snapshot.layout.languageRoot == nil)
    let workers = try #require(snapshot.groups.first { $0.frames.first?.function == "main.worker" })
    #expect(workers.site?.file == "example.com/leakdemo/mixed/main.go")
  }

  @Test(arguments: ["go1.19", "go1.27"])
  func crashOutputs(version: String) throws {
    let dir = "go/crash/\(version)/"
    let deadlock = try Samples.snapshot(dir + "deadlock.txt")
    #expect(deadlock.events == ["fatal error: all goroutines are asleep - deadlock!"])
    #expect(deadlock.total == 5)
    #expect(deadlock.groups.first?.count == 3)

    let repanic = try Samples.snapshot(dir + "repanic.txt")
    #expect(repanic.events.first?.hasPrefix("panic: first failure [recovered]") == true)
    #expect(repanic.events.count == 2)

    let busy = try Samples.snapshot(dir + "busy-other-thread.txt")
    let unavailable = try #require(busy.groups.first { $0.isStackUnavailable })
    #expect(unavailable.count == 2 && unavailable.frames.isEmpty && unavailable.state == "running")

    for name in ["panic-all", "panic-system", "panic-crash", "nilderef", "stack-overflow", "sigquit-system"] {
      let path = dir + name + ".txt"
      let snapshot = try Samples.snapshot(path)
      #expect(snapshot.total == (try headerCount(path)), "\(path)")
      #expect(snapshot.diagnostics.unknownLineCount == 0, "\(path)")
      #expect(!snapshot.groups.contains { $0.isDumpTaker }, "\(path): the panicking goroutine took no dump")
    }
    #expect(try Samples.snapshot(dir + "stack-overflow.txt").events.contains("fatal error: stack overflow"))
  }

  /// GOTRACEBACK=crash repeats goroutines in one section per thread after `-----`.
  @Test(arguments: [("go1.19", 16, 12), ("go1.27", 17, 13)])
  func crashSectionsAreNotCountedTwice(version: String, headers: Int, goroutines: Int) throws {
    let path = "go/crash/\(version)/sigquit-crash.txt"
    #expect(try headerCount(path) == headers)
    let snapshots = try Samples.read(path)
    #expect(snapshots.count == 1)
    #expect(snapshots.first?.total == goroutines)
    #expect(snapshots.first?.total == (try Samples.snapshot("go/crash/\(version)/sigquit-system.txt").total))
  }

  @Test func httpPanicInsideALog() throws {
    let snapshot = try Samples.snapshot("go/crash/go1.19/http-panic-log.txt")
    #expect(snapshot.total == 1)
    #expect(snapshot.diagnostics.unknownLineCount == 0)
    #expect(snapshot.groups.first?.site?.function == "main.(*Store).validate")
    #expect(!snapshot.groups.contains { $0.isDumpTaker })
  }

  @Test(arguments: ["go1.19", "go1.27"])
  func testHarnessOutputs(version: String) throws {
    let dir = "go/testharness/\(version)/"
    let timeout = try Samples.snapshot(dir + "test-timeout.txt")
    #expect(timeout.events.first == "panic: test timed out after 2s")
    #expect(timeout.total == 6)
    #expect(timeout.groups.first?.count == 3)
    #expect(timeout.groups.first?.site?.function == "example.com/leakdemo/testharness/timeout.drain")

    let goleak = try Samples.snapshot(dir + "goleak-verifynone.txt", .init(keepTraces: true))
    #expect(goleak.total == 3)
    #expect(goleak.groups.count == 1)
    #expect(
      goleak.groups.first?.site?.function
        == "example.com/leakdemo/testharness/goleakverify.(*Notifier).deliver")
    #expect(goleak.traces.map(\.id) == [19, 20, 21] || version != "go1.19")
    #expect(goleak.diagnostics.unknownLineCount == 0)

    let main = try Samples.snapshot(dir + "goleak-verifytestmain.txt")
    #expect(main.total == 1)
    #expect(main.groups.first?.state == "select")
  }

  /// A race report's stacks are racing accesses, read as the go-race format, never goroutines.
  @Test func raceReportsAreNotGoroutines() throws {
    let snapshots = try Samples.read("go/testharness/go1.19/race.txt")
    #expect(snapshots.map(\.format.name) == ["go-race"])
    #expect(snapshots.first?.groups.map(\.state) == ["race read", "race write"])
    #expect(
      snapshots.first?.groups.allSatisfy { $0.site?.function.hasSuffix("(*Counter).Inc") == true } == true)
  }

  @Test(arguments: ["go1.26", "go1.27"])
  func synctestBubbles(version: String) throws {
    let snapshot = try Samples.snapshot(
      "go/synctest/\(version)/synctest-timeout.txt", .init(keepTraces: true))
    #expect(snapshot.total == 10)
    let durable = snapshot.traces.filter { $0.state?.hasSuffix("(durable)") == true }
    #expect(!durable.isEmpty)
    #expect(durable.allSatisfy { $0.attributes == ["synctest bubble 1"] })
    #expect(snapshot.groups.contains { $0.state == "chan send (durable)" })
    let deadlock = try Samples.snapshot("go/synctest/\(version)/synctest-deadlock.txt")
    #expect(deadlock.total == 4)
  }

  @Test(arguments: ["go1.26", "go1.27"])
  func goroutineLeakProfile(version: String) throws {
    let dir = "go/goroutineleak/\(version)/"
    let text = try Samples.snapshot(dir + "goroutineleak.txt")
    #expect(text.total == 17)
    // ` (leaked)` is a mark on the goroutine, not part of its state.
    #expect(!text.groups.contains { $0.state?.contains("leaked") == true })
    #expect(text.groups.reduce(0) { $0 + $1.leakedCount } == 9)
    let fetch = try #require(text.groups.first { $0.site?.function == "main.fetchFirst.func1" })
    #expect(fetch.count == 5 && fetch.leakedCount == 5 && fetch.state == "chan send")
    // Before and after the leak check the process is the same: no growth.
    let before = try Samples.snapshot(dir + "goroutine-before-leakcheck.txt")
    let after = try Samples.snapshot(dir + "goroutine-after-leakcheck.txt")
    let diff = Differ.diff(before: before, after: after)
    #expect(diff.changes.allSatisfy { $0.delta == 0 || $0.noise != nil })
    #expect(
      after.groups.reduce(0) { $0 + $1.leakedCount } == 9 && before.groups.allSatisfy { $0.leakedCount == 0 })
    let profile = try Samples.snapshot(dir + "goroutineleak.debug1.txt")
    #expect(profile.format == .goPprofText)
    #expect(profile.total == 9)
    let proto = try Samples.snapshot(dir + "goroutineleak.debug0.pb.gz")
    #expect(proto.total == 9)
  }
}

/// GODEBUG=tracebackancestors: members of one group whose creators were started from different
/// places keep each ancestry, with its count.
@Suite struct AncestryTests {
  static func member(_ id: Int, creator: Int, via grandparent: String, line: Int) -> String {
    """
    goroutine \(id) [chan receive]:
    main.worker()
    \t/a/main.go:10 +0x1
    created by main.spawn in goroutine \(creator)
    \t/a/main.go:20 +0x1
    [originating from goroutine \(creator)]:
    main.spawn(...)
    \t/a/main.go:20 +0x1
    created by \(grandparent) in goroutine 1
    \t/a/main.go:\(line) +0x1
    [originating from goroutine 1]:
    main.\(grandparent.dropFirst(5))(...)
    \t/a/main.go:\(line) +0x1

    """
  }

  @Test func distinctAncestriesAreKept() throws {
    let text =
      Self.member(10, creator: 5, via: "main.fromA", line: 30)
      + Self.member(11, creator: 6, via: "main.fromB", line: 40)
      + Self.member(12, creator: 7, via: "main.fromA", line: 30)
    let group = try #require(try Samples.parse(text).first?.groups.first)
    #expect(group.count == 3)
    #expect(group.ancestries.map(\.count) == [2, 1])
    #expect(
      group.ancestries.map { $0.ancestors.last?.frames.first?.function } == ["main.fromA", "main.fromB"])
    #expect(group.ancestors.map(\.id) == [5, 1])
    let lines = StackTextFormatter(style: .plain, fullPaths: false).lines(
      for: group, noun: TraceNoun("goroutine", plural: "goroutines"))
    #expect(lines.contains { $0.contains("×2 from goroutine 5 at main.spawn") })
    #expect(lines.contains { $0.contains("from goroutine 1 at main.fromB") })
    let json = ShowRenderer().json(try Samples.parse(text))
    #expect(json.contains(#""ancestries":[{"count":2,"ancestors":[{"id":5,"#))
  }
}
