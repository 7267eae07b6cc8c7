import Foundation
import Testing

@testable import StackDiffCore

/// Exact report bytes for one real pair. To accept a deliberate change in the output, run the
/// tests with STACKDIFF_UPDATE_GOLDEN=1 and review the diff of Tests/StackDiffCoreTests/Golden.
@Suite struct GoldenOutputTests {
  static let goldenDirectory: String = {
    var url = URL(fileURLWithPath: #filePath)
    url.deleteLastPathComponent()
    return url.appendingPathComponent("Golden").path
  }()

  private func leakyDiff() throws -> SnapshotDiff {
    let before = try Samples.parse(
      bytes: try Samples.bytes("go/logsfollow/leaky-before.txt"), name: "leaky-before.txt")
    let after = try Samples.parse(
      bytes: try Samples.bytes("go/logsfollow/leaky-after.txt"), name: "leaky-after.txt")
    return Differ.diff(before: try #require(before.first), after: try #require(after.first))
  }

  private func compare(_ actual: String, golden name: String) throws {
    let path = Self.goldenDirectory + "/" + name
    if ProcessInfo.processInfo.environment["STACKDIFF_UPDATE_GOLDEN"] == "1" {
      try actual.write(toFile: path, atomically: true, encoding: .utf8)
    }
    let expected = try String(contentsOfFile: path, encoding: .utf8)
    #expect(actual == expected, "output differs from Golden/\(name)")
  }

  @Test func diffText() throws {
    try compare(DiffRenderer().text(try leakyDiff()), golden: "leaky-diff.txt")
  }

  @Test func diffJSON() throws {
    let json = DiffRenderer().json(try leakyDiff(), filtersJSON: false)
    try compare(json, golden: "leaky-diff.json")
    let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
    #expect(parsed?["schemaVersion"] as? Int == 1)
    let groups = parsed?["groups"] as? [[String: Any]]
    #expect(groups?.first?["delta"] as? Int == 15)
    #expect(groups?.first?["before"] as? Int == 0)
    #expect(groups?.first?["after"] as? Int == 15)
  }

  @Test func diffMarkdown() throws {
    try compare(DiffRenderer().markdown(try leakyDiff()), golden: "leaky-diff.md")
  }

  @Test func showText() throws {
    let snapshots = try Samples.parse(
      bytes: try Samples.bytes("go/logsfollow/leaky-after.txt"), name: "leaky-after.txt")
    try compare(ShowRenderer().text(snapshots), golden: "leaky-show.txt")
  }

  @Test func showJSON() throws {
    let snapshots = try Samples.parse(
      bytes: try Samples.bytes("go/logsfollow/leaky-after.txt"), name: "leaky-after.txt")
    let json = ShowRenderer().json(snapshots)
    try compare(json, golden: "leaky-show.json")
    let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
    let snapshot = (parsed?["snapshots"] as? [[String: Any]])?.first
    #expect(snapshot?["total"] as? Int == 18)
    #expect(snapshot?["format"] as? String == "go-text")
    let group = (snapshot?["groups"] as? [[String: Any]])?.first
    #expect(group?["count"] as? Int == 15)
    #expect((group?["site"] as? [String: Any])?["line"] as? Int == 80)
  }
}
