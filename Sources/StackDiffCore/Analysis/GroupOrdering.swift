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
    let byStack = Frame.compare(stack: a.frames, a.state, a.createdBy, b.frames, b.state, b.createdBy)
    if byStack != 0 { return byStack < 0 }
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
    let counts = map(\.count)
    let stacks = StackOrderFields(self)
    let order = indices.sorted { a, b in
      if counts[a] != counts[b] { return counts[a] > counts[b] }
      let byStack = stacks.compare(a, b)
      if byStack != 0 { return byStack < 0 }
      return Group.isOrderedByStack(self[a], self[b])
    }
    self = order.map { self[$0] }
  }
}

extension Array where Element == Group {
  /// Whether no group comes after one it orders before: what a parsed snapshot holds, checked
  /// in one pass so a sort can trust positions.
  var isInReportOrder: Bool {
    withUnsafeBufferPointer { groups in
      groups.indices.dropFirst().allSatisfy { !Group.isOrderedBefore(groups[$0], groups[$0 - 1]) }
    }
  }
}

/// What the stack order (`Frame.compare(stack:)`) reads of each group, taken out once, so that
/// sorting by index compares groups without copying them.
struct StackOrderFields {
  private let stacks: [[Frame]]
  private let states: [String?]
  private let creators: [Frame?]

  init(_ groups: some Collection<Group>) {
    stacks = groups.map(\.frames)
    states = groups.map(\.state)
    creators = groups.map(\.createdBy)
  }

  /// The stack order of the groups at positions `a` and `b`.
  func compare(_ a: Int, _ b: Int) -> Int {
    Frame.compare(stack: stacks[a], states[a], creators[a], stacks[b], states[b], creators[b])
  }
}

extension Frame {
  /// Orders by function, then file, then line.
  public static func isOrderedBefore(_ a: Frame, _ b: Frame) -> Bool { compare(a, b) < 0 }

  /// Three-way `isOrderedBefore`: negative when `a` comes first, 0 when the order cannot tell
  /// them apart (exactly when `a == b`).
  static func compare(_ a: borrowing Frame, _ b: borrowing Frame) -> Int {
    if a.function != b.function { return a.function < b.function ? -1 : 1 }
    if a.file != b.file { return a.file < b.file ? -1 : 1 }
    if a.line != b.line { return a.line < b.line ? -1 : 1 }
    let byImage = compare(a.image, b.image)
    if byImage != 0 { return byImage }
    if a.flags != b.flags { return a.flags.rawValue < b.flags.rawValue ? -1 : 1 }
    return compare(a.arguments, b.arguments)
  }

  /// Absent first.
  private static func compare(_ a: String?, _ b: String?) -> Int {
    switch (a, b) {
    case (nil, nil): return 0
    case (nil, _): return -1
    case (_, nil): return 1
    case (let x?, let y?): return x == y ? 0 : (x < y ? -1 : 1)
    }
  }

  /// A total order on (stack, state, creator) for deterministic ties.
  static func isOrderedBefore(
    stack a: [Frame], _ stateA: String?, _ creatorA: Frame?,
    _ b: [Frame], _ stateB: String?, _ creatorB: Frame?
  ) -> Bool {
    compare(stack: a, stateA, creatorA, b, stateB, creatorB) < 0
  }

  /// Three-way `isOrderedBefore(stack:)`: the innermost frame, the state, the rest of the stack,
  /// its depth, the creator. One pass, where two calls of the Boolean form would walk the
  /// shared frames twice; frames are read in place, as copying one retains each of its strings.
  static func compare(
    stack a: [Frame], _ stateA: String?, _ creatorA: Frame?,
    _ b: [Frame], _ stateB: String?, _ creatorB: Frame?
  ) -> Int {
    let byFrames = a.withUnsafeBufferPointer { a in
      b.withUnsafeBufferPointer { b in
        if !a.isEmpty, !b.isEmpty {
          let innermost = compare(a[0], b[0])
          if innermost != 0 { return innermost }
        }
        if (stateA ?? "") != (stateB ?? "") { return (stateA ?? "") < (stateB ?? "") ? -1 : 1 }
        var index = 1
        while index < min(a.count, b.count) {
          let byFrame = compare(a[index], b[index])
          if byFrame != 0 { return byFrame }
          index += 1
        }
        return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
      }
    }
    if byFrames != 0 { return byFrames }
    switch (creatorA, creatorB) {
    case (nil, nil): return 0
    case (nil, _): return -1
    case (_, nil): return 1
    case (let x?, let y?): return compare(x, y)
    }
  }
}
