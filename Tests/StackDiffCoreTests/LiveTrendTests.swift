import Foundation
import Testing

@testable import StackDiffCore

/// `watch`'s analysis: a trend fed one snapshot at a time, its per-poll growth and the moment
/// each site becomes a suspect.
@Suite struct LiveTrendTests {
  static func sumserver(_ points: [String], format: String = "txt") throws -> [Snapshot] {
    try points.map { try Samples.snapshot("go/sumserver/sumserver-\($0).\(format)") }
  }

  static func feed(_ snapshots: [Snapshot]) -> (LiveTrend, [LiveTrend.Step]) {
    var live = LiveTrend(key: ComparisonKey(mode: .lines, snapshots: Array(snapshots.prefix(1))))
    let steps = snapshots.map { live.add($0) }
    return (live, steps)
  }

  @Test(arguments: ["txt", "debug1.txt", "debug0.pb.gz"])
  func suspectIsAnnouncedAtTheThirdSnapshotOnce(format: String) throws {
    let (_, steps) = Self.feed(try Self.sumserver(["0000", "0050", "0500", "1000", "1500"], format: format))
    #expect(steps.map(\.total) == [3, 53, 503, 1003, 1503])
    #expect(steps.map(\.newSuspects.count) == [0, 0, 1, 0, 0])
    let finding = try #require(steps[2].newSuspects.first)
    #expect(finding.counts == [0, 50, 500])
    #expect(steps[2].firstPosition(of: finding) == 0)
    #expect(finding.group.site?.function == "main.sumInt")
  }

  @Test func growingNowLooksAtTheLastThreeSnapshots() throws {
    let (_, steps) = Self.feed(try Self.sumserver(["0000", "0050", "0500", "1000", "1500"]))
    #expect(steps.map(\.windowStart) == [0, 0, 0, 1, 2])
    #expect(steps.map(\.growingGroups) == [0, 1, 1, 1, 1])
    #expect(steps.map(\.growth) == [0, 50, 500, 950, 1000])
    #expect(steps.map(\.previousTotal) == [nil, 3, 53, 503, 1003])
  }

  /// A fall starts the run again: the site qualifies after two rises since, although trend
  /// over the whole series calls it fluctuating.
  @Test func aRunCountsFromTheLastFall() throws {
    let (live, steps) = Self.feed(try Self.sumserver(["0500", "0050", "0500", "1000", "1500"]))
    #expect(steps.map(\.newSuspects.count) == [0, 0, 0, 1, 0])
    let finding = try #require(steps[3].newSuspects.first)
    #expect(finding.counts == [50, 500, 1000])
    #expect(steps[3].firstPosition(of: finding) == 1)
    let report = live.report()
    #expect(report.findings.isEmpty)
    #expect(report.series.first?.kind == .fluctuating)
  }

  @Test func aSiteIsAnnouncedOnceEvenWhenItQualifiesAgain() throws {
    let (_, steps) = Self.feed(try Self.sumserver(["0000", "0050", "0500", "0050", "0500", "1000"]))
    #expect(steps.map(\.newSuspects.count) == [0, 0, 1, 0, 0, 0])
  }

  /// Flat steps inside a run neither break it nor lengthen the announced window's start.
  @Test func flatStepsBeforeTheFirstRiseAreLeftOut() throws {
    let (_, steps) = Self.feed(try Self.sumserver(["0000", "0000", "0050", "0050", "0500"]))
    #expect(steps.map(\.newSuspects.count) == [0, 0, 0, 0, 1])
    let finding = try #require(steps[4].newSuspects.first)
    #expect(finding.counts == [0, 50, 50, 500])
    #expect(steps[4].firstPosition(of: finding) == 1)
  }

  /// The hub leaks at one site through three handlers: one announcement naming the routes,
  /// with trend's sentence.
  @Test func oneAnnouncementPerSiteWithItsRoutes() throws {
    let snapshots = try ["before", "after", "later"].map { try Samples.snapshot("go/services/hub/\($0).txt") }
    let (live, steps) = Self.feed(snapshots)
    #expect(steps.map(\.newSuspects.count) == [0, 0, 1])
    let finding = try #require(steps[2].newSuspects.first)
    let line = WatchRenderer().suspectLine(finding, step: steps[2], polls: [1, 2, 4], trend: live)
    #expect(
      line
        == "suspect: +216 goroutines blocked in chan receive, growing across polls 1–4, 6 → 114 → 222 (+108, +108), at hub.go:29 in (*Hub).wait, across 3 stacks (via pollA +96, pollB +72, stream +48), created by net/http.(*Server).Serve"
    )
    let evidence = try #require(live.report().findings.first)
    #expect(evidence.counts == finding.counts && evidence.routes == finding.routes)
  }

  @Test func pollLines() throws {
    let (live, steps) = Self.feed(try Self.sumserver(["0000", "0050", "1000"]))
    let renderer = WatchRenderer()
    #expect(
      renderer.pollLine(steps[0], polls: [1, 3, 4], time: "10:42:07", trend: live)
        == "poll 1  10:42:07  goroutines 3")
    #expect(
      renderer.pollLine(steps[2], polls: [1, 3, 4], time: "10:42:09", trend: live)
        == "poll 4  10:42:09  goroutines 1003 (+950)  growing since poll 1: 1 group (+1000)")
  }

  /// Fed the same snapshots, the live trend reports what `trend` reports, in text and JSON.
  @Test(arguments: [
    [
      "go/sumserver/sumserver-0000.txt", "go/sumserver/sumserver-0050.txt", "go/sumserver/sumserver-0500.txt",
    ],
    ["go/services/hub/before.txt", "go/services/hub/after.txt", "go/services/hub/later.txt"],
    ["go/services/healthy/idle-1.txt", "go/services/healthy/load-1.txt", "go/services/healthy/load-2.txt"],
    ["swift/lldb/continuations.tasks.n10.txt", "swift/lldb/continuations.tasks.n100.txt"],
  ])
  func reportIsTrends(files: [String]) throws {
    let snapshots = try files.map { try Samples.snapshot($0) }
    let (live, _) = Self.feed(snapshots)
    let renderer = TrendRenderer(top: nil)
    let batch = TrendAnalyzer.analyze(snapshots)
    #expect(renderer.text(live.report()) == renderer.text(batch))
    #expect(renderer.json(live.report()) == renderer.json(batch))
  }

  /// A report keeps each snapshot's name, format and total, not its groups.
  @Test func reportKeepsNoGroups() throws {
    let report = TrendAnalyzer.analyze(try Self.sumserver(["0000", "1500"]))
    #expect(report.snapshots.allSatisfy { $0.groups.isEmpty })
    #expect(report.totals == [3, 1503])
  }

  @Test func aProfileCannotJoinTextDumps() throws {
    let (live, _) = Self.feed(try Self.sumserver(["0000"]))
    #expect(!live.accepts(try Samples.snapshot("go/sumserver/sumserver-0050.debug0.pb.gz")))
    #expect(live.accepts(try Samples.snapshot("go/sumserver/sumserver-0050.txt")))
  }
}
