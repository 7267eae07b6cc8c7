import Testing

@testable import StackDiffCore

/// A reader that sorted a snapshot's groups says so, and the diff then trusts their positions
/// instead of checking the order again: the word must be forgotten once the groups change.
@Suite struct ReportOrderMemoTests {
  private func parse(_ sample: String) throws -> Snapshot {
    try #require(try Samples.parse(Samples.text(sample)).first)
  }

  @Test func aParsedDumpKnowsItsOrderUntilItsGroupsChange() throws {
    var snapshot = try parse("go/logsfollow/leaky-after.txt")
    #expect(snapshot.groupsAreKnownInReportOrder)
    #expect(snapshot.groups.isInReportOrder)
    let parsed = snapshot
    snapshot.groups.reverse()
    #expect(!snapshot.groupsAreKnownInReportOrder)
    snapshot.groups.reverse()
    // Not part of the value: the same groups, checked or not, are the same snapshot.
    #expect(snapshot == parsed)
    snapshot.groups[0].count += 1
    #expect(!snapshot.groupsAreKnownInReportOrder)
  }

  /// `--merge` sorts what it folded, and says so as a reader does.
  @Test func mergedDumpsKnowTheirOrder() throws {
    let merged = try Snapshot.merging(
      [try parse("go/logsfollow/leaky-before.txt"), try parse("go/logsfollow/leaky-after.txt")], mode: .lines)
    #expect(merged.groupsAreKnownInReportOrder)
    #expect(merged.groups.isInReportOrder)
  }

  @Test func unsortedGroupsAreNotKnownInOrder() throws {
    var options = DumpReader.Options()
    options.sortsGroups = false
    let snapshot = try #require(
      try Samples.parse(Samples.text("go/logsfollow/leaky-after.txt"), options).first)
    #expect(!snapshot.groupsAreKnownInReportOrder)
  }

  /// Names outside ASCII may order inconsistently: a sort of them vouches for nothing.
  @Test func aSortOfNamesOutsideASCIIIsNotVouchedFor() {
    var groups = ["main.caf\u{E9}", "main.cafe\u{301}", "main.b"].map {
      Group(
        count: 1, state: "select", frames: [Frame(function: $0, file: "/app/x.go", line: 1)], createdBy: nil)
    }
    var ascii = Array(groups[2...])
    let isVouchedFor = groups.sortIntoReportOrder()
    let asciiIsVouchedFor = ascii.sortIntoReportOrder()
    #expect(!isVouchedFor)
    #expect(asciiIsVouchedFor)
  }

  /// Groups put out of order after parsing are ordered by the diff as sorted ones are: ties
  /// (equal growth, equal counts) are many in this pair.
  @Test func aDiffOfReorderedGroupsIsTheSame() throws {
    let before = try parse("go/logsfollow/leaky-before.txt")
    let after = try parse("go/logsfollow/leaky-after.txt")
    let expected = Differ.diff(before: before, after: after).changes
    var reordered = after
    reordered.groups.reverse()
    let changes = Differ.diff(before: before, after: reordered).changes
    #expect(changes.map(\.group) == expected.map(\.group))
    let ties = zip(expected, expected.dropFirst()).filter {
      $0.netDelta == $1.netDelta && $0.after == $1.after
    }
    #expect(ties.count >= 2)
  }
}
