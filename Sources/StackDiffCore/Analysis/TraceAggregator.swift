#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Folds traces into groups as the parser finishes them, so memory follows distinct stacks.
///
/// The group key is the trace's state, creator, whether it was cut, and its frame ids, laid out as 32-bit
/// integers and hashed as bytes. Frames the runtime hides by default are left out of the key
/// (unless asked to keep them), so a SIGQUIT dump and a `debug=2` dump of one state agree.
struct TraceAggregator {
  /// What a group remembers besides its counters: set when the group is created, then touched
  /// only for the rare traces with labels or while sample ids are collected.
  struct Details {
    var elision: Elision
    /// Distinct ancestries of the members (by frames, not ids), with counts: at most
    /// `Group.maximumAncestries`.
    var ancestries: [(ancestors: [PendingAncestor], count: Int)] = []
    /// The first member's frames, for display when the key folded a cut stack.
    var frames: [Int32]?
    var labels = LabelTally<Int32>()
    var names = LabelTally<Int32>()
    var sampleIDs: [Int] = []
  }

  let keepsHiddenFrames: Bool
  /// Traces with different (folded) names go to different groups (`--group-by thread-name`).
  let keysNames: Bool
  /// The dialect's `possiblyCutDepth`: deeper stacks are keyed as cut.
  let possiblyCutDepth: Int
  private let table = ByteKeyTable(capacity: 256)
  /// What counting a trace updates: plain integers, so that it touches no reference counts.
  struct Counters {
    var count = 0
    var minimumWait = Int.max
    var maximumWait = -1
    var waitingCount = 0
    var lockedCount = 0
    var leakedCount = 0
    var crashedCount = 0
    /// The largest of the oldest ids kept and its slot, and the smallest of the newest: most
    /// ids are passed over after one comparison each.
    var oldestCutoff = Int.max
    var oldestCutoffSlot = 0
    var newestCutoff = Int.min
    var newestCutoffSlot = 0
    /// While ids come in ascending order, the newest slots are a ring sorted from the cutoff's
    /// slot on, so a new largest id replaces the cutoff without a scan.
    var newestLargest = Int.min
    var newestIsRing = true
  }

  private(set) var counters: [Counters] = []
  private(set) var details: [Details] = []
  /// Per group, `Group.maximumSampleIDs` slots of its oldest member ids and as many of its
  /// newest (`Int.max` and `Int.min` when empty): plain integers, so that keeping them touches
  /// no reference counts.
  private var oldestSlots: [Int] = []
  private var newestSlots: [Int] = []
  private var key = IDList()
  private var unfolded: [Int32] = []
  private var lastGroup: Int32 = -1
  private(set) var total = 0
  private(set) var traceCount = 0
  /// The group of the first trace added.
  var firstGroup: Int? { counters.isEmpty ? nil : 0 }
  var groupCount: Int { counters.count }

  static let keyHeaderLength = 5

  init(keepsHiddenFrames: Bool, possiblyCutDepth: Int?, keysNames: Bool = false) {
    self.keepsHiddenFrames = keepsHiddenFrames
    self.keysNames = keysNames
    self.possiblyCutDepth = possiblyCutDepth ?? .max
  }

  /// Counts `trace`, whose frame ids `frames` interned, in its group.
  mutating func add(_ trace: borrowing PendingTrace, frames: FrameInterner) {
    startKey(trace)
    if keepsHiddenFrames {
      key.append(contentsOf: trace.frames)
    } else {
      for frame in trace.frames where !frames.isHidden(frame) { key.append(frame) }
      if key.count == Self.keyHeaderLength {
        key.append(contentsOf: trace.frames)
      } else if let last = trace.frames.last, frames.isStackRoot(last), trace.createdBy >= 0,
        key.count > Self.keyHeaderLength + 1, let bottom = key.last,
        frames.isSpawnWrapper(bottom, creator: trace.createdBy)
      {
        key.removeLast()
      }
    }
    count(trace, frames: frames)
  }

  /// Counts `trace`, whose frame ids are opaque (a profile's location ids, named later), with
  /// its frames as they are: nothing hidden, nothing cut. Returns its group.
  mutating func addOpaque(_ trace: borrowing PendingTrace) -> Int {
    startKey(trace)
    key.append(contentsOf: trace.frames)
    return count(trace, frames: nil)
  }

  /// The label sets `group` counts, for callers that name a set only when the group keeps it.
  func labels(ofGroup group: Int) -> LabelTally<Int32> { details[group].labels }

