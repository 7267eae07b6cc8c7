import Testing

@testable import StackDiffCore

/// The interner asks the filter before its table: a "no" must never be wrong, and "maybe"
/// must be rare for hashes never added.
@Suite struct PresenceFilterTests {
  private func hash(_ number: Int) -> UInt64 {
    var z = UInt64(number) &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// Every hash added is a "maybe", across many growths of the filter; of hashes never added,
  /// few are.
  @Test func addedHashesAreAlwaysMaybes() {
    var filter = PresenceFilter()
    let added = 200_000
    for number in 0..<added { filter.add(hash(number)) { self.hash($0) } }
    #expect(filter.count == added)
    #expect((0..<added).allSatisfy { filter.mayContain(hash($0)) })
    let others = (added..<(added + 100_000)).filter { filter.mayContain(hash($0)) }.count
    // At eight to sixteen bits per hash, about one in twenty to seventy.
    #expect(others < 100_000 / 15)
  }

  @Test func anEmptyFilterSaysNo() {
    let filter = PresenceFilter()
    #expect((0..<10_000).allSatisfy { !filter.mayContain(hash($0)) })
  }
}
