import Testing

@testable import StackDiffCore

/// A diff of many distinct stacks hashes both sides on two cores; every stack must still find
/// its match.
@Suite struct ManyStacksDiffTests {
  /// One goroutine per stack in `stacks`, plus a second one for each stack in `doubled`.
  private func snapshot(stacks: Range<Int>, doubled: Range<Int> = 0..<0) throws -> Snapshot {
    var text = ""
    var id = 1
    for stack in Array(stacks) + Array(doubled) {
      text += "goroutine \(id) [chan receive]:\nexample.com/app.work\(stack)(0x1)\n"
      text += "\t/src/app/work\(stack % 7).go:\(10 + stack) +0x2a\n"
      text += "created by main.main in goroutine 1\n\t/src/app/main.go:12 +0x1f\n\n"
      id += 1
    }
    return try #require(try Samples.parse(text).first)
  }

  @Test func everyStackFindsItsMatch() throws {
    let before = try snapshot(stacks: 0..<5000)
    let after = try snapshot(stacks: 500..<5600, doubled: 1000..<1100)
    let diff = Differ.diff(before: before, after: after)
    #expect(diff.changes.count == 5600)
    #expect(diff.changes.filter { $0.before == 0 }.count == 600)
    #expect(diff.changes.filter { $0.after == 0 }.count == 500)
    #expect(diff.changes.filter { $0.before == 1 && $0.after == 2 }.count == 100)
    #expect(diff.changes.filter { $0.before == 1 && $0.after == 1 }.count == 4400)
    #expect(diff.changes.reduce(0) { $0 + $1.before } == before.total)
    #expect(diff.changes.reduce(0) { $0 + $1.after } == after.total)
  }
}
