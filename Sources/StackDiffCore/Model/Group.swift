/// Traces that share a grouping key: same state, same frames, same creator.
public struct Group: Equatable, Sendable {
  public var count: Int
  public var state: String?
  /// Innermost first.
  public var frames: [Frame]
  public var createdBy: Frame?
  public var elision: Elision
  public var isStackUnavailable: Bool
  /// Smallest and largest `N minutes` among members that print one.
  public var waitMinutes: ClosedRange<Int>?
  /// Members that print a wait time; the others waited less than a GC cycle or so.
  public var waitingCount: Int
  public var lockedCount: Int
  /// Members the runtime's leak detector marked ` (leaked)` (Go 1.26+ goroutine leak profile).
  public var leakedCount = 0
  /// Distinct label sets with their member counts, in first-seen order (at most
  /// `maximumLabelSets`; members with further sets are counted in `unlistedLabelCount`).
  public var labels: [LabelCount]
  /// Members whose label set is not listed: one label set per request would otherwise make
  /// memory grow with the input instead of with distinct stacks.
  public var unlistedLabelCount = 0
  /// Thread names of the members with digits folded (`sem-waiter-#`), with counts, first seen
  /// first (at most `maximumLabelSets`; further members in `unlistedNameCount`).
  public var names: [NameCount] = []
  public var unlistedNameCount = 0
  /// Members that crashed or took the dump signal (a group holds all or none of them).
  public var crashedCount = 0
  /// In a merged snapshot (`--merge`), how many of its dumps hold this group; nil otherwise.
  public var dumpCount: Int?
  /// What the dialect says a reader must know about this group.
  public var caveat: GroupCaveat?
  /// Goroutine ids of the first few members, in input order.
  public var sampleIDs: [Int]
  /// The oldest and newest member ids: which members existed before another snapshot.
  public var memberAge = MemberAge()
  /// Ancestor stacks of the first member.
  public var ancestors: [Ancestor]
  /// Every distinct ancestry of the members (by frames, not ids) with its count, first seen
  /// first, at most `maximumAncestries`; `ancestors` is the first. Empty without ancestors.
  public var ancestries: [Ancestry] = []
  /// The first trace of a dump that is not a crash, in formats that print the dump taker first
  /// (`runtime.Stack`, debug=2), when the dialect agrees it took the dump.
  public var isDumpTaker = false

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
    self.count = count
    self.state = state
    self.frames = frames
    self.createdBy = createdBy
    self.elision = elision
    self.isStackUnavailable = isStackUnavailable
    self.waitMinutes = waitMinutes
    self.waitingCount = waitingCount
    self.lockedCount = lockedCount
    self.leakedCount = leakedCount
    self.crashedCount = crashedCount
    self.names = names
    self.unlistedNameCount = unlistedNameCount
    self.labels = labels
    self.unlistedLabelCount = unlistedLabelCount
    self.sampleIDs = sampleIDs
    self.ancestors = ancestries.first?.ancestors ?? ancestors
    self.ancestries = ancestries
  }

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
