extension Group {
  /// Report order: larger groups first; ties by first frame, then state, then the rest of the
  /// stack, so that equal inputs always print in the same order.
  public static func isOrderedBefore(_ a: Group, _ b: Group) -> Bool {
    compareInReportOrder(a, b) < 0
  }

  /// Three-way `isOrderedBefore`: negative when `a` comes first, 0 when neither does.
  static func compareInReportOrder(_ a: Group, _ b: Group) -> Int {
    if a.count != b.count { return a.count > b.count ? -1 : 1 }
    return compareByStack(a, b)
  }

  /// Ties between equal counts: the stack, then what else tells groups apart (their thread
  /// names under `--group-by thread-name`, a crash).
  static func isOrderedByStack(_ a: Group, _ b: Group) -> Bool {
    compareByStack(a, b) < 0
  }

  /// Three-way `isOrderedByStack`.
  private static func compareByStack(_ a: Group, _ b: Group) -> Int {
    let byStack = Frame.compare(stack: a.frames, a.state, a.createdBy, b.frames, b.state, b.createdBy)
    if byStack != 0 { return byStack }
    if a.crashedCount != b.crashedCount { return a.crashedCount < b.crashedCount ? -1 : 1 }
    let namesA = a.names.map(\.name)
    let namesB = b.names.map(\.name)
    if namesA.lexicographicallyPrecedes(namesB) { return -1 }
    return namesB.lexicographicallyPrecedes(namesA) ? 1 : 0
  }
}

extension Snapshot {
  /// Sorts `groups` into report order, remembering when the sort vouches for it.
  mutating func sortGroupsIntoReportOrder() {
    groupsAreKnownInReportOrder = groups.sortIntoReportOrder()
  }

  /// Sorts `groups` into report order unless they are known or found to be in it.
  mutating func ensureReportOrder() {
    if !groupsAreKnownInReportOrder && !groups.isInReportOrder { sortGroupsIntoReportOrder() }
  }
}

extension Array where Element == Group {
  /// Sorts into report order (`Group.isOrderedBefore`) by index: by count, then by the stacks'
  /// ranks (`StackRanking`), which read each stack once per level instead of two stacks per
  /// comparison. Where the order is not consistent (`ASCIIOrder`, an empty stack), by comparing
  /// the fields it reads, taken out into arrays: reaching them through each group's storage on
  /// every comparison waits on memory. Returns whether the order is certainly the report order
  /// (consistent: sorted by ranks), as `isInReportOrder` would find.
  @discardableResult
  public mutating func sortIntoReportOrder() -> Bool {
    sortIntoReportOrder(smallBucketSize: StackRanking.smallBucketSize)
  }

  /// `sortIntoReportOrder`, sorting buckets of up to `smallBucketSize` stacks by comparison
  /// (`StackRanking`); tests make it small, to split even a few stacks by ranks.
  @discardableResult
  mutating func sortIntoReportOrder(smallBucketSize: Int) -> Bool {
    guard count > 1 else { return true }
    let (order, isByRanks) = reportOrder(smallBucketSize: smallBucketSize)
    permute(to: order)
    return isByRanks
  }

  /// The positions of the groups in report order, as `sortIntoReportOrder` would place them,
  /// and whether that order is certainly the report order; the groups stay where they are.
  func reportOrder(smallBucketSize: Int = StackRanking.smallBucketSize) -> (order: [Int], isByRanks: Bool) {
    guard count > 1 else { return (indices.map { $0 }, true) }
    let counts = map(\.count)
    var isByRanks = false
    let order = withUnsafeBufferPointer { groups in
      if groups.allSatisfy(ASCIIOrder.holds(for:)),
        let ranks = StackRanking.ranks(of: groups, smallBucketSize: smallBucketSize)
      {
        isByRanks = true
        return groups.indices.sorted { a, b in
          counts[a] != counts[b] ? counts[a] > counts[b] : ranks[a] < ranks[b]
        }
      }
      let stacks = StackOrderFields(self)
      return groups.indices.sorted { a, b in
        if counts[a] != counts[b] { return counts[a] > counts[b] }
        let byStack = stacks.compare(a, b)
        if byStack != 0 { return byStack < 0 }
        return Group.isOrderedByStack(groups[a], groups[b])
      }
    }
    return (order, isByRanks)
  }

  /// Sorts into report order groups that are in it already in two runs, `[..<boundary]` and
  /// `[boundary...]`, except those of the first run at `changed`, whose counts changed: what
  /// merging two sorted halves of a dump leaves. Merging takes a comparison per group where a
  /// sort takes several; ties keep their positions, as the sort does. Returns whether the
  /// order is certainly the report order, as `sortIntoReportOrder` does.
  @discardableResult
  mutating func mergeIntoReportOrder(runsSplitAt boundary: Int, changed: [Int]) -> Bool {
    guard count > 1 else { return true }
    // Nothing to merge: the first run's order, which is not known here.
    guard boundary < count || !changed.isEmpty else { return false }
    // A change in the second run (two of its groups folded together) leaves it out of order.
    // And stacks without frames are ordered by state against others, which is not transitive
    // with the frame order: only the sort gives what one pass gives then.
    // Names outside ASCII may order inconsistently: merging would then part from sorting.
    guard boundary <= count, changed.allSatisfy({ $0 >= 0 && $0 < boundary }),
      allSatisfy(ASCIIOrder.isConsistent(for:))
    else { return sortIntoReportOrder() }
    var isChanged = [Bool](repeating: false, count: boundary)
    for position in changed { isChanged[position] = true }
    let order = withUnsafeBufferPointer { groups in
      let isBefore = { (a: Int, b: Int) -> Bool in
        let byOrder = Group.compareInReportOrder(groups[a], groups[b])
        return byOrder != 0 ? byOrder < 0 : a < b
      }
      let kept = (0..<boundary).filter { !isChanged[$0] }
      let moved = Set(changed).sorted(by: isBefore)
      return SortedRuns.merge(
        SortedRuns.merge(kept, moved, by: isBefore), [Int](boundary..<groups.count), by: isBefore)
    }
    permute(to: order)
    return true
  }

