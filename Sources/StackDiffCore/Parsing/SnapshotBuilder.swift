#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Collects what parsers find into snapshots: interned frames and states, the groups being
/// folded, events, diagnostics, and the boundaries between several dumps in one input.
final class SnapshotBuilder {
  struct Options {
    var grouping: GroupingMode = .lines
    var keepTraces = false
    var keepsHiddenFrames = false
    /// Parses the second part of an input: its first goroutine did not take the dump.
    var isContinuation = false
  }

  let source: String
  let options: Options
  let frames = FrameInterner()
  private var states = ByteKeyTable(capacity: 64)
  private var labelSets = ByteKeyTable(capacity: 64)
  private var attributeSets = ByteKeyTable(capacity: 16)
  private var aggregator = TraceAggregator()
  private var seenIDs = GoroutineIDSet()
  /// The goroutine ids of the last finished snapshot.
  private(set) var lastSnapshotIDs = GoroutineIDSet()
  private var traces: [Trace] = []
  private var events: [String] = []
  var diagnostics = Diagnostics()
  var format = DumpFormat.goText
  private(set) var snapshots: [Snapshot] = []

  init(source: String, options: Options) {
    self.source = source
    self.options = options
    aggregator.keepsHiddenFrames = options.keepsHiddenFrames
  }

  var keepsArguments: Bool { options.grouping == .exact }

  /// Traces added to the snapshot being built.
  var currentTraceCount: Int { aggregator.traceCount }

  /// Consecutive goroutines usually share their state, so the last one is checked first.
  func internState(_ bytes: ByteSlice) -> Int32 {
    if lastStateID >= 0 {
      let last = states.key(lastStateID)
      if last.count == bytes.count && memcmp(last.base, bytes.base, bytes.count) == 0 { return lastStateID }
    }
    lastStateID = states.intern(bytes).id
    return lastStateID
  }

  private var lastStateID: Int32 = -1
  /// At most this many distinct label sets are kept per input; a label per request must not
  /// make memory follow the input.
  static let maximumLabelSets = 4096

  func internLabels(_ bytes: ByteSlice) -> Int32 {
    if labelSets.count >= Self.maximumLabelSets {
      return labelSets.lookup(bytes) ?? PendingTrace.unlistedLabels
    }
    return labelSets.intern(bytes).id
  }

  func internAttributes(_ parts: [ByteSlice]) -> Int32 {
    let scratch = ScratchBuffer(capacity: 64)
    for (index, part) in parts.enumerated() {
      if index > 0 { scratch.append(0) }
      scratch.append(part)
    }
    return attributeSets.intern(scratch.slice).id
  }

  func internFrame(_ key: FrameKey) -> Int32 { frames.intern(key) }

  /// Records a goroutine id; true when this snapshot already had it, i.e. a new dump begins.
  func isRepeated(goroutineID id: Int) -> Bool {
    guard id > 0 else { return false }
    return !seenIDs.insert(id)
  }

  func add(_ trace: inout PendingTrace) {
    aggregator.add(trace, frames: frames)
    if options.keepTraces { traces.append(materialize(trace)) }
  }

  enum RecordLabels {
    case none
    case set(String)
    /// The record had labels, but more distinct sets than are kept.
    case unlisted
  }

  /// Adds a record of `count` goroutines whose frames are already strings (pprof profiles).
  func addRecord(frames records: [Frame], count: Int, labels: RecordLabels) {
    var trace = PendingTrace()
    trace.isActive = true
    trace.multiplicity = count
    let key = FrameKey()
    for frame in records {
      key.set(frame)
      trace.frames.append(frames.intern(key))
    }
    switch labels {
    case .none: break
    case .unlisted: trace.labelsID = PendingTrace.unlistedLabels
    case .set(var text):
      trace.labelsID = text.withUTF8 { internLabels(ByteSlice(UnsafeRawBufferPointer($0))) }
    }
    add(&trace)
  }

  func addEvent(_ text: ByteSlice) {
    guard events.count < 32 else { return }
    events.append(text.prefix(400).string)
  }

  func noteUnknown(line: Int) { diagnostics.noteUnknown(line: line) }

