import Testing

@testable import StackDiffCore

/// Merging two sorted halves of a dump must give exactly what sorting the whole does, ties
/// (groups the order cannot tell apart) included.
@Suite struct ReportOrderMergeTests {
  /// Groups from a small pool of frames, states and counts, so that many tie on count and
  /// share stacks; labels tell apart groups the order cannot.
  private func groups(_ count: Int, draw: inout SeededDraw) -> [Group] {
    let functions = ["main.a", "main.b", "net/http.(*conn).serve", "runtime.gopark", "main.a\u{301}"]
    let states = ["chan receive", "select", "IO wait"]
    return (0..<count).map { index in
      // Some stacks are empty (`stack unavailable`), which order by state against the others.
      let frames = (0..<draw.next(4)).map { _ in
        Frame(function: functions[draw.next(functions.count)], file: "/app/x.go", line: 1 + draw.next(3))
      }
      return Group(
        count: 1 + draw.next(3), state: states[draw.next(states.count)], frames: frames, createdBy: nil,
        labels: [LabelCount(labels: "run=\(index)", count: 1)])
    }
  }

  @Test(arguments: [0, 1, 2, 3, 4, 5, 6, 7])
  func mergingSortedRunsIsSorting(seed: UInt64) {
    var draw = SeededDraw(state: seed &+ 0x9E37_79B9_7F4A_7C15)
    var first = groups(40 + draw.next(40), draw: &draw)
    var second = groups(draw.next(60), draw: &draw)
    first.sortIntoReportOrder()
    second.sortIntoReportOrder()
    // What folding the second half into the first does to a few groups of the first.
    var changed: [Int] = []
    for position in first.indices where draw.next(6) == 0 {
      first[position].count += 1 + draw.next(3)
      changed.append(position)
    }
    var merged = first + second
    var sorted = merged
    merged.mergeIntoReportOrder(runsSplitAt: first.count, changed: changed)
    sorted.sortIntoReportOrder()
    #expect(merged == sorted)
  }

  /// Long enough to be merged on two cores.
  @Test(arguments: [0, 1])
  func mergingLongSortedRunsIsSorting(seed: UInt64) {
    var draw = SeededDraw(state: seed &+ 0x5851_F42D_4C95_7F2D)
    // ASCII names and stacks with frames only: otherwise merging gives way to sorting.
    let functions = ["main.a", "main.b", "net/http.(*conn).serve", "runtime.gopark"]
    func groups(_ count: Int) -> [Group] {
      (0..<count).map { index in
        let frames = (0..<(1 + draw.next(4))).map { _ in
          Frame(function: functions[draw.next(functions.count)], file: "/app/x.go", line: 1 + draw.next(50))
        }
        return Group(
          count: 1 + draw.next(2), state: "select", frames: frames, createdBy: nil,
          labels: [LabelCount(labels: "run=\(index)", count: 1)])
      }
    }
    var first = groups(SortedRuns.twoCoreMinimum / 2 + 500)
    var second = groups(SortedRuns.twoCoreMinimum / 2 + 700)
    let firstIsKnownInOrder = first.sortIntoReportOrder()
    let secondIsKnownInOrder = second.sortIntoReportOrder()
    #expect(firstIsKnownInOrder && secondIsKnownInOrder)
    var merged = first + second
    var sorted = merged
    let mergedIsKnownInOrder = merged.mergeIntoReportOrder(runsSplitAt: first.count, changed: [])
    #expect(mergedIsKnownInOrder)
    sorted.sortIntoReportOrder()
    // Compared outside the expectation, which would describe every difference of long arrays.
    let isSorted = merged == sorted
    #expect(isSorted)
    #expect(merged.isInReportOrder)
  }
}
