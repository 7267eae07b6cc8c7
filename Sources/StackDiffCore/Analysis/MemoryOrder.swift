/// Positions of groups in the order their fields lie in memory (`Group.storageAddress`), for
/// passes that read every group's stack and do not care in which order.
///
/// Groups made one after another lie in that order, and their frames and names were made in
/// that order too; report order scatters them. In perf of a diff of 200,000 distinct stacks,
/// matching the after groups went from 999 to 702 samples walked this way, and the function
/// tally from 540 to 387.
enum MemoryOrder {
  static func positions(of groups: [Group]) -> [Int] {
    groups.withUnsafeBufferPointer { groups in inOrder(groups.indices.map { ($0, groups[$0].storageAddress) })
    }
  }

  static func positions(of changes: [GroupChange]) -> [Int] {
    changes.withUnsafeBufferPointer { changes in
      inOrder(changes.indices.map { ($0, changes[$0].group.storageAddress) })
    }
  }

  private static func inOrder(_ addresses: [(position: Int, address: Int)]) -> [Int] {
    addresses.sorted { $0.address < $1.address }.map(\.position)
  }
}
