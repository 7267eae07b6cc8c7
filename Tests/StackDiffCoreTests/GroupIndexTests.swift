import Testing

@testable import StackDiffCore

/// Groups filed by their key hashes are found again by key, the first filed first.
@Suite struct GroupIndexTests {
  /// `count` goroutines, each with a stack of its own, read from text as a dump holds them.
  private func groups(_ count: Int, function: String = "serve") throws -> [Group] {
    var text = ""
    for stack in 0..<count {
      text += "goroutine \(stack + 1) [select]:\nexample.com/app.\(function)\(stack)(0x1)\n"
      text += "\t/src/app/serve\(stack % 5).go:\(20 + stack) +0x2a\n\n"
    }
    return try #require(try Samples.parse(text).first).groups
  }

  /// More groups than the table starts with: it grows on the way, and every group is still
  /// found at its own position, and a stack no group has is not found.
  @Test func everyGroupIsFoundWhereItWasFiled() throws {
    let groups = try groups(3000)
    let index = GroupIndex(key: ComparisonKey(mode: .lines, format: .goText))
    let hashes = index.hashes(of: groups)
    for (position, hash) in hashes.enumerated() { index.insert(hash: hash, at: position) }
    for (position, hash) in hashes.enumerated() {
      let found = index.firstPosition(hash: hash) { index.key.matches(groups[$0], groups[position]) }
      #expect(found == position)
    }
    let other = try #require(try self.groups(1, function: "wait").first)
    let absent = index.firstPosition(hash: index.key.hash(of: other)) { index.key.matches(groups[$0], other) }
    #expect(absent == nil)
  }

  /// Groups with one key (names that print alike from different bytes) are found in the order
  /// they were filed: the first absorbs the others when a dump's halves are merged.
  @Test func theFirstFiledOfEqualKeysIsFound() throws {
    let distinct = try groups(200)
    // Each of the first 50 stacks is filed again after all of them.
    let filed = distinct + distinct.prefix(50)
    let index = GroupIndex(key: ComparisonKey(mode: .lines, format: .goText))
    let hashes = index.hashes(of: filed)
    for (position, hash) in hashes.enumerated() { index.insert(hash: hash, at: position) }
    for position in 200..<250 {
      let found = index.firstPosition(hash: hashes[position]) {
        index.key.matches(filed[$0], filed[position])
      }
      #expect(found == position - 200)
    }
    #expect(index.holdsDuplicateKeys(filed, hashes: hashes))
    #expect(!index.holdsDuplicateKeys(distinct, hashes: Array(hashes.prefix(200))))
  }
}