  /// Whether no group comes after one it orders before: what a parsed snapshot holds, checked
  /// in one pass so a sort can trust positions.
  var isInReportOrder: Bool {
    withUnsafeBufferPointer { groups in
      groups.indices.dropFirst().allSatisfy { !Group.isOrderedBefore(groups[$0], groups[$0 - 1]) }
    }
  }
}

/// What the stack order (`Frame.compare(stack:)`) reads of each group, in arrays.
struct StackOrderFields {
  private let stacks: [[Frame]]
  private let states: [String?]
  private let creators: [Frame?]

  init(_ groups: [Group]) {
    stacks = groups.map(\.frames)
    states = groups.map(\.state)
    creators = groups.map(\.createdBy)
  }

  /// The stack order of the groups at positions `a` and `b`; creators are read only when the
  /// frames and states tie.
  func compare(_ a: Int, _ b: Int) -> Int {
    let byFrames = Frame.compare(frames: stacks[a], states[a], stacks[b], states[b])
    return byFrames != 0 ? byFrames : Frame.compare(creator: creators[a], creators[b])
  }
}

extension Frame {
  /// Orders by function, then file, then line.
  public static func isOrderedBefore(_ a: Frame, _ b: Frame) -> Bool { compare(a, b) < 0 }

  /// Three-way `isOrderedBefore`: negative when `a` comes first, 0 when the order cannot tell
  /// them apart (exactly when `a == b`).
  static func compare(_ a: Frame, _ b: Frame) -> Int {
    withUnsafePointer(to: a) { a in withUnsafePointer(to: b) { b in compare(a, b) } }
  }

  /// `compare` on frames in place: passing a frame by value copies it, retaining its strings.
  static func compare(_ a: UnsafePointer<Frame>, _ b: UnsafePointer<Frame>) -> Int {
    let byFunction = StringOrder.compare(a.pointee.function, b.pointee.function)
    if byFunction != 0 { return byFunction }
    let byFile = StringOrder.compare(a.pointee.file, b.pointee.file)
    if byFile != 0 { return byFile }
    if a.pointee.line != b.pointee.line { return a.pointee.line < b.pointee.line ? -1 : 1 }
    let byImage = compare(a.pointee.image, b.pointee.image)
    if byImage != 0 { return byImage }
    if a.pointee.flags != b.pointee.flags {
      return a.pointee.flags.rawValue < b.pointee.flags.rawValue ? -1 : 1
    }
    return compare(a.pointee.arguments, b.pointee.arguments)
  }

  /// Absent first.
  private static func compare(_ a: String?, _ b: String?) -> Int {
    switch (a, b) {
    case (nil, nil): return 0
    case (nil, _): return -1
    case (_, nil): return 1
    case (let x?, let y?): return StringOrder.compare(x, y)
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
  /// shared frames twice.
  static func compare(
    stack a: [Frame], _ stateA: String?, _ creatorA: Frame?,
    _ b: [Frame], _ stateB: String?, _ creatorB: Frame?
  ) -> Int {
    let byFrames = compare(frames: a, stateA, b, stateB)
    return byFrames != 0 ? byFrames : compare(creator: creatorA, creatorB)
  }

  /// The stack order without creators, on the arrays' frames in place.
  static func compare(frames a: [Frame], _ stateA: String?, _ b: [Frame], _ stateB: String?) -> Int {
    a.withUnsafeBufferPointer { a in
      b.withUnsafeBufferPointer { b in compare(frames: a, stateA, b, stateB) }
    }
  }

  /// The stack order without creators, on frames in place.
  static func compare(
    frames a: UnsafeBufferPointer<Frame>, _ stateA: String?, _ b: UnsafeBufferPointer<Frame>,
    _ stateB: String?
  ) -> Int {
    guard !a.isEmpty, !b.isEmpty, let baseA = a.baseAddress, let baseB = b.baseAddress else {
      // An empty stack: the state, then the shorter first.
      let byState = StringOrder.compare(stateA ?? "", stateB ?? "")
      if byState != 0 { return byState }
      return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
    }
    let innermost = compare(baseA, baseB)
    if innermost != 0 { return innermost }
    let byState = StringOrder.compare(stateA ?? "", stateB ?? "")
    if byState != 0 { return byState }
    var index = 1
    while index < min(a.count, b.count) {
      let byFrame = compare(baseA + index, baseB + index)
      if byFrame != 0 { return byFrame }
      index += 1
    }
    return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
  }

  /// Creators: none first.
  static func compare(creator a: Frame?, _ b: Frame?) -> Int {
    switch (a, b) {
    case (nil, nil): return 0
    case (nil, _): return -1
    case (_, nil): return 1
    case (let x?, let y?): return compare(x, y)
    }
  }
}
