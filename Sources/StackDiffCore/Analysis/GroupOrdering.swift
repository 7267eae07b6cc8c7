extension Group {
  /// Report order: larger groups first; ties by first frame, then state, then the rest of the
  /// stack, so that equal inputs always print in the same order.
  public static func isOrderedBefore(_ a: Group, _ b: Group) -> Bool {
    if a.count != b.count { return a.count > b.count }
    return isOrderedByStack(a, b)
  }

  /// Ties between equal counts: the stack, then what else tells groups apart (their thread
  /// names under `--group-by thread-name`, a crash).
  static func isOrderedByStack(_ a: Group, _ b: Group) -> Bool {
    if Frame.isOrderedBefore(stack: a.frames, a.state, a.createdBy, b.frames, b.state, b.createdBy) {
      return true
    }
    if Frame.isOrderedBefore(stack: b.frames, b.state, b.createdBy, a.frames, a.state, a.createdBy) {
      return false
    }
    if a.crashedCount != b.crashedCount { return a.crashedCount < b.crashedCount }
    return a.names.map(\.name).lexicographicallyPrecedes(b.names.map(\.name))
  }
}

extension Array where Element == Group {
  /// Sorts into report order (`Group.isOrderedBefore`), moving indices rather than groups: a
  /// group is a large value, and every move of one retains and releases its fields, which
  /// dominates when a dump has hundreds of thousands of distinct stacks.
  public mutating func sortIntoReportOrder() {
    guard count > 1 else { return }
    // What the order reads, taken out once: comparing groups themselves would copy them.
    let counts = map(\.count)
    let leaves = map { $0.frames.first?.function ?? "" }
    let stacks = map(\.frames)
    let states = map(\.state)
    let creators = map(\.createdBy)
    let order = indices.sorted { a, b in
      if counts[a] != counts[b] { return counts[a] > counts[b] }
      // Distinct innermost functions decide, as they would in the full comparison below.
      if leaves[a] != leaves[b], !stacks[a].isEmpty, !stacks[b].isEmpty { return leaves[a] < leaves[b] }
      if Frame.isOrderedBefore(stack: stacks[a], states[a], creators[a], stacks[b], states[b], creators[b]) {
        return true
      }
      if Frame.isOrderedBefore(stack: stacks[b], states[b], creators[b], stacks[a], states[a], creators[a]) {
        return false
      }
      return Group.isOrderedByStack(self[a], self[b])
    }
    self = order.map { self[$0] }
  }
}

extension Frame {
  /// Orders by function, then file, then line.
  public static func isOrderedBefore(_ a: Frame, _ b: Frame) -> Bool {
    if a.function != b.function { return a.function < b.function }
    if a.file != b.file { return a.file < b.file }
    if a.line != b.line { return a.line < b.line }
    if a.image != b.image { return (a.image ?? "") < (b.image ?? "") }
    if a.flags != b.flags { return a.flags.rawValue < b.flags.rawValue }
    return (a.arguments ?? "") < (b.arguments ?? "")
  }

  /// A total order on (stack, state, creator) for deterministic ties.
  static func isOrderedBefore(
    stack a: [Frame], _ stateA: String?, _ creatorA: Frame?,
    _ b: [Frame], _ stateB: String?, _ creatorB: Frame?
  ) -> Bool {
    // Read in place: copying a frame retains each of its strings.
    if !a.isEmpty, !b.isEmpty, a[0] != b[0] { return isOrderedBefore(a[0], b[0]) }
    if (stateA ?? "") != (stateB ?? "") { return (stateA ?? "") < (stateB ?? "") }
    for index in 0..<min(a.count, b.count) where a[index] != b[index] {
      return isOrderedBefore(a[index], b[index])
    }
    if a.count != b.count { return a.count < b.count }
    switch (creatorA, creatorB) {
    case (nil, nil): return false
    case (nil, _): return true
    case (_, nil): return false
    case (let x?, let y?): return isOrderedBefore(x, y)
    }
  }
}
