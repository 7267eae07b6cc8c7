#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Collects what parsers find into snapshots: interned frames and states, the groups being
/// folded, events, diagnostics, and the boundaries between several dumps in one input.
///
/// Every parser of an input writes into the same builder, so a log holding dumps of several
/// formats gives one snapshot per dump. A snapshot holds one format: a trace of another format
/// starts a new one, as does a trace that follows prose (a log line between two dumps).
final class SnapshotBuilder {
  // One parse, one thread: the `@exclusivity(unchecked)` fields skip runtime exclusivity
  // checks, which would cost more than the parsing itself (README, Performance).
  struct Options {
    var grouping: GroupingMode = .lines
    var keepTraces = false
    var keepsHiddenFrames = false
    /// Parses the second part of an input: its first trace did not take the dump.
    var isContinuation = false
    var retention = SnapshotRetention.all
    /// Puts groups in report order; off for the parts of a split input, sorted once merged.
    var sortsGroups = true
  }

  let source: String
  let options: Options
  /// One interner per dialect: frames, and what they reveal of the program, belong to a language.
  @exclusivity(unchecked) private var interners: [String: FrameInterner] = [:]
  @exclusivity(unchecked) private var states = ByteKeyTable(capacity: 64)
  @exclusivity(unchecked) private var labelSets = ByteKeyTable(capacity: 64)
  @exclusivity(unchecked) private var attributeSets = ByteKeyTable(capacity: 16)
  @exclusivity(unchecked) private var names = ByteKeyTable(capacity: 64)
  private let nameScratch = ScratchBuffer(capacity: 64)
  @exclusivity(unchecked) private var aggregator: TraceAggregator
  @exclusivity(unchecked) private var seenIDs = TraceIDSet()
  /// The trace ids of the last finished snapshot.
  @exclusivity(unchecked) private(set) var lastSnapshotIDs = TraceIDSet()
  @exclusivity(unchecked) private var traces: [Trace] = []
  @exclusivity(unchecked) private var events: [String] = []
  @exclusivity(unchecked) var diagnostics = Diagnostics()
  /// The format of the snapshot being built, and the interner its frame ids refer to.
  @exclusivity(unchecked) private(set) var format: DumpFormat?
  /// `format`'s name, compared for every trace without copying the format.
  @exclusivity(unchecked) private var formatName = ""
  @exclusivity(unchecked) private var frames: FrameInterner?
  /// Unclaimed text came after the last trace.
  @exclusivity(unchecked) private(set) var sawProseAfterTraces = false
  @exclusivity(unchecked) private(set) var snapshots: [Snapshot] = []
  /// Snapshots collected over the whole input (race reports among test output), with the
  /// position each goes to: where its first trace was read.
  private var collected: [(position: Int, snapshot: Snapshot)] = []
  /// Dumps finished so far, kept or not: the next one's position.
  private var finishedCount = 0

  init(source: String, options: Options) {
    self.source = source
    self.options = options
    aggregator = TraceAggregator(
      keepsHiddenFrames: options.keepsHiddenFrames, possiblyCutDepth: nil,
      keysNames: options.grouping == .threadName)
  }

  var keepsArguments: Bool { options.grouping == .exact }

  /// Traces added to the snapshot being built.
  var currentTraceCount: Int { aggregator.traceCount }

  /// The interner for frames of `dialect`, shared by every format of that language.
  func interner(for dialect: any LanguageDialect) -> FrameInterner {
    if let known = interners[dialect.name] { return known }
    let interner = FrameInterner(dialect: dialect)
    interners[dialect.name] = interner
    return interner
  }

  /// Traces that follow are of `format`, their frames interned by `frames`. A trace after prose
  /// starts a new snapshot unless `continuesAfterProse` (text the format knows to be part of its
  /// dump); so does a change of format.
  @inline(__always)
  func beginTrace(of format: DumpFormat, frames: FrameInterner, continuesAfterProse: Bool = false) {
    if sawProseAfterTraces && !continuesAfterProse { finishSnapshot() }
    sawProseAfterTraces = false
    guard format.name != formatName else { return }
    if aggregator.traceCount > 0 { finishSnapshot() }
    startFormat(format, frames: frames)
  }

