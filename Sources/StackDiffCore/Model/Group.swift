/// Traces that share a grouping key: same state, same frames, same creator.
///
/// Its fields live in one copy-on-write object: with hundreds of thousands of distinct stacks,
/// sorting, matching and reporting move groups around, and a copy then retains one object
/// instead of each of a dozen arrays and strings.
public struct Group: Equatable, Sendable {
  private var storage: CopyOnWrite<Fields>

  public var count: Int {
    _read { yield storage.value.count }
    _modify { yield &storage.value.count }
  }
  public var state: String? {
    _read { yield storage.value.state }
    _modify {
      storage.value.keyHashMemo = KeyHashMemo()
      yield &storage.value.state
    }
  }
  /// Innermost first.
  public var frames: [Frame] {
    _read { yield storage.value.frames }
    _modify {
      storage.value.keyHashMemo = KeyHashMemo()
      yield &storage.value.frames
    }
  }
  public var createdBy: Frame? {
    _read { yield storage.value.createdBy }
    _modify {
      storage.value.keyHashMemo = KeyHashMemo()
      yield &storage.value.createdBy
    }
  }
  public var elision: Elision {
    _read { yield storage.value.elision }
    _modify {
      storage.value.keyHashMemo = KeyHashMemo()
      yield &storage.value.elision
    }
  }
  public var isStackUnavailable: Bool {
    _read { yield storage.value.isStackUnavailable }
    _modify {
      storage.value.keyHashMemo = KeyHashMemo()
      yield &storage.value.isStackUnavailable
    }
  }
  /// Smallest and largest `N minutes` among members that print one.
  public var waitMinutes: ClosedRange<Int>? {
    _read { yield storage.value.waitMinutes }
    _modify { yield &storage.value.waitMinutes }
  }
  /// Members that print a wait time; the others waited less than a GC cycle or so.
  public var waitingCount: Int {
    _read { yield storage.value.waitingCount }
    _modify { yield &storage.value.waitingCount }
  }
  public var lockedCount: Int {
    _read { yield storage.value.lockedCount }
    _modify { yield &storage.value.lockedCount }
  }
  /// Members the runtime's leak detector marked ` (leaked)` (Go 1.26+ goroutine leak profile).
  public var leakedCount: Int {
    _read { yield storage.value.leakedCount }
    _modify { yield &storage.value.leakedCount }
  }
  /// Distinct label sets with their member counts, in first-seen order (at most
  /// `maximumLabelSets`; members with further sets are counted in `unlistedLabelCount`).
  public var labels: [LabelCount] {
    _read { yield storage.value.labels }
    _modify { yield &storage.value.labels }
  }
  /// Members whose label set is not listed: one label set per request would otherwise make
  /// memory grow with the input instead of with distinct stacks.
  public var unlistedLabelCount: Int {
    _read { yield storage.value.unlistedLabelCount }
    _modify { yield &storage.value.unlistedLabelCount }
  }
  /// Thread names of the members with digits folded (`sem-waiter-#`), with counts, first seen
  /// first (at most `maximumLabelSets`; further members in `unlistedNameCount`).
  public var names: [NameCount] {
    _read { yield storage.value.names }
    _modify {
      storage.value.keyHashMemo = KeyHashMemo()
      yield &storage.value.names
    }
  }
  public var unlistedNameCount: Int {
    _read { yield storage.value.unlistedNameCount }
    _modify { yield &storage.value.unlistedNameCount }
  }
  /// Members that crashed or took the dump signal (a group holds all or none of them).
  public var crashedCount: Int {
    _read { yield storage.value.crashedCount }
    _modify { yield &storage.value.crashedCount }
  }
  /// In a merged snapshot (`--merge`), how many of its dumps hold this group; nil otherwise.
  public var dumpCount: Int? {
    _read { yield storage.value.dumpCount }
    _modify { yield &storage.value.dumpCount }
  }
  /// What the dialect says a reader must know about this group.
  public var caveat: GroupCaveat? {
    _read { yield storage.value.caveat }
    _modify { yield &storage.value.caveat }
  }
  /// Goroutine ids of the first few members, in input order.
  public var sampleIDs: [Int] {
    _read { yield storage.value.sampleIDs }
    _modify { yield &storage.value.sampleIDs }
  }
  /// The oldest and newest member ids: which members existed before another snapshot.
  public var memberAge: MemberAge {
    _read { yield storage.value.memberAge }
    _modify { yield &storage.value.memberAge }
  }
  /// Ancestor stacks of the first member.
  public var ancestors: [Ancestor] {
    _read { yield storage.value.ancestors }
    _modify { yield &storage.value.ancestors }
  }
  /// Every distinct ancestry of the members (by frames, not ids) with its count, first seen
  /// first, at most `maximumAncestries`; `ancestors` is the first. Empty without ancestors.
  public var ancestries: [Ancestry] {
    _read { yield storage.value.ancestries }
    _modify { yield &storage.value.ancestries }
  }
  /// The first trace of a dump that is not a crash, in formats that print the dump taker first
  /// (`runtime.Stack`, debug=2), when the dialect agrees it took the dump.
  public var isDumpTaker: Bool {
    _read { yield storage.value.isDumpTaker }
    _modify { yield &storage.value.isDumpTaker }
  }

