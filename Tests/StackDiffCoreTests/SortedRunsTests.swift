import Testing

@testable import StackDiffCore

/// Two sorted runs merged, long ones on two cores from both ends, must be the one sorted order
/// of both, whatever their lengths and however many values tie.
@Suite struct SortedRunsTests {
  /// Positions split between two runs, each sorted by a drawn value with ties broken by
  /// position (a total order); the merge against sorting them all.
  private func check(total: Int, firstShare: Int, valueRange: Int, seed: UInt64) {
    var draw = SeededDraw(state: seed &+ 0x2545_F491_4F6C_DD1D)
    let values = (0..<total).map { _ in draw.next(valueRange) }
    let isBefore = { (a: Int, b: Int) -> Bool in values[a] != values[b] ? values[a] < values[b] : a < b }
    var first: [Int] = []
    var second: [Int] = []
    for position in 0..<total {
      if draw.next(100) < firstShare { first.append(position) } else { second.append(position) }
    }
    first.sort(by: isBefore)
    second.sort(by: isBefore)
    let merged = SortedRuns.merge(first, second, by: isBefore)
    // Compared outside the expectation, which would describe every difference of long arrays.
    let isSorted = merged == Array(0..<total).sorted(by: isBefore)
    #expect(isSorted, "total \(total), first share \(firstShare)%")
  }

  @Test(arguments: [0, 1, 2, 3])
  func longRunsMergeAsTheyWouldSort(seed: UInt64) {
    for firstShare in [50, 3, 97] {
      check(
        total: SortedRuns.twoCoreMinimum + 1 + Int(seed) * 997, firstShare: firstShare, valueRange: 7,
        seed: seed)
    }
    check(total: 40_000, firstShare: 50, valueRange: 1_000_000, seed: seed)
  }

  @Test func shortAndEmptyRuns() {
    check(total: 100, firstShare: 50, valueRange: 5, seed: 9)
    check(total: SortedRuns.twoCoreMinimum + 10, firstShare: 0, valueRange: 5, seed: 10)
    check(total: SortedRuns.twoCoreMinimum + 10, firstShare: 100, valueRange: 5, seed: 11)
    #expect(SortedRuns.merge([], [], by: <) == [])
  }
}
