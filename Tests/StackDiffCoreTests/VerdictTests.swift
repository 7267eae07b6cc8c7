import Testing

@testable import StackDiffCore

/// Verdicts a gate can trust, on real captures of small services (SampleDumps/go/services):
/// state shifts are not growth, one suspect per site, consequences rank after causes, a busy
/// service's snapshots are not a leak, and trend and diff agree.
@Suite struct VerdictTests {
  static let folder = "go/services/"

  func diff(_ before: String, _ after: String) throws -> SnapshotDiff {
    Differ.diff(
      before: try Samples.snapshot(Self.folder + before), after: try Samples.snapshot(Self.folder + after))
  }

  func trend(_ files: [String]) throws -> TrendReport {
    TrendAnalyzer.analyze(try files.map { try Samples.snapshot(Self.folder + $0) })
  }

  /// Site functions of the groups whose net change is growth, leaving noise out.
  func grownSites(_ diff: SnapshotDiff) -> [String] {
    diff.changes.filter { $0.noise == nil && $0.netDelta > 0 }.map { $0.group.site?.function ?? "(none)" }
  }

  @Test func workerPoolMovingFromSleepToReceiveIsNotGrowth() throws {
    let idle = try diff("healthy/idle-1.txt", "healthy/idle-2.txt")
    #expect(idle.before.total == 7 && idle.after.total == 7)
    #expect(grownSites(idle).isEmpty)
    #expect(idle.suspects.isEmpty && idle.smallChanges.isEmpty)
    #expect(idle.shifts.count == 1)
    let shift = try #require(idle.shifts.first)
    #expect(shift.count == 4 && shift.from.state == "sleep" && shift.to.state == "chan receive")
    #expect(shift.to.site?.function == "main.(*pool).worker")
    // The group the workers moved into is 0 → 4, all of it moved in: not new, no growth.
    let moved = try #require(
      idle.changes.first { $0.group.state == "chan receive" && $0.group.site == shift.to.site })
    #expect(
      moved.before == 0 && moved.after == 4 && moved.movedIn == 4 && moved.netDelta == 0 && !moved.isNew)
    #expect(
      GroupSummary.describe(shift, dialect: idle.dialect, fullPaths: false)
        == "4 moved from sleep at main.go:42 in (*pool).worker to chan receive at main.go:40 in (*pool).worker"
    )
  }

  @Test func acceptLoopChangingStateIsNotGrowth() throws {
    // load-1 caught the accept loop `runnable` (a 3-frame stack), load-2 in `IO wait` (10 frames).
    let load = try diff("healthy/load-1.txt", "healthy/load-2.txt")
    let acceptLoop = load.shifts.filter { $0.to.site?.function == "main.main" }
    #expect(acceptLoop.map(\.count) == [1])
    #expect(acceptLoop.first?.from.state == "runnable" && acceptLoop.first?.to.state == "IO wait")
    #expect(acceptLoop.first.map { $0.from.frames.count < $0.to.frames.count } == true)
    #expect(!grownSites(load).contains("main.main") && !grownSites(load).contains("main.(*pool).worker"))
    #expect(load.suspects.isEmpty)
  }

  @Test func healthyServiceUnderLoadHasNoSuspect() throws {
    #expect(try diff("healthy/load-1.txt", "healthy/load-2.txt").suspects.isEmpty)
    let series = try trend([
      "healthy/idle-1.txt", "healthy/load-1.txt", "healthy/load-2.txt", "healthy/idle-2.txt",
    ])
    #expect(series.totals == [7, 23, 21, 7])
    #expect(series.findings.isEmpty)
    #expect(series.series.filter { $0.noise == nil && $0.kind == .growing }.isEmpty)
    // The workers' two states are shifts, not fluctuation.
    let workers = series.series.filter { $0.group.site?.function == "main.(*pool).worker" }
    #expect(workers.map(\.kind) == [.shifting, .shifting])
    #expect(Set(workers.map(\.counts)) == [[0, 4, 2, 4], [4, 0, 2, 0]])
  }

  @Test func anInFlightRequestMoreIsASmallChange() throws {
    // The same two snapshots read the other way: one request more in a stack already there.
    let busier = try diff("healthy/load-2.txt", "healthy/load-1.txt")
    #expect(busier.suspects.isEmpty)
    #expect(busier.smallChanges.count == 1)
    let small = try #require(busier.smallChanges.first)
    #expect(small.delta == 1 && small.change.before == 7 && small.change.after == 8)
    #expect(small.change.group.site?.function == "main.(*server).report")
    let text = DiffRenderer().text(busier)
    #expect(text.contains("\nsmall change: +1 goroutine blocked in select at main.go:66 in (*server).report"))
    #expect(!text.contains("\nsuspect:"))
  }

  @Test func oneLeakThroughThreeRoutesIsOneSuspect() throws {
    let hub = try diff("hub/before.txt", "hub/after.txt")
    #expect(hub.suspects.count == 1)
    let suspect = try #require(hub.suspects.first)
    #expect(suspect.delta == 108)
    #expect(suspect.stacks.map(\.via) == ["pollA", "pollB", "stream"])
    #expect(suspect.stacks.map(\.change.netDelta) == [48, 36, 24])
    #expect(
      GroupSummary.describe(suspect, format: hub.after.format, fullPaths: false)
        == "suspect: +108 goroutines blocked in chan receive at hub.go:29 in (*Hub).wait, across 3 stacks (via pollA +48, pollB +36, stream +24), created by net/http.(*Server).Serve"
    )
    let json = DiffRenderer().json(hub, filtersJSON: false)
    #expect(json.contains(#""suspects":[{"message":"suspect: +108 goroutines"#))
    #expect(json.contains(#""delta":108,"longestWaitMinutes":null,"stateKnown":true"#))
    #expect(json.components(separatedBy: #"{"via":"#).count - 1 == 3)
  }

  @Test func transportGoroutinesRankAfterTheHandler() throws {
    // A handler stuck in a client without timeout: its transport's readLoop and writeLoop grow
    // by the same +10 and have no user frame.
    let slow = try diff("slow-downstream/before.txt", "slow-downstream/after.txt")
    let growing = slow.changes.filter { $0.noise == nil && $0.netDelta > 0 }
    #expect(growing.map(\.netDelta) == [10, 10, 10])
    #expect(growing.first?.group.site?.function == "main.(*front).fetchPrice")
    #expect(growing.dropFirst().allSatisfy { $0.group.site == nil })
    #expect(slow.suspects.map { $0.change.group.site?.function } == ["main.(*front).fetchPrice"])
    #expect(slow.functions.prefix(2).map(\.function) == ["main.(*front).fetchPrice", "main.(*front).quote"])
    let series = try trend([
      "slow-downstream/before.txt", "slow-downstream/after.txt", "slow-downstream/later.txt",
    ])
    #expect(series.series.first?.group.site?.function == "main.(*front).fetchPrice")
    #expect(series.functions.first?.function == "main.(*front).fetchPrice")
  }

  @Test(arguments: ["slow-downstream", "fanout", "rwmutex", "neverclosed", "hub"])
  func trendAndDiffNameTheSameFirstFinding(service: String) throws {
    let files = ["before.txt", "after.txt", "later.txt"].map { "\(service)/\($0)" }
    let whole = try diff(files[0], files[2])
    let series = try trend(files)
    let suspect = try #require(whole.suspects.first)
    let finding = try #require(series.findings.first)
    #expect(finding.group.site == suspect.change.group.site)
    #expect(finding.group.state == suspect.change.group.state)
    #expect(finding.growth == suspect.delta)
    #expect(finding.stacks.count == suspect.stacks.count)
    #expect(whole.suspects.count == 1 && series.findings.count == 1)
  }

  /// A leak at another line of a handler whose in-flight requests finished: the same stack
  /// from the handler outward, but new goroutines, which member ids tell apart from moved ones.
  @Test func newGoroutinesAtAnotherLineAreGrowthNotAShift() throws {
    let before = try Samples.snapshot(Self.folder + "healthy/load-1.txt")
    let newest = try #require(before.newestTraceID)
    let inFlight = try #require(before.groups.first { $0.site?.function == "main.(*server).report" })
    #expect(inFlight.count == 8 && inFlight.state == "select")

    // The after snapshot: the 8 requests are gone, and 8 goroutines block at line 80 instead.
    func after(ids: [Int]) -> Snapshot {
      var stuck = inFlight
      stuck.state = "chan receive"
      if let site = stuck.siteIndex { stuck.frames[site].line = 80 }
      stuck.memberAge = MemberAge()
      for id in ids { stuck.memberAge.add(id) }
      var snapshot = before
      snapshot.groups = before.groups.filter { $0 != inFlight } + [stuck]
      return snapshot
    }
    let leaked = Differ.diff(before: before, after: after(ids: Array(newest + 1...newest + 8)))
    #expect(leaked.shifts.isEmpty)
    #expect(leaked.suspects.map(\.delta) == [8])
    #expect(leaked.suspects.first?.change.group.state == "chan receive")

    // The same 8 goroutines (their ids were in the before dump) moved: a shift, no suspect.
    let moved = Differ.diff(before: before, after: after(ids: Array(newest - 7...newest)))
    #expect(moved.shifts.map(\.count) == [8])
    #expect(moved.suspects.isEmpty)

    // Four of them old, four new: four moved, four grew.
    let mixed = Differ.diff(before: before, after: after(ids: Array(newest - 3...newest + 4)))
    #expect(mixed.shifts.map(\.count) == [4])
    #expect(mixed.suspects.map(\.delta) == [4])
  }

  @Test func memberAgeKeepsTheOldestAndNewestIDs() {
    var age = MemberAge()
    for id in (1...100).reversed() { age.add(id) }
    #expect(age.oldest == Array(1...8) && age.newest == Array(93...100))
    // 100 members, ids 1–100: up to 50 existed when the newest id was 50.
    #expect(age.maximumOld(of: 100, newestBefore: 5) == 5)
    #expect(age.maximumOld(of: 100, newestBefore: 95) == 95)
    #expect(age.maximumOld(of: 100, newestBefore: 50) == 92)
    #expect(age.maximumOld(of: 100, newestBefore: 0) == 0)
  }

  /// The same rules for Swift threads: the backtracer's text and JSON and lldb's `bt all` of a
  /// program whose pool of 4 moves from sleep to a lock wait while one leak grows through three
  /// routes (SampleDumps/swift/CAPTURES.md, section 4c).
  @Test(arguments: [
    ("backtracer/hubthreads.before.txt", "backtracer/hubthreads.after.txt"),
    ("backtracer-json/hubthreads.before.json", "backtracer-json/hubthreads.after.json"),
    ("lldb/hubthreads.bt-all.before.txt", "lldb/hubthreads.bt-all.after.txt"),
  ])
  func swiftThreadsFollowTheSameRules(before: String, after: String) throws {
    let diff = Differ.diff(
      before: try Samples.snapshot("swift/" + before), after: try Samples.snapshot("swift/" + after))
    #expect(diff.before.total == 15 && diff.after.total == 42)
    #expect(diff.suspects.count == 1)
    let suspect = try #require(diff.suspects.first)
    #expect(suspect.delta == 27)
    #expect(suspect.change.group.site?.function == "Hub.wait()")
    #expect(suspect.stacks.map(\.change.netDelta) == [12, 9, 6])
    #expect(suspect.stacks.map(\.via) == ["pollA()", "pollB()", "stream()"])
    #expect(diff.shifts.map(\.count) == [4])
    #expect(diff.shifts.first?.from.state == "sleep" && diff.shifts.first?.to.state == "futex wait")
    #expect(diff.shifts.first?.to.site?.function == "WorkerPool.workerLoop()")
    #expect(!grownSites(diff).contains("WorkerPool.workerLoop()"))
  }
}

