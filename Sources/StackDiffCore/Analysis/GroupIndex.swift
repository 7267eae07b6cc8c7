/// Groups found by their key without building keys: candidates by the key's hash, confirmed by
/// comparing in place (`ComparisonKey.matches`). With many distinct stacks, building a key (six
/// arrays) per group was most of a diff's matching.
struct GroupIndex {
  let key: ComparisonKey
  private var candidates: [Int: [Int]] = [:]

  init(key: ComparisonKey) { self.key = key }

  /// Files `group` under `position`.
  mutating func insert(_ group: Group, at position: Int) {
    candidates[key.hash(of: group), default: []].append(position)
  }

  /// The first position filed whose group (`groupAt`) has `group`'s key.
  func position(of group: Group, groupAt: (Int) -> Group) -> Int? {
    candidates[key.hash(of: group)]?.first { key.matches(groupAt($0), group) }
  }
}