  /// Counts `multiplicity` members of `group` with the label set `labels` (nil: one not kept).
  mutating func countLabels(_ labels: Int32?, _ multiplicity: Int, inGroup group: Int) {
    if let labels {
      details[group].labels.add(labels, multiplicity)
    } else {
      details[group].labels.addUnlisted(multiplicity)
    }
  }

  private mutating func startKey(_ trace: borrowing PendingTrace) {
    key.removeAll()
    key.append(trace.stateID)
    key.append(trace.createdBy)
    key.append(0)  // set to 1 for a cut stack by foldCutStack
    // Crashed is counted per member, not keyed: the thread a SIGQUIT report marks crashed is
    // the same stack as in a report where another thread crashed.
    key.append(trace.isStackUnavailable ? 1 : 0)
    key.append(keysNames ? trace.nameID : -1)
  }

  /// Finds or creates the group of the key just built and counts `trace` in it.
  @inline(__always)
  @discardableResult
  private mutating func count(_ trace: borrowing PendingTrace, frames: FrameInterner?) -> Int {
    let isCut = trace.elision != .none || key.count - Self.keyHeaderLength >= possiblyCutDepth
    if isCut {
      unfolded.removeAll(keepingCapacity: true)
      unfolded.append(contentsOf: key[Self.keyHeaderLength..<key.count])
      foldCutStack()
    }
    let (groupID, isNew) = Self.group(of: key, in: table, last: lastGroup)
    lastGroup = groupID
    let group = Int(groupID)
    if isNew {
      counters.append(Counters())
      oldestSlots.append(contentsOf: repeatElement(Int.max, count: Group.maximumSampleIDs))
      newestSlots.append(contentsOf: repeatElement(Int.min, count: Group.maximumSampleIDs))
      details.append(
        Details(
          elision: visibleElision(of: trace, frames: frames),
          frames: isCut ? unfolded : nil))
    }
    let multiplicity = trace.multiplicity
    counters.withUnsafeMutableBufferPointer { all in
      all[group].count.saturatingAdd(multiplicity)
      if trace.waitMinutes >= 0 {
        all[group].minimumWait = min(all[group].minimumWait, trace.waitMinutes)
        all[group].maximumWait = max(all[group].maximumWait, trace.waitMinutes)
        all[group].waitingCount.saturatingAdd(multiplicity)
      }
      if trace.isLocked { all[group].lockedCount.saturatingAdd(multiplicity) }
      if trace.isLeaked { all[group].leakedCount.saturatingAdd(multiplicity) }
      if trace.isCrashed { all[group].crashedCount.saturatingAdd(multiplicity) }
    }
    let id = trace.id
    if id >= 0, id < counters[group].oldestCutoff || id > counters[group].newestCutoff {
      keepAge(of: id, inGroup: group)
    }
    if !trace.ancestors.isEmpty { Self.count(ancestry: trace.ancestors, multiplicity, in: &details[group]) }
    if trace.labelsID == PendingTrace.unlistedLabels {
      details[group].labels.addUnlisted(multiplicity)
    } else if trace.labelsID >= 0 {
      details[group].labels.add(trace.labelsID, multiplicity)
    }
    if trace.nameID == PendingTrace.unlistedLabels {
      details[group].names.addUnlisted(multiplicity)
    } else if trace.nameID >= 0 {
      details[group].names.add(trace.nameID, multiplicity)
    }
    if trace.id >= 0, counters[group].count <= Group.maximumSampleIDs,
      details[group].sampleIDs.count < Group.maximumSampleIDs
    {
      details[group].sampleIDs.append(trace.id)
    }
    total.saturatingAdd(multiplicity)
    traceCount += 1
    return group
  }

  /// The group of `key`, created when new. Traces of one group are often printed one after
  /// another: the last group is tried first. Static, so that the closure reads its arguments
  /// and not the aggregator: a closure that captures it copies the key and the table, a
  /// reference count touched for every trace.
  @inline(__always)
  private static func group(of key: borrowing IDList, in table: ByteKeyTable, last: Int32) -> (
    id: Int32, isNew: Bool
  ) {
    key.withUnsafeBytes { bytes -> (Int32, Bool) in
      let slice = ByteSlice(bytes)
      if last >= 0, table.key(last).equals(slice) { return (last, false) }
      return table.intern(slice)
    }
  }

