/// One group matched across two snapshots.
public struct GroupChange: Equatable, Sendable {
  public var before: Int
  public var after: Int
  public var delta: Int { after - before }
  /// The group as the after snapshot has it, or the before snapshot's when it vanished.
  public var group: Group
  /// Created only by taking the dump; never reported as growth.
  public var noise: GrowthNoise?

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
}

/// A growing group that looks like a leak: blocked, in user code, growing.
public struct Suspect: Equatable, Sendable {
  public var change: GroupChange
  /// Longest wait in the after snapshot, in minutes, when the dump prints waits.
  public var longestWaitMinutes: Int?
  /// Set when the state is unknown (pprof formats) and was not used to decide.
  public var stateIsUnknown: Bool
}

/// The comparison of two snapshots.
public struct SnapshotDiff: Sendable {
  public var before: Snapshot
  public var after: Snapshot
  /// Every matched group, by delta (descending), then after count (descending), then stack.
  public var changes: [GroupChange]
  /// By delta (descending), then name.
  public var functions: [FunctionChange]
  /// Strongest first.
  public var suspects: [Suspect]
  public var key: ComparisonKey

  /// The format a stateless suspect is blamed on (a pprof side), else the after snapshot's.
  public var formatWithoutStates: DumpFormat {
    before.format.capabilities.hasStates ? after.format : before.format
  }

  /// The language's rules for this comparison: the after snapshot's.
  public var dialect: any LanguageDialect { after.format.dialect }

  /// Traces in the after snapshot minus the before snapshot.
  public var totalDelta: Int { after.total - before.total }
}