/// `ComparisonKey` states its key three ways (the key itself, its hash, and an in-place
/// comparison for speed): on real groups the three must agree, in every grouping mode.
@Suite struct ComparisonKeyAgreementTests {
  @Test(arguments: [GroupingMode.lines, .functions, .exact])
  func hashAndInPlaceComparisonAgreeWithTheKey(mode: GroupingMode) throws {
    let options = DumpReader.Options(grouping: mode == .exact ? .exact : .lines)
    let snapshots = try [
      "go/services/healthy/load-1.txt", "go/services/healthy/load-2.txt", "go/mixed/go1.19/mixed.txt",
      "go/mixed/go1.27/mixed-sigquit-system.txt", "go/logsfollow/leaky-after.debug1.txt",
    ].map { try Samples.snapshot($0, options) }
    let key = ComparisonKey(mode: mode, snapshots: snapshots)
    let groups = snapshots.flatMap(\.groups)
    var equalPairs = 0
    for a in groups {
      for b in groups {
        let equal = key.key(of: a) == key.key(of: b)
        #expect(key.matches(a, b) == equal)
        if equal {
          #expect(key.hash(of: a) == key.hash(of: b))
          equalPairs += 1
        }
      }
    }
    // Groups of different dumps do meet under the key, so the agreement is tested both ways.
    #expect(equalPairs > groups.count)
  }
}
