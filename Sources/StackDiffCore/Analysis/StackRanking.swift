/// Places groups in stack order (`Group.isOrderedByStack`) by splitting them level by level on
/// what that order reads: the innermost frame, the state, then each caller in turn.
///
/// A comparison sort of hundreds of thousands of distinct stacks walks two stacks per
/// comparison and waits on memory at each frame. Distinct stacks mostly share their innermost
/// frames (`internal/poll.runtime_pollWait` in IO wait) and part further out. Here a group's
/// frames are read once per level until its stack stands apart, and only the distinct frames
/// met at a level are sorted: a most-significant-first radix sort whose digits are frames.
enum StackRanking {
  /// Groups this few are sorted by the full comparison.
  static let smallBucketSize = 16

  /// Per group, its place in stack order, groups that compare equal keeping their order; nil
  /// when the order cannot be found this way: a stack without frames (ordered against others
  /// by state alone, which is not transitive) or two frames equal though spelled apart. The
  /// caller makes sure the order is consistent (`ASCIIOrder`).
  static func ranks(of groups: UnsafeBufferPointer<Group>, smallBucketSize: Int = smallBucketSize) -> [Int]? {
    let stacks = groups.map(\.frames)
    guard stacks.allSatisfy({ !$0.isEmpty }) else { return nil }
    let levels = Levels(stacks: stacks, states: groups.map { $0.state ?? "" })
    var order = Array(groups.indices)
    var pending: [(range: Range<Int>, level: Int)] = [(order.indices, 0)]
    while let (range, level) = pending.popLast() {
      guard range.count > 1 else { continue }
      if range.count <= smallBucketSize {
        order[range].sort { Group.isOrderedByStack(groups[$0], groups[$1]) }
        continue
      }
      guard let split = levels.split(&order, range, level: level) else { return nil }
      if split.ended.count > 1 {
        // Equal stacks: the creator and what else tells groups apart decide.
        order[split.ended].sort { Group.isOrderedByStack(groups[$0], groups[$1]) }
      }
      pending += split.parts.map { ($0, level + 1) }
    }
    var ranks = [Int](repeating: 0, count: groups.count)
    for (rank, group) in order.enumerated() { ranks[group] = rank }
    return ranks
  }

  /// What the stack order reads at each level: level 0 the innermost frame, level 1 the state,
  /// level `n` ≥ 2 the frame at depth `n - 1`.
  private struct Levels {
    let stacks: [[Frame]]
    let states: [String]

    /// Puts the groups at `order[range]`, which agree on every earlier level, in the order of
    /// what they hold at `level`, keeping their order where they agree. Returns the range of
    /// those whose stacks end there, and the ranges of those that agree at this level; nil when
    /// two different spellings compare equal.
    func split(_ order: inout [Int], _ range: Range<Int>, level: Int) -> (
      ended: Range<Int>, parts: [Range<Int>]
    )? {
      let depth = level == 0 ? 0 : level - 1
      let index = HashIndex(capacity: min(range.count, 1 << 16))
      /// Per kind of value met, the first group that holds it.
      var firsts: [Int] = []
      /// Per group of the range, the kind of its value; -1 where its stack ended.
      var kinds = [Int32](repeating: -1, count: range.count)
      for (offset, group) in order[range].enumerated() {
        guard level == 1 || depth < stacks[group].count else { continue }
        let hash = self.hash(group, level: level, depth: depth)
        let found = index.find(hash) { compare(firsts[Int($0)], group, level: level, depth: depth) == 0 }
        if found.id >= 0 {
          kinds[offset] = found.id
        } else {
          kinds[offset] = index.insert(hash, at: found.slot)
          firsts.append(group)
        }
      }
      guard let ranked = rankKinds(firsts, level: level, depth: depth) else { return nil }
      // Where each kind's groups go: those whose stacks ended first (shorter first), then each
      // kind in rank order.
      var sizes = [Int](repeating: 0, count: firsts.count + 1)
      for kind in kinds { sizes[kind < 0 ? 0 : ranked[Int(kind)] + 1] += 1 }
      var starts = [Int](repeating: range.lowerBound, count: sizes.count)
      for bucket in sizes.indices.dropFirst() { starts[bucket] = starts[bucket - 1] + sizes[bucket - 1] }
      let ended = starts[0]..<(starts[0] + sizes[0])
      let parts = sizes.indices.dropFirst().map { starts[$0]..<(starts[$0] + sizes[$0]) }
      guard firsts.count > 1 || sizes[0] > 0 else { return (ended, parts) }
      var next = starts
      let groups = Array(order[range])
      for (offset, group) in groups.enumerated() {
        let bucket = kinds[offset] < 0 ? 0 : ranked[Int(kinds[offset])] + 1
        order[next[bucket]] = group
        next[bucket] += 1
      }
      return (ended, parts)
    }

    /// Per kind (by its first group), its rank among the kinds; nil when two compare equal.
    private func rankKinds(_ firsts: [Int], level: Int, depth: Int) -> [Int]? {
      guard firsts.count > 1 else { return firsts.map { _ in 0 } }
      let names = FrameNamePrefixes(
        level == 1 ? firsts.map { states[$0] } : firsts.map { stacks[$0][depth].function })
      let sorted = firsts.indices.sorted { a, b in
        if let byName = names.compare(a, b) { return byName < 0 }
        return compare(firsts[a], firsts[b], level: level, depth: depth) < 0
      }
      for (a, b) in zip(sorted, sorted.dropFirst()) where names.compare(a, b) == nil {
        if compare(firsts[a], firsts[b], level: level, depth: depth) == 0 { return nil }
      }
      var ranks = [Int](repeating: 0, count: firsts.count)
      for (rank, kind) in sorted.enumerated() { ranks[kind] = rank }
      return ranks
    }

    private func hash(_ group: Int, level: Int, depth: Int) -> UInt64 {
      var hash = FrameHash()
      if level == 1 {
        hash.mix(states[group])
      } else {
        stacks[group].withUnsafeBufferPointer { frames in
          hash.mix(frames[depth].function)
          hash.mix(frames[depth].file)
          hash.mix(frames[depth].line)
        }
      }
      return hash.value
    }

    private func compare(_ a: Int, _ b: Int, level: Int, depth: Int) -> Int {
      if level == 1 { return StringOrder.compare(states[a], states[b]) }
      return stacks[a].withUnsafeBufferPointer { framesA in
        stacks[b].withUnsafeBufferPointer { framesB in
          guard let baseA = framesA.baseAddress, let baseB = framesB.baseAddress else { return 0 }
          return Frame.compare(baseA + depth, baseB + depth)
        }
      }
    }
  }
}
