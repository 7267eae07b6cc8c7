/// Label sets with their member counts, in first-seen order. At most `capacity` sets are listed;
/// members with further sets are only counted, so one label set per request cannot make memory
/// follow the input instead of the distinct stacks.
struct LabelTally<Key: Hashable> {
  private(set) var keys: [Key] = []
  private(set) var counts: [Key: Int] = [:]
  /// Members whose label set is not listed.
  private(set) var unlisted = 0
  let capacity: Int

  init(capacity: Int = Group.maximumLabelSets) { self.capacity = capacity }

  mutating func add(_ key: Key, _ count: Int) {
    if let existing = counts[key] {
      counts[key] = existing.addingSaturated(count)
    } else if keys.count < capacity {
      counts[key] = count
      keys.append(key)
    } else {
      unlisted.saturatingAdd(count)
    }
  }

  mutating func addUnlisted(_ count: Int) { unlisted.saturatingAdd(count) }

  func lists(_ key: Key) -> Bool { counts[key] != nil }

  /// Whether one more set would be listed.
  var hasRoom: Bool { keys.count < capacity }

  /// `(key, count)` in first-seen order.
  var entries: [(key: Key, count: Int)] { keys.map { ($0, counts[$0] ?? 0) } }
}

extension Int {
  /// Adds, stopping at `Int.max` instead of trapping: counts come from input.
  mutating func saturatingAdd(_ other: Int) {
    let (sum, overflow) = addingReportingOverflow(other)
    self = overflow ? .max : sum
  }

  func addingSaturated(_ other: Int) -> Int {
    var sum = self
    sum.saturatingAdd(other)
    return sum
  }
}
