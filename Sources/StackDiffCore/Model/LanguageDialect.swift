/// A language's rules, which analysis and rendering apply without naming the language: which
/// frames are the runtime's, where user code starts, what blocks, what is noise, what traces
/// are called. A format chooses its dialect; everything past parsing asks the dialect.
public protocol LanguageDialect: Sendable {
  /// A short identifier: `go`, `swift`.
  var name: String { get }
  /// What reports call one trace of this language's dumps.
  var traceNoun: TraceNoun { get }
  /// Stacks this deep may have been cut by the runtime without a marker; nil when the
  /// language's dumps always say so.
  var possiblyCutDepth: Int? { get }
  /// Rules `check` applies unless `--no-default-ignores`: the traces every program has.
  var defaultIgnores: [IgnoreRule] { get }

  /// Sets a frame's `origin` and `isHidden` when it is first read.
  func classify(_ frame: inout Frame, in layout: ProgramLayout)
  /// Learns what `frame` reveals about the program's layout; true when `layout` changed (the
  /// frames read before are then classified again).
  func learn(from frame: Frame, into layout: inout ProgramLayout) -> Bool
  /// Whether a trace in `state` waits for something that may never happen.
  func isBlocked(state: String) -> Bool
  /// How a suspect's state reads after its count: `blocked in chan receive`, `suspended`.
  func blockedPhrase(state: String) -> String
  /// Why a group's count changes without anything leaking, or nil when it may leak.
  func noise(of group: Group) -> GrowthNoise?
  /// For formats whose first trace may be the one taking the dump: whether the group of a
  /// dump's first trace did.
  func tookDump(firstGroup: Group) -> Bool
  /// A function's name without its package or module, for one-line summaries.
  func shortName(of function: String) -> String
  /// The frame every stack of a full traceback ends in (Go's `runtime.goexit`).
  func isStackRoot(_ frame: Frame) -> Bool
  /// A compiler-made frame for the statement that started the trace, shown only in full
  /// tracebacks, just above the stack root.
  func isSpawnWrapper(_ frame: Frame, creator: Frame) -> Bool
  /// What a reader of `group` must be told, if anything.
  func caveat(of group: Group) -> GroupCaveat?
  /// Whether a dump with these events was taken by a signal sent from outside (SIGQUIT,
  /// SIGTERM) rather than by a crash: its "crashed" trace is only where the signal landed.
  func crashIsDumpSignal(events: [String]) -> Bool
  /// Whether a dump line that shows these bytes as a function's name names this function, so a
  /// parser may recognize a frame it saw before by comparing bytes: false where the dumps
  /// encode names (Go's `%XX`) or where a line could not show the name as it is.
  func showsAsIs(functionName: ByteSlice) -> Bool
}

extension LanguageDialect {
  public func learn(from frame: Frame, into layout: inout ProgramLayout) -> Bool { false }
  public func tookDump(firstGroup: Group) -> Bool { false }
  public func isStackRoot(_ frame: Frame) -> Bool { false }
  public func isSpawnWrapper(_ frame: Frame, creator: Frame) -> Bool { false }
  public func caveat(of group: Group) -> GroupCaveat? { nil }
  public func crashIsDumpSignal(events: [String]) -> Bool { false }
  public func blockedPhrase(state: String) -> String { "blocked in \(state)" }
  public func showsAsIs(functionName: ByteSlice) -> Bool { true }
}