  /// Marks the format of a dump whose traces start later (a profile's header): a different
  /// format before it is a separate snapshot.
  func beginDump(of format: DumpFormat, frames: FrameInterner) {
    finishSnapshot()
    sawProseAfterTraces = false
    startFormat(format, frames: frames)
  }

  private func startFormat(_ format: DumpFormat, frames: FrameInterner) {
    self.format = format
    formatName = format.name
    self.frames = frames
    if aggregator.traceCount == 0 {
      aggregator = makeCollector(for: format)
    }
  }

  /// A line no format claimed: between traces, it separates one dump from the next.
  func noteProse() {
    if aggregator.traceCount > 0 { sawProseAfterTraces = true }
  }

  /// Consecutive traces usually share their state, so the last one is checked first.
  func internState(_ bytes: ByteSlice) -> Int32 {
    if lastStateID >= 0 {
      let last = states.key(lastStateID)
      if last.count == bytes.count && memcmp(last.base, bytes.base, bytes.count) == 0 { return lastStateID }
    }
    lastStateID = states.intern(bytes).id
    return lastStateID
  }

  @exclusivity(unchecked) private var lastStateID: Int32 = -1
  /// At most this many distinct label sets are kept per input; a label per request must not
  /// make memory follow the input.
  static let maximumLabelSets = 4096

  func internLabels(_ bytes: ByteSlice) -> Int32 {
    if labelSets.count >= Self.maximumLabelSets {
      return labelSets.lookup(bytes) ?? PendingTrace.unlistedLabels
    }
    return labelSets.intern(bytes).id
  }

  /// A thread name with every run of digits folded to `#` (`sem-waiter-12` → `sem-waiter-#`):
  /// threads started in a loop share one name. At most `maximumLabelSets` are kept. Names
  /// repeat from dump to dump, so each printed name is folded once.
  func internName(_ bytes: ByteSlice) -> Int32 {
    if let known = printedNames.lookup(bytes) { return nameIDs[Int(known)] }
    let folded = nameScratch
    folded.removeAll()
    var previousWasDigit = false
    for index in 0..<bytes.count {
      let byte = bytes[index]
      let isDigit = byte &- 0x30 < 10
      if !isDigit {
        folded.append(byte)
      } else if !previousWasDigit {
        folded.append(UInt8(ascii: "#"))
      }
      previousWasDigit = isDigit
    }
    let id: Int32
    if names.count >= Self.maximumLabelSets {
      id = names.lookup(folded.slice) ?? PendingTrace.unlistedLabels
    } else {
      id = names.intern(folded.slice).id
    }
    if printedNames.count < Self.maximumPrintedNames {
      _ = printedNames.intern(bytes)
      nameIDs.append(id)
    }
    return id
  }

  /// Printed names remembered with their folded id; one per thread beyond that is folded again.
  static let maximumPrintedNames = 4096
  @exclusivity(unchecked) private var printedNames = ByteKeyTable(capacity: 64)
  @exclusivity(unchecked) private var nameIDs: [Int32] = []

  func internAttributes(_ parts: [ByteSlice]) -> Int32 {
    let scratch = ScratchBuffer(capacity: 64)
    for (index, part) in parts.enumerated() {
      if index > 0 { scratch.append(0) }
      scratch.append(part)
    }
    return attributeSets.intern(scratch.slice).id
  }

  /// Records a trace id; true when this snapshot already had it, i.e. a new dump begins.
  func isRepeated(traceID id: Int) -> Bool {
    guard id >= 0 else { return false }
    return !seenIDs.insert(id)
  }

  /// Adds a trace whose frames `frames` interned: the interner given to `beginTrace` or
  /// `beginDump`, one of which must come first. (Parsers hold it; passing it saves a reference
  /// count per trace.)
  func add(_ trace: inout PendingTrace, frames: FrameInterner) {
    if self.frames !== frames, let current = self.frames {
      // A dump of another language began while this trace was still open (damaged or
      // interleaved input): its ids index the other interner. Moved into this dump's, so the
      // trace is kept and no id is read out of range.
      move(&trace, from: frames, to: current)
      count(trace, frames: current)
    } else {
      // The interner as passed, not copied into a variable: a copy is a reference count
      // touched for every trace.
      count(trace, frames: frames)
    }
  }

