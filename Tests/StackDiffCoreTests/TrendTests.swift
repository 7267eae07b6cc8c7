import Testing

@testable import StackDiffCore

@Suite struct TrendTests {
  @Test(arguments: ["txt", "debug1.txt", "debug0.pb.gz"])
  func sumserverSeries(format: String) throws {
    let snapshots = try ["0000", "0050", "0500", "1000", "1500"].map {
      try Samples.snapshot("go/sumserver/sumserver-\($0).\(format)")
    }
    let report = TrendAnalyzer.analyze(snapshots)
    #expect(report.totals == [3, 53, 503, 1003, 1503])
    let first = try #require(report.series.first)
    #expect(first.group.frames.first?.function == "main.sumInt")
    #expect(first.counts == [0, 50, 500, 1000, 1500])
    #expect(first.kind == .growing)
    #expect(first.increments == [50, 450, 500, 500])
    #expect(first.isStrongestEvidence)
    #expect(report.series.filter(\.isStrongestEvidence).count == 1)
  }

  @Test func classification() {
    #expect(TrendKind.classify([0, 50, 500]) == .growing)
    #expect(TrendKind.classify([5, 5, 6]) == .growing)
    #expect(TrendKind.classify([3, 3, 3]) == .stable)
    #expect(TrendKind.classify([3, 2, 0]) == .shrinking)
    #expect(TrendKind.classify([0, 1, 0, 1]) == .fluctuating)
    #expect(TrendKind.classify([1, 2, 2, 1]) == .fluctuating)
  }

  @Test func twoSnapshotsAreNotStrongestEvidence() throws {
    let report = TrendAnalyzer.analyze([
      try Samples.snapshot("go/prodcons/prodcons-before.txt"),
      try Samples.snapshot("go/prodcons/prodcons-after.txt"),
    ])
    let first = try #require(report.series.first)
    #expect(first.counts == [1, 21] && first.kind == .growing && !first.isStrongestEvidence)
  }
}
