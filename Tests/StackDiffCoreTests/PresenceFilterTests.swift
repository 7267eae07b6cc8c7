import Testing

@testable import StackDiffCore

/// The interner asks the filter before its table: a "no" must never be wrong, and "maybe"
/// must be rare for hashes never added.
@Suite struct PresenceFilterTests {
  /// Hashes drawn from a seed: the first `count`, the same on every call.
  private func hashes(_ count: Int) -> [UInt64] {
    var draw = SeededDraw(state: 0x5EED)
    return (0..<count).map { _ in draw.nextWord() }
  }

  /// Every hash added is a "maybe", across many growths of the filter; of hashes never added,
  /// few are.
  @Test func addedHashesAreAlwaysMaybes() {
    var filter = PresenceFilter()
    let added = 200_000
    let hashes = hashes(added + 100_000)
    for number in 0..<added { filter.add(hashes[number]) { hashes[$0] } }
    #expect(filter.count == added)
    #expect((0..<added).allSatisfy { filter.mayContain(hashes[$0]) })
    let others = (added..<(added + 100_000)).filter { filter.mayContain(hashes[$0]) }.count
    // At eight to sixteen bits per hash, about one in twenty to seventy.
    #expect(others < 100_000 / 15)
  }

  @Test func anEmptyFilterSaysNo() {
    let filter = PresenceFilter()
    #expect(hashes(10_000).allSatisfy { !filter.mayContain($0) })
  }
}