  /// Keeps `id` among the group's oldest or newest ids when it is one of them: it replaces the
  /// kept id furthest from its end, and the slots are scanned for the next one.
  private mutating func keepAge(of id: Int, inGroup group: Int) {
    let base = group * Group.maximumSampleIDs
    let slots = Group.maximumSampleIDs
    counters.withUnsafeMutableBufferPointer { all in
      if id < all[group].oldestCutoff {
        oldestSlots.withUnsafeMutableBufferPointer { oldest in
          oldest[base + all[group].oldestCutoffSlot] = id
          var largest = Int.min
          for slot in 0..<slots where oldest[base + slot] > largest {
            largest = oldest[base + slot]
            all[group].oldestCutoffSlot = slot
          }
          all[group].oldestCutoff = largest
        }
      }
      guard id > all[group].newestCutoff else { return }
      newestSlots.withUnsafeMutableBufferPointer { newest in
        newest[base + all[group].newestCutoffSlot] = id
        if all[group].newestIsRing && id > all[group].newestLargest {
          all[group].newestLargest = id
          all[group].newestCutoffSlot = (all[group].newestCutoffSlot + 1) % slots
          all[group].newestCutoff = newest[base + all[group].newestCutoffSlot]
          return
        }
        all[group].newestIsRing = false
        var smallest = Int.max
        for slot in 0..<slots where newest[base + slot] < smallest {
          smallest = newest[base + slot]
          all[group].newestCutoffSlot = slot
        }
        all[group].newestCutoff = smallest
      }
    }
  }

  /// The group's oldest and newest member ids.
  func memberAge(ofGroup group: Int) -> MemberAge {
    let range = group * Group.maximumSampleIDs..<(group + 1) * Group.maximumSampleIDs
    // In place and sorted in place: a dump of distinct stacks makes a group per member, and
    // filtering and sorting copies cost thousands of instructions each.
    var oldest: [Int] = []
    var newest: [Int] = []
    oldestSlots.withUnsafeBufferPointer { slots in
      for slot in range where slots[slot] != Int.max { oldest.append(slots[slot]) }
    }
    newestSlots.withUnsafeBufferPointer { slots in
      for slot in range where slots[slot] != Int.min { newest.append(slots[slot]) }
    }
    if oldest.count > 1 { oldest.sort() }
    if newest.count > 1 { newest.sort() }
    return MemberAge(ascendingOldest: oldest, ascendingNewest: newest)
  }

  /// Where `...N frames elided...` goes among the frames the group keeps: hidden runtime frames
  /// before the cut do not count.
  private func visibleElision(of trace: borrowing PendingTrace, frames: FrameInterner?) -> Elision {
    guard case .middle(let count, let at) = trace.elision, !keepsHiddenFrames, let frames else {
      return trace.elision
    }
    var visible = 0
    for index in 0..<min(at, trace.frames.count) where !frames.isHidden(trace.frames[index]) {
      visible += 1
    }
    return .middle(count: count, at: visible)
  }

  private static func count(ancestry: [PendingAncestor], _ multiplicity: Int, in details: inout Details) {
    if let index = details.ancestries.firstIndex(where: { sameAncestry($0.ancestors, ancestry) }) {
      details.ancestries[index].count.saturatingAdd(multiplicity)
    } else if details.ancestries.count < Group.maximumAncestries {
      details.ancestries.append((ancestry, multiplicity))
    }
  }

  /// The same creators at the same places; which goroutine ids they had does not matter.
  private static func sameAncestry(_ a: [PendingAncestor], _ b: [PendingAncestor]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { $0.frames == $1.frames && $0.createdBy == $1.createdBy }
  }

  /// The key of group `id`: state, creator, cut flag, availability and crash, name, then frame ids.
  func key(of groupID: Int) -> [Int32] {
    table.withKey(Int32(groupID)) { bytes in
      (0..<(bytes.count / 4)).map {
        UnsafeRawPointer(bytes.base).loadUnaligned(fromByteOffset: $0 * 4, as: Int32.self)
      }
    }
  }

  /// Makes the key of a cut stack independent of where the runtime cut it: consecutive repeats of
  /// a frame (the recursion that made it deep) count once, and the elision code says "cut".
  private mutating func foldCutStack() {
    key[2] = 1
    var write = Self.keyHeaderLength + 1
    var read = write
    while read < key.count {
      if key[read] != key[write - 1] {
        key[write] = key[read]
        write += 1
      }
      read += 1
    }
    key.truncate(to: write)
  }

}
