/// One goroutine (later also a thread or task) as the dump shows it.
///
/// The parser folds traces into groups as it reads; `Trace` values are materialized only when a
/// caller asks for them (`DumpReader.Options.keepTraces`), so memory follows distinct stacks.
public struct Trace: Equatable, Sendable {
  public var id: Int?
  /// The thread's name with digits folded (`sem-waiter-#`), for formats that print one.
  public var name: String?
  /// The thread that crashed, or that the dump signal landed on.
  public var isCrashed: Bool
  /// Wait reason or status (`chan receive`, `GC worker (idle)`); nil when the format has none.
  public var state: String?
  public var waitMinutes: Int?
  public var isLockedToThread: Bool
  /// The state carried ` (leaked)`: the runtime's leak detector (Go 1.26+) found this goroutine.
  public var isLeaked: Bool
  /// Labels as printed (`{"k": "v"}`), or nil.
  public var labels: String?
  /// Innermost first.
  public var frames: [Frame]
  public var createdBy: Frame?
  /// Go 1.21+: `created by F in goroutine N`.
  public var creatorID: Int?
  public var elision: Elision
  /// `goroutine running on other thread; stack unavailable`.
  public var isStackUnavailable: Bool
  /// `GODEBUG=tracebackancestors=N` stacks of the creating goroutines, nearest first.
  public var ancestors: [Ancestor]
  /// Header attributes that are neither state nor wait nor lock (`synctest bubble 1`).
  public var attributes: [String]
  /// How many goroutines this record stands for (pprof debug=1/debug=0 records; 1 otherwise).
  public var multiplicity: Int

  public init(
    id: Int? = nil, name: String? = nil, isCrashed: Bool = false, state: String? = nil,
    waitMinutes: Int? = nil, isLockedToThread: Bool = false,
    isLeaked: Bool = false,
    labels: String? = nil, frames: [Frame] = [], createdBy: Frame? = nil, creatorID: Int? = nil,
    elision: Elision = .none, isStackUnavailable: Bool = false, ancestors: [Ancestor] = [],
    attributes: [String] = [], multiplicity: Int = 1
  ) {
    self.id = id
    self.name = name
    self.isCrashed = isCrashed
    self.state = state
    self.waitMinutes = waitMinutes
    self.isLockedToThread = isLockedToThread
    self.isLeaked = isLeaked
    self.labels = labels
    self.frames = frames
    self.createdBy = createdBy
    self.creatorID = creatorID
    self.elision = elision
    self.isStackUnavailable = isStackUnavailable
    self.ancestors = ancestors
    self.attributes = attributes
    self.multiplicity = multiplicity
  }
}

/// Whether the runtime cut the stack it printed.
public enum Elision: Hashable, Sendable {
  case none
  /// `...additional frames elided...` (Go ≤1.20): frames beyond the first 100 are missing.
  case trailing
  /// `...N frames elided...` (Go 1.21+): N frames between the innermost and outermost 50.
  case middle(count: Int, at: Int)

  public var isElided: Bool { self != .none }
}

/// One way the members of a group came to be: their creators' stacks, and how many members.
public struct Ancestry: Equatable, Sendable {
  public var ancestors: [Ancestor]
  public var count: Int

  public init(ancestors: [Ancestor], count: Int) {
    self.ancestors = ancestors
    self.count = count
  }

  /// The same creators at the same places, whatever their goroutine ids.
  func isSame(as other: Ancestry) -> Bool {
    ancestors.count == other.ancestors.count
      && zip(ancestors, other.ancestors).allSatisfy { $0.frames == $1.frames && $0.createdBy == $1.createdBy }
  }
}

/// A creating goroutine's stack as recorded when it ran the `go` statement.
public struct Ancestor: Equatable, Sendable {
  public var id: Int
  public var frames: [Frame]
  public var createdBy: Frame?

  public init(id: Int, frames: [Frame], createdBy: Frame?) {
    self.id = id
    self.frames = frames
    self.createdBy = createdBy
  }
}
