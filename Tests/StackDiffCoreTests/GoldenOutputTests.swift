import Foundation
import Testing

@testable import StackDiffCore

/// Exact report bytes for every sample dump, pair and series that `GoldenCatalog` finds. To
/// accept a deliberate change in the output, run the tests once with STACKDIFF_UPDATE_GOLDEN=1
/// (that run fails, naming each rewritten file), review `git diff Tests/StackDiffCoreTests/Golden`,
/// and run them again.
@Suite struct GoldenOutputTests {
  static let goldenDirectory: String = {
    var url = URL(fileURLWithPath: #filePath)
    url.deleteLastPathComponent()
    return url.appendingPathComponent("Golden").path
  }()

  /// The dumps in `sample`, named by their path under SampleDumps (as a user in that folder
  /// would type it), or the error line the tool would print.
  private static func read(_ sample: String) -> Result<[Snapshot], InputError> {
    do {
      return .success(
        try DumpReader.read(try FileDescriptorSource.open(path: Samples.path(sample)), name: sample))
    } catch let error as InputError {
      return .failure(error)
    } catch {
      return .failure(InputError(source: sample, reason: "\(error)"))
    }
  }

  /// What `stackdiff` prints on standard error for these snapshots.
  private static func warnings(_ snapshots: [Snapshot]) -> String {
    let lines = snapshots.flatMap(DiagnosticMessages.warnings)
    return lines.isEmpty ? "" : "--- stderr\n" + lines.joined(separator: "\n") + "\n"
  }

  @Test(arguments: GoldenCatalog.samples) func show(_ sample: String) throws {
    switch Self.read(sample) {
    case .success(let snapshots):
      try GoldenCatalog.compare(
        ShowRenderer().text(snapshots) + Self.warnings(snapshots), golden: "show/\(sample).txt")
      let json = ShowRenderer().json(snapshots)
      let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
      #expect(parsed?["schemaVersion"] as? Int == 1)
      try GoldenCatalog.compare(json, golden: "show/\(sample).json")
    case .failure(let error):
      try GoldenCatalog.compare("stackdiff: error: \(error.description)\n", golden: "show/\(sample).txt")
    }
  }

  /// The last dump of each side, as `stackdiff BEFORE AFTER` compares them.
  @Test(arguments: GoldenCatalog.pairs) func diff(_ pair: SamplePair) throws {
    let name = "diff/\(pair.goldenName)"
    let sides = Self.lastDumps(of: [pair.before, pair.after])
    guard case .success(let snapshots) = sides, snapshots.count == 2 else {
      if case .failure(let error) = sides {
        try GoldenCatalog.compare("stackdiff: error: \(error.description)\n", golden: name + ".txt")
      }
      return
    }
    let diff = Differ.diff(before: snapshots[0], after: snapshots[1])
    let renderer = DiffRenderer()
    try GoldenCatalog.compare(renderer.text(diff), golden: name + ".txt")
    try GoldenCatalog.compare(renderer.json(diff, filtersJSON: false), golden: name + ".json")
    try GoldenCatalog.compare(renderer.markdown(diff), golden: name + ".md")
  }

  @Test(arguments: GoldenCatalog.trends) func trend(_ series: [String]) throws {
    let name = "trend/" + series[0] + "--" + ((series.last ?? "") as NSString).lastPathComponent
    switch Self.lastDumps(of: series) {
    case .success(let snapshots):
      let report = TrendAnalyzer.analyze(snapshots)
      try GoldenCatalog.compare(TrendRenderer().text(report), golden: name + ".txt")
      try GoldenCatalog.compare(TrendRenderer().json(report), golden: name + ".json")
    case .failure(let error):
      try GoldenCatalog.compare("stackdiff: error: \(error.description)\n", golden: name + ".txt")
    }
  }

  /// The last dump of each sample, or the first error.
  private static func lastDumps(of samples: [String]) -> Result<[Snapshot], InputError> {
    var snapshots: [Snapshot] = []
    for sample in samples {
      switch read(sample) {
      case .success(let read): snapshots += read.suffix(1)
      case .failure(let error): return .failure(error)
      }
    }
    return .success(snapshots)
  }

  /// The catalog finds the pairs and series the samples were captured as.
  @Test func catalogFindsTheCapturedPairs() {
    let pairs = Set(GoldenCatalog.pairs.map(\.testDescription))
    #expect(pairs.contains("go/logsfollow/leaky-before.txt → go/logsfollow/leaky-after.txt"))
    #expect(pairs.contains("go/sumserver/sumserver-0500.txt → go/sumserver/sumserver-1000.txt"))
    #expect(
      pairs.contains(
        "go/goroutineleak/go1.26/goroutine-before-leakcheck.txt → go/goroutineleak/go1.26/goroutine-after-leakcheck.txt"
      ))
    #expect(
      pairs.contains("swift/backtracer/continuations.n10.txt → swift/backtracer/continuations.n100.txt"))
    #expect(
      GoldenCatalog.trends.contains { $0.first == "go/sumserver/sumserver-0000.debug1.txt" && $0.count == 5 })
    #expect(!GoldenCatalog.samples.contains { $0.hasPrefix("generators/") || $0.hasSuffix(".md") })
  }

  /// The leaky pair's report, read structurally: what the goldens hold, checked field by field.
  @Test func leakyPairReportsTheLeak() throws {
    let before = try Samples.snapshot("go/logsfollow/leaky-before.txt")
    let after = try Samples.snapshot("go/logsfollow/leaky-after.txt")
    let json = DiffRenderer().json(Differ.diff(before: before, after: after), filtersJSON: false)
    let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
    #expect(parsed?["schemaVersion"] as? Int == 1)
    let groups = parsed?["groups"] as? [[String: Any]]
    #expect(groups?.first?["delta"] as? Int == 15)
    #expect(groups?.first?["before"] as? Int == 0)
    #expect(groups?.first?["after"] as? Int == 15)
    let show =
      try JSONSerialization.jsonObject(with: Data(ShowRenderer().json([after]).utf8)) as? [String: Any]
    let snapshot = (show?["snapshots"] as? [[String: Any]])?.first
    #expect(snapshot?["total"] as? Int == 18)
    #expect(snapshot?["format"] as? String == "go-text")
    let group = (snapshot?["groups"] as? [[String: Any]])?.first
    #expect(group?["count"] as? Int == 15)
    #expect((group?["site"] as? [String: Any])?["line"] as? Int == 80)
  }
}
