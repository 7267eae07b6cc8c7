/// Folds traces into groups as the parser finishes them, so memory follows distinct stacks.
///
/// The group key is the trace's state, creator, elision and frame ids, laid out as 32-bit
/// integers and hashed as bytes. Frames the runtime hides by default are left out of the key
/// (unless asked to keep them), so a SIGQUIT dump and a `debug=2` dump of one state agree.
struct TraceAggregator {
  struct Accumulator {
    var count = 0
    var minimumWait = Int.max
    var maximumWait = -1
    var waitingCount = 0
    var lockedCount = 0
    var labelCounts: [Int32: Int] = [:]
    var labelOrder: [Int32] = []
    var sampleIDs: [Int] = []
    var firstIndex: Int
    var elision: Elision
    var ancestors: [PendingAncestor]
    /// The first member's frames, for display when the key folded a cut stack.
    var frames: [Int32]?
  }

  var keepsHiddenFrames = false
  private var table = ByteKeyTable(capacity: 256)
  private(set) var accumulators: [Accumulator] = []
  private var key: [Int32] = []
  private(set) var total = 0
  private(set) var traceCount = 0
  /// The group of the first trace added.
  var firstGroup: Int? { accumulators.isEmpty ? nil : 0 }

  static let keyHeaderLength = 4

  mutating func add(_ trace: PendingTrace, frames: FrameInterner) {
    key.removeAll(keepingCapacity: true)
    key.append(trace.stateID)
    key.append(trace.createdBy)
    key.append(Self.elisionCode(trace.elision))
    key.append(trace.isStackUnavailable ? 1 : 0)
    if keepsHiddenFrames {
      key.append(contentsOf: trace.frames)
    } else {
      let hidden = frames.hidden
      for frame in trace.frames where !hidden[Int(frame)] { key.append(frame) }
      if key.count == Self.keyHeaderLength {
        key.append(contentsOf: trace.frames)
      } else if let last = trace.frames.last, frames.isGoexit[Int(last)], trace.createdBy >= 0,
        key.count > Self.keyHeaderLength + 1, let bottom = key.last,
        frames.isGoStatementWrapper(bottom, creator: trace.createdBy)
      {
        key.removeLast()
      }
    }
    var unfolded: ArraySlice<Int32>?
    if trace.elision != .none || key.count - Self.keyHeaderLength >= Self.possiblyCutDepth {
      unfolded = key[Self.keyHeaderLength...]
      foldCutStack()
    }
    let (groupID, isNew) = key.withUnsafeBytes { table.intern(ByteSlice($0)) }
    if isNew {
      accumulators.append(
        Accumulator(
          firstIndex: traceCount, elision: trace.elision, ancestors: trace.ancestors,
          frames: unfolded.map(Array.init)))
    }
    update(&accumulators[Int(groupID)], with: trace)
    total += trace.multiplicity
    traceCount += 1
  }

  private func update(_ group: inout Accumulator, with trace: PendingTrace) {
    group.count += trace.multiplicity
    if trace.waitMinutes >= 0 {
      group.minimumWait = min(group.minimumWait, trace.waitMinutes)
      group.maximumWait = max(group.maximumWait, trace.waitMinutes)
      group.waitingCount += trace.multiplicity
    }
    if trace.isLocked { group.lockedCount += trace.multiplicity }
    if trace.labelsID >= 0 {
      if let existing = group.labelCounts[trace.labelsID] {
        group.labelCounts[trace.labelsID] = existing + trace.multiplicity
      } else {
        group.labelCounts[trace.labelsID] = trace.multiplicity
        group.labelOrder.append(trace.labelsID)
      }
    }
    if trace.id >= 0, group.sampleIDs.count < Group.maximumSampleIDs {
      group.sampleIDs.append(trace.id)
    }
  }

  /// The key of group `id`: state, creator, elision code, availability, then frame ids.
  func key(of groupID: Int) -> [Int32] {
    table.withKey(Int32(groupID)) { bytes in
      (0..<(bytes.count / 4)).map {
        UnsafeRawPointer(bytes.base).loadUnaligned(fromByteOffset: $0 * 4, as: Int32.self)
      }
    }
  }

  /// Stacks this deep may have been cut by the runtime, with or without a marker: Go counts
  /// hidden runtime frames against its limit of 100, so the same goroutine is cut at different
  /// frames (and marked or not) depending on the traceback level.
  static let possiblyCutDepth = 90

  /// Makes the key of a cut stack independent of where the runtime cut it: consecutive repeats of
  /// a frame (the recursion that made it deep) count once, and the elision code says "cut".
  private mutating func foldCutStack() {
    key[2] = 3
    var write = Self.keyHeaderLength + 1
    var read = write
    while read < key.count {
      if key[read] != key[write - 1] {
        key[write] = key[read]
        write += 1
      }
      read += 1
    }
    key.removeSubrange(write...)
  }

  private static func elisionCode(_ elision: Elision) -> Int32 {
    switch elision {
    case .none: return 0
    case .trailing: return 1
    // Depth differences between recursions hide in the elided middle: the visible frames decide.
    case .middle: return 2
    }
  }
}
