import Testing

@testable import StackDiffCore

/// A report's top rows are chosen without sorting every row; they must be what sorting all
/// and taking the first would give, ties in their input order.
@Suite struct SmallestElementsTests {
  private struct Row: Equatable {
    var key: Int
    var position: Int
  }

  @Test(arguments: [0, 1, 3, 10, 99, 100, 101, 300])
  func smallestIsTheStableSortsPrefix(count: Int) {
    var draw = SeededDraw(state: 0x2545_F491_4F6C_DD1D &+ UInt64(count))
    // Few keys, so that most rows tie.
    let rows = (0..<100).map { Row(key: draw.next(7), position: $0) }
    let byKey = { (a: Row, b: Row) in a.key < b.key }
    #expect(rows.smallest(count, by: byKey) == Array(rows.sorted(by: byKey).prefix(count)))
  }

  /// The order of shrinking and vanished rows ends in the stack order, which a stack without
  /// frames makes inconsistent (here `a` < `c` < stack unavailable `b` < `a`): the top row must
  /// still be the sorted list's first, as a review found it was not.
  @Test func aTopRowAmongInconsistentlyOrderedStacksIsTheSortsFirst() {
    func vanished(_ state: String, _ function: String?) -> GroupChange {
      let frames = function.map {
        [Frame(function: "sync.\($0)", file: "/usr/local/go/src/sync/\($0).go", line: 10)]
      }
      return GroupChange(
        before: 1, after: 0,
        group: Group(
          count: 1, state: state, frames: frames ?? [], createdBy: nil, isStackUnavailable: frames == nil),
        noise: nil)
    }
    let changes = [vanished("b", nil), vanished("a", "x"), vanished("c", "a")]
    let sorted = changes.sorted(by: DiffSections.shrinksMore)
    for top in [1, 2] {
      let section = ReportSection(changes, top: top, orderedBy: DiffSections.shrinksMore, isConsistent: false)
      #expect(section.shown == Array(sorted.prefix(top)))
    }
    #expect(!DiffSections.ordersConsistently([0, 1, 2], of: changes))
    #expect(DiffSections.ordersConsistently([1, 2], of: changes))
  }

  /// The same through a diff of dumps, as the review's reproduction ran it (`--top 1`).
  @Test func aDiffsTopVanishedRowIsTheFullListsFirst() throws {
    let before = try Samples.parse(
      """
      goroutine 1 [b]:
      goroutine running on other thread; stack unavailable

      goroutine 2 [a]:
      sync.x()
      \t/usr/local/go/src/sync/x.go:10 +0x1f

      goroutine 3 [c]:
      sync.a()
      \t/usr/local/go/src/sync/a.go:10 +0x1f

      """)
    let after = try Samples.parse(
      """
      goroutine 9 [select]:
      main.other()
      \t/app/main.go:3 +0x1f

      """)
    let diff = try Differ.diff(before: #require(before.last), after: #require(after.last))
    let all = DiffSections(diff, minimumDelta: 1, top: nil).vanished.shown
    #expect(all.count == 3)
    #expect(DiffSections(diff, minimumDelta: 1, top: 1).vanished.shown == Array(all.prefix(1)))
  }

  @Test func aTopSectionOfFunctionsIsTheFullListsPrefix() throws {
    let before = try Samples.snapshot("go/sumserver/sumserver-0050.txt")
    let after = try Samples.snapshot("go/sumserver/sumserver-0500.txt")
    let changes = Differ.diff(before: before, after: after).changes
    for minimum in [nil, 1] {
      let all = Differ.functionChanges(changes, minimumNetDelta: minimum)
      #expect(all.count >= (minimum == nil ? 10 : 1))
      for top in [0, 1, 3, all.count, all.count + 5] {
        let section = Differ.functionChanges(changes, minimumNetDelta: minimum, top: top)
        #expect(section.shown == Array(all.prefix(top)))
        #expect(section.total == all.count)
      }
    }
  }
}