  @inline(__always)
  private func count(_ trace: borrowing PendingTrace, frames: FrameInterner) {
    aggregator.add(trace, frames: frames)
    if options.keepTraces { traces.append(materialize(trace, frames: frames)) }
  }

  private func move(_ trace: inout PendingTrace, from source: FrameInterner, to target: FrameInterner) {
    let key = FrameKey()
    func moved(_ id: Int32) -> Int32 {
      guard id >= 0 else { return id }
      key.set(source.frames[Int(id)])
      return target.intern(key)
    }
    let ids = Array(trace.frames)
    trace.frames.removeAll()
    for id in ids { trace.frames.append(moved(id)) }
    trace.createdBy = moved(trace.createdBy)
    for index in trace.ancestors.indices {
      trace.ancestors[index].frames = trace.ancestors[index].frames.map(moved)
      trace.ancestors[index].createdBy = moved(trace.ancestors[index].createdBy)
    }
  }

  /// Adds one trace held as values, for parsers that read whole records rather than bytes.
  func add(
    _ format: DumpFormat, state: String?, frames: [Frame], createdBy: Frame? = nil, id: Int? = nil,
    multiplicity: Int = 1, name: String? = nil, isCrashed: Bool = false, elision: Elision = .none
  ) {
    let interner = interner(for: format.dialect)
    beginTrace(of: format, frames: interner)
    let key = FrameKey()
    var trace = PendingTrace()
    trace.isActive = true
    trace.id = id ?? -1
    trace.multiplicity = multiplicity
    trace.isCrashed = isCrashed
    trace.elision = elision
    if var name { trace.nameID = name.withUTF8 { internName(ByteSlice(UnsafeRawBufferPointer($0))) } }
    if var state { trace.stateID = state.withUTF8 { internState(ByteSlice(UnsafeRawBufferPointer($0))) } }
    for frame in frames {
      key.set(frame)
      trace.frames.append(interner.intern(key))
    }
    if let createdBy {
      key.set(createdBy)
      trace.createdBy = interner.intern(key)
    }
    add(&trace, frames: interner)
  }

  func addEvent(_ text: ByteSlice) {
    guard events.count < 32 else { return }
    events.append(text.prefix(400).string)
  }

  func noteUnknown(line: Int) { diagnostics.noteUnknown(line: line) }

  /// Closes the current snapshot if it holds anything, so the next lines start a new one.
  func finishSnapshot() {
    guard aggregator.traceCount > 0, let format, let frames else { return }
    finishedCount += 1
    keep(makeSnapshot(format: format, frames: frames))
    aggregator = makeCollector(for: format)
    lastSnapshotIDs = seenIDs
    seenIDs = TraceIDSet()
    // The next dump may come from another program or installation: it reveals its own layout.
    frames.forgetLayout()
    traces = []
    events = []
    diagnostics = Diagnostics()
    sawProseAfterTraces = false
  }

  /// Whether any trace was read so far.
  var hasFoundTraces: Bool { finishedCount > 0 || aggregator.traceCount > 0 }

  /// Where a snapshot that starts now goes among this input's snapshots.
  var positionOfNextSnapshot: Int { finishedCount + (aggregator.traceCount > 0 ? 1 : 0) }

  /// Keeps `snapshot` if the retention may want it; drops kept ones it can no longer want. Only
  /// the newest, the first, and the two around a wanted number survive (a collected snapshot
  /// inserted at the end may shift numbers by one).
  private func keep(_ snapshot: Snapshot) {
    snapshots.append(snapshot)
    guard retention != .all else { return }
    let newest = snapshot.index
    var dropped = Diagnostics()
    snapshots.removeAll { kept in
      let drops: Bool
      switch retention {
      case .all: drops = false
      case .last: drops = kept.index != newest
      case .firstAndLast: drops = kept.index != newest && kept.index != 1
      case .number(let number):
        drops = kept.index != newest && kept.index != number && kept.index != number - 1
      }
      // What was wrong with a dump not kept is still reported, with the newest.
      if drops { dropped.absorb(kept.diagnostics) }
      return drops
    }
    if dropped != Diagnostics() { snapshots[snapshots.count - 1].diagnostics.absorb(dropped) }
  }

