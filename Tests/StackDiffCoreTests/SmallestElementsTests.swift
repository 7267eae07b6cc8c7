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
    var state: UInt64 = 0x2545_F491_4F6C_DD1D &+ UInt64(count)
    let rows = (0..<100).map { position -> Row in
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      // Few keys, so that most rows tie.
      return Row(key: Int(state >> 33) % 7, position: position)
    }
    let byKey = { (a: Row, b: Row) in a.key < b.key }
    #expect(rows.smallest(count, by: byKey) == Array(rows.sorted(by: byKey).prefix(count)))
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
