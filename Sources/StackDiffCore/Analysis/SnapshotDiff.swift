/// One group matched across two snapshots.
public struct GroupChange: Equatable, Sendable {
  public var before: Int
  public var after: Int
  /// The change of this group's count.
  public var delta: Int { after - before }
  /// Of the increase, members that came from another state of the same stack (a state shift).
  public var movedIn = 0
  /// Of the decrease, members that went to another state of the same stack.
  public var movedOut = 0
  /// The change without state shifts: what grows or shrinks.
  public var netDelta: Int { delta - movedIn + movedOut }
  /// The group as the after snapshot has it, or the before snapshot's when it vanished.
  public var group: Group
  /// Created only by taking the dump; never reported as growth.
  public var noise: GrowthNoise?

  public init(before: Int, after: Int, group: Group, noise: GrowthNoise?) {
    self.before = before
    self.after = after
    self.group = group
    self.noise = noise
  }

  /// A group that was not there before and grew, not only by members changing state.
  public var isNew: Bool { before == 0 && netDelta > 0 }

  public enum Kind: String, Sendable { case new, vanished, grown, shrunk, unchanged }

  public var kind: Kind {
    if before == 0 { return .new }
    if after == 0 { return .vanished }
    if after > before { return .grown }
    if after < before { return .shrunk }
    return .unchanged
  }
}

/// How many traces contain a function, before and after (a recursive function counts once).
public struct FunctionChange: Equatable, Sendable {
  public var function: String
  public var before: Int
  public var after: Int
  public var delta: Int { after - before }
  /// The change without members that only moved between states of a stack.
  public var netDelta: Int
  public var isUserCode: Bool

  public init(function: String, before: Int, after: Int, netDelta: Int, isUserCode: Bool) {
    self.function = function
    self.before = before
    self.after = after
    self.netDelta = netDelta
    self.isUserCode = isUserCode
  }

  /// By net delta (see `GrowthOrder`), then name.
  static func isOrderedBefore(_ a: FunctionChange, _ b: FunctionChange) -> Bool {
    GrowthOrder.isBefore(a.netDelta, userCode: a.isUserCode, b.netDelta, userCode: b.isUserCode)
      ?? (StringOrder.compare(a.function, b.function) < 0)
  }
}

/// A leaking site: growing groups, blocked, at the same frame in user code. One leak reached
/// through several routes is one suspect with the deltas summed.
public struct Suspect: Equatable, Sendable {
  /// The largest member: its site, state and stack name the finding.
  public var change: GroupChange { stacks[0].change }
  /// Every growing stack at this site, largest first, with what tells it apart from the others.
  public var stacks: [Route]
  /// The site's net growth: its growing stacks' net deltas, less what its other stacks lost
  /// (`--group-by exact` splits one site by argument values).
  public var delta: Int
  /// Longest wait in the after snapshot, in minutes, when the dump prints waits.
  public var longestWaitMinutes: Int?
  /// Set when the state is unknown (pprof formats) and was not used to decide.
  public var stateIsUnknown: Bool

  /// One stack of a suspect and the caller (or creator) by which it reaches the site.
  public struct Route: Equatable, Sendable {
    public var change: GroupChange
    /// `pollA`, or nil when the suspect has a single stack.
    public var via: String?
  }
}

/// The comparison of two snapshots.
public struct SnapshotDiff: Sendable {
  public var before: Snapshot
  public var after: Snapshot
  /// Every matched group in `Differ.isOrderedBefore` order: by net delta (see `GrowthOrder`),
  /// then after count (descending), then stack; those of net delta 0 in the order the diff met
  /// them when it was made with `ChangeOrdering.moving`.
  public var changes: [GroupChange]
  /// Per function, the traces containing it before and after: by net delta (see
  /// `GrowthOrder`), then name. Tallied over every change on each read; a report that shows
  /// only growth asks `functions(growingBy:)`, which tallies only what grew.
  public var functions: [FunctionChange] { Differ.functionChanges(changes) }
  /// Strongest first.
  public var suspects: [Suspect]
  /// Sites that would be suspects but grew by a request or two in stacks that were already
  /// there, none waiting for minutes: what a busy service's snapshots look like.
  public var smallChanges: [Suspect] = []
  /// Members that moved between states of the same stack, largest first.
  public var shifts: [StateShift] = []
  public var key: ComparisonKey

  /// The format a stateless suspect is blamed on (a pprof side), else the after snapshot's.
  public var formatWithoutStates: DumpFormat {
    before.format.capabilities.hasStates ? after.format : before.format
  }

  /// The language's rules for this comparison: the after snapshot's.
  public var dialect: any LanguageDialect { after.format.dialect }

  /// The functions whose net delta is at least `minimumNetDelta`, in `functions` order.
  public func functions(growingBy minimumNetDelta: Int) -> [FunctionChange] {
    Differ.functionChanges(changes, minimumNetDelta: minimumNetDelta)
  }

  /// Traces in the after snapshot minus the before snapshot.
  public var totalDelta: Int { after.total - before.total }
}
