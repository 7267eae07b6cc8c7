import Testing

@testable import StackDiffCore

/// A diff of many distinct stacks hashes both sides on two cores; every stack must still find
/// its match.
@Suite struct ManyStacksDiffTests {
  /// One goroutine per stack in `stacks`, plus a second one for each stack in `doubled`; the
  /// stacks whose number `isRuntime` picks are in the runtime's code alone.
  private func snapshot(
    stacks: Range<Int>, doubled: Range<Int> = 0..<0, isRuntime: (Int) -> Bool = { _ in false }
  ) throws -> Snapshot {
    var text = ""
    var id = 1
    for stack in Array(stacks) + Array(doubled) {
      let package = isRuntime(stack) ? "runtime" : "example.com/app"
      text += "goroutine \(id) [chan receive]:\n\(package).work\(stack)(0x1)\n"
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

  /// Each change holds its own stack's counts and noise, whichever core matched it: the after
  /// side's groups are matched in memory order, half on each core, and put back in report
  /// order. The sizes give halves of equal and of unequal length.
  @Test(arguments: [5000, 5501, 7168])
  func everyChangeKeepsItsOwnCountsAndNoise(afterStacks: Int) throws {
    let isRuntime = { (stack: Int) in stack % 97 == 0 }
    let before = try snapshot(stacks: 0..<6000, doubled: 0..<40, isRuntime: isRuntime)
    let afterRange = 300..<(300 + afterStacks)
    let after = try snapshot(stacks: afterRange, doubled: 1000..<1100, isRuntime: isRuntime)
    let diff = Differ.diff(before: before, after: after)
    var seen = Set<Int>()
    for change in diff.changes {
      let function = try #require(change.group.frames.first?.function)
      let stack = try #require(Int(function.split(separator: "work").last ?? ""))
      #expect(seen.insert(stack).inserted)
      let expectedBefore = stack < 6000 ? (stack < 40 ? 2 : 1) : 0
      let expectedAfter = afterRange.contains(stack) ? (1000..<1100 ~= stack ? 2 : 1) : 0
      #expect(change.before == expectedBefore, "stack \(stack)")
      #expect(change.after == expectedAfter, "stack \(stack)")
      #expect((change.noise == .runtime) == isRuntime(stack), "stack \(stack)")
    }
    #expect(seen.count == max(6000, 300 + afterStacks))
  }
}
