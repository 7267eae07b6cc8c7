/// How groups are matched, within a snapshot or across several: the grouping mode, minus what a
/// snapshot's format cannot know. Profiles carry no states and no creators, and record a fixed
/// number of program counters per stack, runtime frames included; with one involved, stacks
/// are compared on their innermost `maximumDepth` frames.
public struct ComparisonKey: Sendable {
  public var mode: GroupingMode
  public var ignoresState: Bool
  public var ignoresCreator: Bool
  public var maximumDepth: Int?
  /// Stacks this deep may have been cut by the runtime: they are compared as cut stacks.
  public var possiblyCutDepth: Int?

  /// Matching across `snapshots`: what one of them cannot know, none is compared on.
  public init(mode: GroupingMode, snapshots: [Snapshot]) {
    self.mode = mode
    let capabilities = snapshots.map(\.format.capabilities)
    ignoresState = capabilities.contains { !$0.hasStates }
    ignoresCreator = capabilities.contains { !$0.hasCreators }
    maximumDepth = capabilities.compactMap(\.comparableDepth).min()
    possiblyCutDepth = snapshots.compactMap(\.format.dialect.possiblyCutDepth).min()
  }

  /// Matching within one snapshot of `format`.
  public init(mode: GroupingMode, format: DumpFormat) {
    self.mode = mode
    ignoresState = false
    ignoresCreator = false
    maximumDepth = nil
    possiblyCutDepth = format.dialect.possiblyCutDepth
  }

  /// This key in one word, under which a group remembers its hash (`KeyHashMemo`); nil when a
  /// depth is too large to pack.
  var memoCode: UInt64? {
    func packed(_ depth: Int?) -> UInt64? {
      guard let depth else { return 0 }
      return (0..<(1 << 24)).contains(depth) ? UInt64(depth) + 1 : nil
    }
    guard let mode = GroupingMode.allCases.firstIndex(of: mode), let maximum = packed(maximumDepth),
      let cut = packed(possiblyCutDepth)
    else { return nil }
    return 1 << 63 | UInt64(mode) << 52 | (ignoresState ? 1 << 51 : 0) | (ignoresCreator ? 1 << 50 : 0)
      | maximum << 25 | cut
  }

  /// What a key keeps of a group.
  public struct Key: Hashable {
    var state: String?
    var functions: [String]
    var files: [String]
    var lines: [Int]
    var arguments: [String?]
    var creator: String?
    var creatorFile: String?
    var creatorLine: Int
    var isElided: Bool
    var isStackUnavailable: Bool
    /// The members' folded name, when grouping by thread name.
    var name: String?
  }

  public func key(of group: Group) -> Key {
    let (frames, isCut) = comparedFrames(of: group)
    return key(of: group, frames: frames, isCut: isCut, state: ignoresState ? nil : group.state)
  }

  /// The hash of `key(of: group)`, without building the key's arrays: equal keys hash alike.
  ///
  /// Names are hashed as the bytes the dump printed, a word at a time: hundreds of thousands of
  /// distinct stacks are hashed when snapshots are merged and compared.
  public func hash(of group: Group) -> Int {
    let (frames, isCut) = comparedFrames(of: group)
    let keepsLines = mode != .functions
    var hash = FrameHash()
    hash.mix(ignoresState ? nil : group.state)
    hash.mix(frames.count)
    frames.withUnsafeBufferPointer { frames in
      for index in frames.indices {
        hash.mix(frames[index].function)
        if keepsLines {
          hash.mix(frames[index].file)
          hash.mix(frames[index].line)
        }
        if mode == .exact { hash.mix(frames[index].arguments) }
      }
    }
    if !ignoresCreator, let creator = group.createdBy {
      hash.mix(creator.function)
      if keepsLines {
        hash.mix(creator.file)
        hash.mix(creator.line)
      }
    }
    hash.mix(isCut ? 1 : 0)
    hash.mix(group.isStackUnavailable ? 1 : 0)
    if mode == .threadName { hash.mix(group.names.first?.name) }
    return Int(truncatingIfNeeded: hash.value)
  }

