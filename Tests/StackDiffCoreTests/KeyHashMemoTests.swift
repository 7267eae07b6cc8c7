import Testing

@testable import StackDiffCore

/// A group remembers its key hash from the merge of a dump's halves, for the diff to use; it
/// must never stand for a key it was not computed under, nor for fields that changed since.
@Suite struct KeyHashMemoTests {
  private let key = ComparisonKey(mode: .lines, format: .goText)

  private func group(line: Int = 7) -> Group {
    Group(
      count: 2, state: "chan receive",
      frames: [
        Frame(function: "main.worker", file: "/app/main.go", line: line),
        Frame(function: "main.main", file: "/app/main.go", line: 30),
      ],
      createdBy: Frame(function: "main.start", file: "/app/main.go", line: 12))
  }

  @Test func rememberedHashesAreTheHashes() {
    var groups = [group(), group(line: 8)]
    let index = GroupIndex(key: key)
    let remembered = index.rememberingHashes(of: &groups)
    #expect(remembered == groups.map { key.hash(of: $0) })
    #expect(groups.allSatisfy { $0.keyHashMemo.code != 0 })
    #expect(index.hashes(of: groups) == remembered)
  }

  /// Every field a key reads forgets the hash when it changes.
  @Test(arguments: ["state", "frames", "createdBy", "elision", "isStackUnavailable", "names"])
  func changingWhatAKeyReadsForgetsTheHash(field: String) {
    var groups = [group()]
    let index = GroupIndex(key: ComparisonKey(mode: .threadName, format: .goText))
    _ = index.rememberingHashes(of: &groups)
    switch field {
    case "state": groups[0].state = "select"
    case "frames": groups[0].frames[1].line = 31
    case "createdBy": groups[0].createdBy = nil
    case "elision": groups[0].elision = .trailing
    case "isStackUnavailable": groups[0].isStackUnavailable = true
    default: groups[0].names = [NameCount(name: "worker-#", count: 2)]
    }
    #expect(groups[0].keyHashMemo.code == 0)
    #expect(index.hashes(of: groups) == [index.key.hash(of: groups[0])])
  }

  @Test func aHashUnderOneKeyIsNotUsedUnderAnother() {
    var groups = [group()]
    _ = GroupIndex(key: key).rememberingHashes(of: &groups)
    let byFunctions = ComparisonKey(mode: .functions, format: .goText)
    #expect(GroupIndex(key: byFunctions).hashes(of: groups) == [byFunctions.hash(of: groups[0])])
    #expect(byFunctions.hash(of: groups[0]) != key.hash(of: groups[0]))
  }

  @Test func equalGroupsAreEqualWhateverTheyRemember() {
    var groups = [group()]
    _ = GroupIndex(key: key).rememberingHashes(of: &groups)
    #expect(groups[0] == group())
  }
}
