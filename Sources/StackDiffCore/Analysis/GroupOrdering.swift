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
    if let firstA = a.first, let firstB = b.first, firstA != firstB {
      return isOrderedBefore(firstA, firstB)
    }
    if (stateA ?? "") != (stateB ?? "") { return (stateA ?? "") < (stateB ?? "") }
    for (frameA, frameB) in zip(a, b) where frameA != frameB {
      return isOrderedBefore(frameA, frameB)
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