  /// Whether `a` and `b` have equal keys, compared in place: `key(of: a) == key(of: b)` without
  /// building either key.
  public func matches(_ a: Group, _ b: Group) -> Bool {
    guard ignoresState || StringOrder.equal(a.state, b.state), a.isStackUnavailable == b.isStackUnavailable
    else {
      return false
    }
    if mode == .threadName && a.names.first?.name != b.names.first?.name { return false }
    if !ignoresCreator && !creatorsMatch(a.createdBy, b.createdBy) { return false }
    if isWhole(a) && isWhole(b) {
      // Read where they are: copying a group's frames retains them, which with hundreds of
      // thousands of distinct stacks waits on memory the comparison then reads anyway.
      return a.frames.withUnsafeBufferPointer { framesA in
        b.frames.withUnsafeBufferPointer { framesB in framesMatch(framesA, framesB) }
      }
    }
    let (framesA, isCutA) = comparedFrames(of: a)
    let (framesB, isCutB) = comparedFrames(of: b)
    guard isCutA == isCutB else { return false }
    return framesA.withUnsafeBufferPointer { framesA in
      framesB.withUnsafeBufferPointer { framesB in framesMatch(framesA, framesB) }
    }
  }

  /// Whether `group`'s frames are compared as they are: neither cut nor beyond `maximumDepth`.
  private func isWhole(_ group: Group) -> Bool {
    let depth = group.frames.count
    return !group.elision.isElided && possiblyCutDepth.map { depth < $0 } ?? true
      && maximumDepth.map { depth <= $0 } ?? true
  }

  /// Whether two creators are equal as keys compare them. Taken as arguments, so that each is
  /// read in place rather than copied out of its group.
  private func creatorsMatch(_ a: Frame?, _ b: Frame?) -> Bool {
    guard let a, let b else { return a == nil && b == nil }
    guard StringOrder.equal(a.function, b.function) else { return false }
    return mode == .functions || (a.line == b.line && StringOrder.equal(a.file, b.file))
  }

  private func framesMatch(_ a: UnsafeBufferPointer<Frame>, _ b: UnsafeBufferPointer<Frame>) -> Bool {
    guard a.count == b.count else { return false }
    for index in a.indices {
      guard StringOrder.equal(a[index].function, b[index].function) else { return false }
      if mode != .functions {
        guard a[index].line == b[index].line, StringOrder.equal(a[index].file, b[index].file) else {
          return false
        }
      }
      if mode == .exact && a[index].arguments != b[index].arguments { return false }
    }
    return true
  }

  /// The frames compared: at most `maximumDepth`, repeats folded in a cut stack.
  private func comparedFrames(of group: Group) -> (frames: [Frame], isCut: Bool) {
    var frames = group.frames
    var isCut = group.elision.isElided || possiblyCutDepth.map { frames.count >= $0 } ?? false
    if let maximumDepth, frames.count > maximumDepth {
      frames = Array(frames.prefix(maximumDepth))
      isCut = true
    }
    // A cut stack counts each run of a repeated frame once, as the parser's key does.
    if isCut { frames = Self.foldingRepeats(frames) }
    return (frames, isCut)
  }

  private func key(of group: Group, frames: [Frame], isCut: Bool, state: String?) -> Key {
    let keepsLines = mode != .functions
    return Key(
      state: state,
      functions: frames.map(\.function),
      files: keepsLines ? frames.map(\.file) : [],
      lines: keepsLines ? frames.map { $0.line } : [],
      arguments: mode == .exact ? frames.map(\.arguments) : [],
      creator: ignoresCreator ? nil : group.createdBy?.function,
      creatorFile: ignoresCreator || !keepsLines ? nil : group.createdBy?.file,
      creatorLine: ignoresCreator || !keepsLines ? 0 : group.createdBy?.line ?? 0,
      isElided: isCut,
      isStackUnavailable: group.isStackUnavailable,
      name: mode == .threadName ? group.names.first?.name : nil)
  }

