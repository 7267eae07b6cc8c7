import Testing

@testable import StackDiffCore

/// `--merge`: several dumps of one program folded into one snapshot.
@Suite struct MergeTests {
  /// Five runs of one crashing program (full, medium, friendly, colour and demangle=no
  /// presets): one crashing stack, held by every report.
  @Test func crashReportsFoldIntoTheirDistinctStacks() throws {
    let names = ["crash.full", "crash.medium", "crash.friendly", "crash.color", "crash.demangle-no"]
    let reports = try names.map { try Samples.snapshot("swift/backtracer/\($0).txt") }
    let merged = try Snapshot.merging(reports, mode: .lines)
    #expect(merged.mergedDumpCount == 5)
    #expect(merged.total == reports.reduce(0) { $0 + $1.total })
    #expect(merged.total == 26)
    #expect(merged.groups.reduce(0) { $0 + $1.count } == merged.total)
    let crashed = merged.groups.filter { $0.crashedCount > 0 }
    #expect(crashed.count == 1)
    #expect(crashed.first?.count == 5)
    #expect(crashed.first?.dumpCount == 5)
    #expect(crashed.first?.site?.function == "OrderValidator.validate(order:)")
    // Threads only the full reports print are in three dumps of the five.
    #expect(merged.groups.filter { $0.crashedCount == 0 }.allSatisfy { $0.dumpCount == 3 })
    #expect(merged.groups.count == reports[0].groups.count)
    let folder = Samples.path("swift/backtracer")
    #expect(merged.source == "\(folder)/crash.full.txt, \(folder)/crash.medium.txt and 3 more")
  }

  /// Replicas of one service: each side of a diff is the sum of the replicas' dumps.
  @Test func replicasDiffAsOneService() throws {
    let before = try Snapshot.merging(
      [
        Samples.snapshot("go/logsfollow/leaky-before.txt"),
        Samples.snapshot("go/logsfollow/fixed-before.txt"),
      ],
      mode: .lines)
    let after = try Snapshot.merging(
      [Samples.snapshot("go/logsfollow/leaky-after.txt"), Samples.snapshot("go/logsfollow/fixed-after.txt")],
      mode: .lines)
    let alone = Differ.diff(
      before: try Samples.snapshot("go/logsfollow/leaky-before.txt"),
      after: try Samples.snapshot("go/logsfollow/leaky-after.txt"))
    let diff = Differ.diff(before: before, after: after)
    #expect(before.total == 6)
    #expect(after.total == 21)
    #expect(diff.suspects.map(\.change.delta) == alone.suspects.map(\.change.delta))
    #expect(diff.suspects.first?.change.delta == 15)
  }

  @Test func dumpsOfDifferentFormatsDoNotMerge() throws {
    let go = try Samples.snapshot("go/logsfollow/leaky-after.txt")
    let swift = try Samples.snapshot("swift/backtracer/crash.full.txt")
    #expect(throws: MergeError.self) { try Snapshot.merging([go, swift], mode: .lines) }
  }

  /// Groups that differ only in line numbers are one group when merged by functions.
  @Test func theGroupingModeDecidesWhatIsOneGroup() throws {
    let dumps = try ["0500", "1500"].map { try Samples.snapshot("go/sumserver/sumserver-\($0).txt") }
    let byLines = try Snapshot.merging(dumps, mode: .lines)
    let byFunctions = try Snapshot.merging(dumps, mode: .functions)
    #expect(byLines.total == dumps[0].total + dumps[1].total)
    #expect(byFunctions.total == byLines.total)
    #expect(byFunctions.groups.count <= byLines.groups.count)
    #expect(byLines.groups.allSatisfy { ($0.dumpCount ?? 0) >= 1 && ($0.dumpCount ?? 0) <= 2 })
  }
}
