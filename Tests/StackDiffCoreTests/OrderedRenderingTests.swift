import Foundation
import Testing

@testable import StackDiffCore

/// Long reports are printed in batches on two cores; what comes out must be in report order.
@Suite struct OrderedRenderingTests {
  @Test func piecesComeOutInOrder() {
    var pieces: [String] = []
    OrderedPieces.render(count: 10, batchSize: 3) { range in
      range.map(String.init).joined(separator: ",")
    } emit: {
      pieces.append($0)
    }
    #expect(pieces == ["0,1,2", "3,4,5", "6,7,8", "9"])
    var none: [String] = []
    OrderedPieces.render(count: 0) { _ in
      "x"
    } emit: {
      none.append($0)
    }
    #expect(none.isEmpty)
  }

  /// 3,000 goroutines over 2,600 stacks: more than two batches of groups, counts 1 and 2.
  private func snapshot() throws -> Snapshot {
    var text = ""
    for id in 1...3000 {
      let stack = (id - 1) % 2600
      text += "goroutine \(id) [chan receive]:\nexample.com/app.work\(stack)(0x1)\n"
      text += "\t/src/app/work\(stack % 7).go:\(10 + stack) +0x2a\n"
      text += "created by main.main in goroutine 1\n\t/src/app/main.go:12 +0x1f\n\n"
    }
    return try #require(try Samples.parse(text).first)
  }

  @Test func textReportListsGroupsInReportOrder() throws {
    let snapshot = try snapshot()
    #expect(snapshot.groups.count == 2600)
    let expected = snapshot.groups.map {
      "\($0.count == 1 ? "1 goroutine" : "\($0.count) goroutines") · chan receive"
    }
    let lines = ShowRenderer().text([snapshot]).split(separator: "\n").map(String.init)
    #expect(lines.filter { $0.hasSuffix("· chan receive") } == expected)
    let sites = lines.filter { $0.hasPrefix("  > ") }.map { $0.dropFirst(4).prefix { $0 != " " } }
    #expect(sites.map(String.init) == snapshot.groups.map { $0.frames[0].function })
    #expect(snapshot.groups.prefix(400).allSatisfy { $0.count == 2 })
  }

  @Test func jsonReportListsGroupsInReportOrder() throws {
    let snapshot = try snapshot()
    let data = Data(ShowRenderer().json([snapshot]).utf8)
    let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let snapshots = try #require(root["snapshots"] as? [[String: Any]])
    let groups = try #require(snapshots.first?["groups"] as? [[String: Any]])
    #expect(groups.compactMap { $0["count"] as? Int } == snapshot.groups.map(\.count))
    let functions = groups.compactMap { ($0["frames"] as? [[String: Any]])?.first?["function"] as? String }
    #expect(functions == snapshot.groups.map { $0.frames[0].function })
  }
}

/// Rows of a printed stack align their locations, whatever characters the names hold.
@Suite struct StackAlignmentTests {
  @Test func aFoldedRunOfANameThatIsNotASCIIAlignsItsLocation() throws {
    // U+0600 joins the character after it: `g؀ ×3` is not `g؀` plus three columns.
    var text = "goroutine 1 [chan send]:\n"
    for _ in 0..<3 { text += "main.g\u{0600}(...)\n\t/src/app/main.go:9\n" }
    text += "main.main()\n\t/src/app/main.go:20 +0x1\n\n"
    let snapshot = try #require(try Samples.parse(text).first)
    let rows = ShowRenderer().text([snapshot]).split(separator: "\n").filter { $0.contains("main.go:") }
    #expect(rows.count == 2)
    let columns = rows.compactMap { row in row.range(of: "main.go:").map { row[..<$0.lowerBound].count } }
    #expect(columns.count == 2 && columns[0] == columns[1])
  }
}