  private var retention: SnapshotRetention { options.retention }

  /// A new aggregator for a parser that collects one snapshot over the whole input; hand it to
  /// `addCollected` at the end.
  func makeCollector(for format: DumpFormat) -> TraceAggregator {
    TraceAggregator(
      keepsHiddenFrames: options.keepsHiddenFrames, possiblyCutDepth: format.dialect.possiblyCutDepth,
      keysNames: options.grouping == .threadName)
  }

  /// A snapshot a parser collected over the whole input, placed at `position` (see
  /// `positionOfNextSnapshot` when its first trace was read).
  func addCollected(_ collector: TraceAggregator, format: DumpFormat, frames: FrameInterner, position: Int) {
    guard collector.traceCount > 0 else { return }
    let snapshot = makeSnapshot(
      from: collector, format: format, frames: frames, events: [], diagnostics: Diagnostics(), traces: [])
    collected.append((position, snapshot))
  }

  /// Ends the input. Problems noted after the last dump are reported with that dump.
  /// Hands over the finished snapshots: a caller that changes them then copies no groups.
  func takeSnapshots() -> [Snapshot] {
    defer { snapshots = [] }
    return snapshots
  }

  func finishInput() {
    for interner in interners.values { interner.endInterning() }
    if aggregator.traceCount > 0 { finishSnapshot() }
    // Collected snapshots go where they started, moving the later ones up by one.
    for (offset, entry) in collected.sorted(by: { $0.position < $1.position }).enumerated() {
      var snapshot = entry.snapshot
      snapshot.index = min(entry.position, finishedCount) + offset + 1
      for kept in snapshots.indices where snapshots[kept].index >= snapshot.index {
        snapshots[kept].index += 1
      }
      snapshots.append(snapshot)
    }
    finishedCount += collected.count
    collected = []
    // The snapshots hold their frames now; the interners' tables would only add to the peak.
    interners = [:]
    frames = nil
    snapshots.sort { $0.index < $1.index }
    applyRetention()
    if !snapshots.isEmpty {
      snapshots[snapshots.count - 1].diagnostics.absorb(diagnostics)
      diagnostics = Diagnostics()
    }
  }

  /// The exact choice, once every dump has its final number; the last is always kept, so its
  /// number says how many there were.
  private func applyRetention() {
    guard let last = snapshots.last?.index, let first = snapshots.first?.index else { return }
    var dropped = Diagnostics()
    snapshots.removeAll { kept in
      let drops: Bool
      switch retention {
      case .all: drops = false
      case .last: drops = kept.index != last
      case .firstAndLast: drops = kept.index != last && kept.index != first
      case .number(let number): drops = kept.index != last && kept.index != number
      }
      if drops { dropped.absorb(kept.diagnostics) }
      return drops
    }
    if dropped != Diagnostics() { snapshots[snapshots.count - 1].diagnostics.absorb(dropped) }
  }

  private func makeSnapshot(format: DumpFormat, frames: FrameInterner) -> Snapshot {
    makeSnapshot(
      from: aggregator, format: format, frames: frames, events: events, diagnostics: diagnostics,
      traces: traces)
  }

  private func makeSnapshot(
    from aggregator: TraceAggregator, format: DumpFormat, frames: FrameInterner, events: [String],
    diagnostics: Diagnostics, traces: [Trace]
  ) -> Snapshot {
    var groups: [Group] = []
    groups.reserveCapacity(aggregator.groupCount)
    for groupID in 0..<aggregator.groupCount {
      var group = makeGroup(groupID, of: aggregator, frames: frames)
      group.caveat = format.dialect.caveat(of: group)
      groups.append(group)
    }
    if format.capabilities.firstTraceMayTakeDump, events.isEmpty, !options.isContinuation,
      let first = aggregator.firstGroup, format.dialect.tookDump(firstGroup: groups[first])
    {
      // The first trace of a dump that is not a crash (no `panic:`, `fatal error:` or signal
      // line) took it, in formats that print the dump taker first, if the dialect agrees.
      groups[first].isDumpTaker = true
    }
    let isInReportOrder = options.sortsGroups && groups.sortIntoReportOrder()
    var snapshot = Snapshot(
      source: source, index: finishedCount, format: format, total: aggregator.total,
      groups: groups, events: events, layout: frames.layout, diagnostics: diagnostics, traces: traces)
    snapshot.groupsAreKnownInReportOrder = isInReportOrder
    return snapshot
  }