  /// The key without the state: groups equal under it differ only in what they wait in.
  func statelessKey(of group: Group) -> Key {
    let (frames, isCut) = comparedFrames(of: group)
    return key(of: group, frames: frames, isCut: isCut, state: nil)
  }

  /// What stays the same while a trace changes state: its frames from the first frame in user
  /// code outward (the line in that frame may differ) and its creator. The state and the
  /// library or runtime frames it waits in are left out. Without a user frame, the whole stack.
  public func stackKey(of group: Group) -> Key {
    var (frames, isCut) = comparedFrames(of: group)
    guard let site = frames.firstIndex(where: { $0.origin == .user }) else {
      return key(of: group, frames: frames, isCut: isCut, state: nil)
    }
    frames.removeFirst(site)
    frames[0].line = 0
    frames[0].arguments = nil
    return key(of: group, frames: frames, isCut: isCut, state: nil)
  }

  /// A hash of the numbers `stackKey(of:)` holds (depth, lines, creator line, flags): equal
  /// keys hash alike whatever their names' spelling, so it rules out most pairs of stacks
  /// before any key, with its arrays of names, is built.
  func stackKeyNumbersHash(of group: Group) -> Int {
    let (frames, isCut) = comparedFrames(of: group)
    let site = frames.firstIndex { $0.origin == .user } ?? 0
    let keepsLines = mode != .functions
    var hash = FrameHash()
    hash.mix(frames.count - site)
    if keepsLines {
      // The site's line is not part of the stack key.
      for index in frames.indices.dropFirst(site + 1) { hash.mix(frames[index].line) }
      if !ignoresCreator { hash.mix(group.createdBy?.line ?? 0) }
    }
    hash.mix(isCut ? 1 : 0)
    hash.mix(group.isStackUnavailable ? 1 : 0)
    return Int(truncatingIfNeeded: hash.value)
  }

  static func foldingRepeats(_ frames: [Frame]) -> [Frame] {
    var folded: [Frame] = []
    for frame in frames where folded.last != frame { folded.append(frame) }
    return folded
  }

  /// The snapshot's groups merged under this key.
  public func groups(of snapshot: Snapshot) -> [Group] {
    guard !keepsParsedGroups else { return snapshot.groups }
    // Merged groups take their first member's frames: the largest's, whatever order a reader
    // left the groups in (a diff's reader may skip sorting).
    var ordered = snapshot
    ordered.ensureReportOrder()
    return regroup(ordered.groups)
  }

  /// The parser already grouped by lines (or exactly) with state and creator: nothing to merge.
  var keepsParsedGroups: Bool {
    mode != .functions && !ignoresState && !ignoresCreator && maximumDepth == nil
  }

  /// Merges groups whose keys are equal, in their current order, so the first (largest) member
  /// gives the merged group its frames and line numbers.
  public func regroup(_ groups: [Group]) -> [Group] {
    var indexByKey: [Key: Int] = [:]
    var result: [Group] = []
    for group in groups {
      let key = key(of: group)
      if let index = indexByKey[key] {
        result[index].absorb(group)
      } else {
        indexByKey[key] = result.count
        var first = group
        if ignoresState { first.state = nil }
        if ignoresCreator { first.createdBy = nil }
        result.append(first)
      }
    }
    result.sortIntoReportOrder()
    return result
  }
}

extension Snapshot {
  /// This snapshot with its groups merged under `mode` (`--group-by functions`).
  public func regrouped(by mode: GroupingMode) -> Snapshot {
    var merged = self
    // As in `ComparisonKey.groups(of:)`: the first member merged is the largest.
    merged.ensureReportOrder()
    merged.groups = ComparisonKey(mode: mode, format: format).regroup(merged.groups)
    return merged
  }
}