  /// Closes the current snapshot if it holds anything, so the next lines start a new one.
  func finishSnapshot() {
    guard aggregator.traceCount > 0 else { return }
    snapshots.append(makeSnapshot())
    aggregator = TraceAggregator()
    aggregator.keepsHiddenFrames = options.keepsHiddenFrames
    lastSnapshotIDs = seenIDs
    seenIDs = GoroutineIDSet()
    traces = []
    events = []
    diagnostics = Diagnostics()
  }

  /// Ends the input. Problems noted after the last dump are reported with that dump.
  func finishInput() {
    if aggregator.traceCount > 0 {
      finishSnapshot()
    } else if !snapshots.isEmpty {
      let late = diagnostics
      var last = snapshots[snapshots.count - 1]
      last.diagnostics.unknownLineCount += late.unknownLineCount
      if last.diagnostics.firstUnknownLine == nil {
        last.diagnostics.firstUnknownLine = late.firstUnknownLine
      }
      last.diagnostics.endsMidLine = last.diagnostics.endsMidLine || late.endsMidLine
      last.diagnostics.cutLineCount += late.cutLineCount
      snapshots[snapshots.count - 1] = last
    }
  }

  private func makeSnapshot() -> Snapshot {
    var groups: [Group] = []
    groups.reserveCapacity(aggregator.groupCount)
    for groupID in 0..<aggregator.groupCount {
      groups.append(makeGroup(groupID))
    }
    let goroot = frames.goroot
    groups.locateSites(goroot: goroot)
    markDumpTaker(in: &groups)
    groups.sort(by: Group.isOrderedBefore)
    return Snapshot(
      source: source, index: snapshots.count + 1, format: format, total: aggregator.total,
      groups: groups, events: events, goroot: goroot, diagnostics: diagnostics, traces: traces)
  }

  /// The first goroutine of a `runtime.Stack` or debug=2 dump is the one taking it. Crash dumps
  /// (they carry a `panic:`, `fatal error:` or signal line) start with the failing goroutine instead.
  private func markDumpTaker(in groups: inout [Group]) {
    guard format == .goText, events.isEmpty, !options.isContinuation, let first = aggregator.firstGroup else {
      return
    }
    let group = groups[first]
    guard group.state == "running", group.count == 1,
      !group.frames.contains(where: { $0.function == "panic" })
    else { return }
    groups[first].isDumpTaker = true
  }

  private func makeGroup(_ groupID: Int) -> Group {
    let key = aggregator.key(of: groupID)
    let details = aggregator.details[groupID]
    let stateID = key[0]
    let createdByID = key[1]
    let frameIDs = details.frames.map { ArraySlice($0) } ?? key[TraceAggregator.keyHeaderLength...]
    let counters = aggregator.counters[groupID]
    let maximumWait = counters.maximumWait
    return Group(
      count: counters.count,
      state: stateID >= 0 ? states.string(stateID) : nil,
      frames: frameIDs.map { frames.frames[Int($0)] },
      createdBy: createdByID >= 0 ? frames.frames[Int(createdByID)] : nil,
      elision: details.elision,
      isStackUnavailable: key[3] != 0,
      waitMinutes: maximumWait >= 0 ? counters.minimumWait...maximumWait : nil,
      waitingCount: counters.waitingCount,
      lockedCount: counters.lockedCount,
      leakedCount: counters.leakedCount,
      labels: details.labelOrder.map {
        LabelCount(labels: labelSets.string($0), count: details.labelCounts[$0] ?? 0)
      },
      unlistedLabelCount: details.unlistedLabelCount,
      sampleIDs: details.sampleIDs,
      ancestors: details.ancestors.map(materialize))
  }

  private func materialize(_ trace: borrowing PendingTrace) -> Trace {
    Trace(
      id: trace.id >= 0 ? trace.id : nil,
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
      ancestors: trace.ancestors.map(materialize),
      attributes: trace.attributesID >= 0
        ? attributeSets.withKey(trace.attributesID) { bytes in
          bytes.string.split(separator: "\u{0}").map(String.init)
        } : [],
      multiplicity: trace.multiplicity)
  }

  private func materialize(_ ancestor: PendingAncestor) -> Ancestor {
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
}
