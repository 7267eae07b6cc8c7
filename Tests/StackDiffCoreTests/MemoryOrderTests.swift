import Testing

@testable import StackDiffCore

/// Passes that read every group's stack walk groups in the order they lie in memory; each
/// position must come exactly once, whatever the report order.
@Suite struct MemoryOrderTests {
  @Test func positionsAreEachGroupOnceByAddress() throws {
    let snapshot = try #require(try Samples.parse(try Samples.text("go/logsfollow/leaky-after.txt")).first)
    var groups = snapshot.groups
    groups.reverse()
    // A group copied shares its fields: both copies are walked, side by side.
    groups.append(groups[0])
    let order = MemoryOrder.positions(of: groups)
    #expect(order.sorted() == Array(groups.indices))
    let addresses = order.map { groups[$0].storageAddress }
    #expect(addresses == addresses.sorted())
    #expect(Set(addresses).count == groups.count - 1)
    let changes = groups.map { GroupChange(before: 0, after: $0.count, group: $0, noise: nil) }
    #expect(MemoryOrder.positions(of: changes).map { changes[$0].group.storageAddress } == addresses)
  }
}