  /// The key hash last remembered (`GroupIndex.rememberingHashes`); the fields a key reads
  /// forget it when they change.
  var keyHashMemo: KeyHashMemo {
    _read { yield storage.value.keyHashMemo }
    _modify { yield &storage.value.keyHashMemo }
  }

  /// The stored fields, compared as a whole.
  private struct Fields: Equatable, Sendable {
    var count: Int
    var state: String?
    var frames: [Frame]
    var createdBy: Frame?
    var elision: Elision
    var isStackUnavailable: Bool
    var waitMinutes: ClosedRange<Int>?
    var waitingCount: Int
    var lockedCount: Int
    var leakedCount: Int = 0
    var labels: [LabelCount]
    var unlistedLabelCount: Int = 0
    var names: [NameCount] = []
    var unlistedNameCount: Int = 0
    var crashedCount: Int = 0
    var dumpCount: Int?
    var caveat: GroupCaveat?
    var sampleIDs: [Int]
    var memberAge: MemberAge = MemberAge()
    var ancestors: [Ancestor]
    var ancestries: [Ancestry] = []
    var isDumpTaker: Bool = false
    var keyHashMemo = KeyHashMemo()
  }

  public static func == (a: Group, b: Group) -> Bool {
    a.storage.isIdentical(to: b.storage) || a.storage.value == b.storage.value
  }

  public static let maximumSampleIDs = 8
  public static let maximumLabelSets = 32
  public static let maximumAncestries = 8

  public init(
    count: Int, state: String?, frames: [Frame], createdBy: Frame?, elision: Elision = .none,
    isStackUnavailable: Bool = false, waitMinutes: ClosedRange<Int>? = nil, waitingCount: Int = 0,
    lockedCount: Int = 0, leakedCount: Int = 0, crashedCount: Int = 0, labels: [LabelCount] = [],
    unlistedLabelCount: Int = 0, names: [NameCount] = [], unlistedNameCount: Int = 0, sampleIDs: [Int] = [],
    ancestors: [Ancestor] = [], ancestries: [Ancestry] = []
  ) {
    storage = CopyOnWrite(
      Fields(
        count: count, state: state, frames: frames, createdBy: createdBy, elision: elision,
        isStackUnavailable: isStackUnavailable, waitMinutes: waitMinutes, waitingCount: waitingCount,
        lockedCount: lockedCount, leakedCount: leakedCount, labels: labels,
        unlistedLabelCount: unlistedLabelCount, names: names, unlistedNameCount: unlistedNameCount,
        crashedCount: crashedCount, sampleIDs: sampleIDs, ancestors: ancestries.first?.ancestors ?? ancestors,
        ancestries: ancestries))
  }

  /// Where its fields lie in memory (`MemoryOrder`).
  var storageAddress: Int { storage.address }

  /// Index into `frames` of the first frame in the user's own code: where to look first.
  public var siteIndex: Int? { frames.firstIndex { $0.origin == .user } }

  public var site: Frame? { siteIndex.map { frames[$0] } }

  /// A site in user code, or a stack cut to a lone wait whose callers (and site) were lost:
  /// what may be blamed, and what ranks first among near-equal growth.
  public var mayHaveUserCode: Bool { siteIndex != nil || caveat == .callersLost }
}

/// A folded thread name and how many members carry it.
public struct NameCount: Equatable, Sendable {
  public var name: String
  public var count: Int

  public init(name: String, count: Int) {
    self.name = name
    self.count = count
  }
}

public struct LabelCount: Equatable, Sendable {
  public var labels: String
  public var count: Int

  public init(labels: String, count: Int) {
    self.labels = labels
    self.count = count
  }
}