  private func makeGroup(_ groupID: Int, of aggregator: TraceAggregator, frames: FrameInterner) -> Group {
    let key = aggregator.key(of: groupID)
    let details = aggregator.details[groupID]
    let stateID = key[0]
    let createdByID = key[1]
    let frameIDs = details.frames.map { ArraySlice($0) } ?? key[TraceAggregator.keyHeaderLength...]
    let counters = aggregator.counters[groupID]
    let maximumWait = counters.maximumWait
    var group = Group(
      count: counters.count,
      state: stateID >= 0 ? states.string(stateID) : nil,
      frames: frameIDs.map { frames.frames[Int($0)] },
      createdBy: createdByID >= 0 ? frames.frames[Int(createdByID)] : nil,
      elision: details.elision,
      isStackUnavailable: key[3] & 1 != 0,
      waitMinutes: maximumWait >= 0 ? counters.minimumWait...maximumWait : nil,
      waitingCount: counters.waitingCount,
      lockedCount: counters.lockedCount,
      leakedCount: counters.leakedCount,
      crashedCount: counters.crashedCount,
      labels: details.labels.entries.map { LabelCount(labels: labelSets.string($0.key), count: $0.count) },
      unlistedLabelCount: details.labels.unlisted,
      names: details.names.entries.map { NameCount(name: names.string($0.key), count: $0.count) },
      unlistedNameCount: details.names.unlisted,
      sampleIDs: details.sampleIDs,
      ancestries: details.ancestries.map { entry in
        Ancestry(ancestors: entry.ancestors.map { materialize($0, frames: frames) }, count: entry.count)
      })
    group.memberAge = aggregator.memberAge(ofGroup: groupID)
    return group
  }

  private func materialize(_ trace: borrowing PendingTrace, frames: FrameInterner) -> Trace {
    Trace(
      id: trace.id >= 0 ? trace.id : nil,
      name: trace.nameID >= 0 ? names.string(trace.nameID) : nil,
      isCrashed: trace.isCrashed,
      state: trace.stateID >= 0 ? states.string(trace.stateID) : nil,
      waitMinutes: trace.waitMinutes >= 0 ? trace.waitMinutes : nil,
      isLockedToThread: trace.isLocked,
      isLeaked: trace.isLeaked,
      labels: trace.labelsID >= 0
        ? labelSets.string(trace.labelsID)
        : trace.labelsID == PendingTrace.unlistedLabels ? "(not kept)" : nil,
      frames: trace.frames.map { frames.frames[Int($0)] },
      createdBy: trace.createdBy >= 0 ? frames.frames[Int(trace.createdBy)] : nil,
      creatorID: trace.creatorID >= 0 ? trace.creatorID : nil,
      elision: trace.elision,
      isStackUnavailable: trace.isStackUnavailable,
      ancestors: trace.ancestors.map { materialize($0, frames: frames) },
      attributes: trace.attributesID >= 0
        ? attributeSets.withKey(trace.attributesID) { bytes in
          bytes.string.split(separator: "\u{0}").map(String.init)
        } : [],
      multiplicity: trace.multiplicity)
  }

  private func materialize(_ ancestor: PendingAncestor, frames: FrameInterner) -> Ancestor {
    Ancestor(
      id: ancestor.id, frames: ancestor.frames.map { frames.frames[Int($0)] },
      createdBy: ancestor.createdBy >= 0 ? frames.frames[Int(ancestor.createdBy)] : nil)
  }
}

/// How traces are told apart (`--group-by`).
public enum GroupingMode: String, CaseIterable, Sendable {
  /// State, functions with file and line, creator. The default.
  case lines
  /// As `lines` but without line numbers, so groups survive a rebuild.
  case functions
  /// As `lines` plus argument values.
  case exact
  /// As `lines`, split by thread name with digits folded (`sem-waiter-#`): tells apart threads
  /// whose stacks the dump cut to the same wait.
  case threadName = "thread-name"
}
