/// What a diff report shows, section by section. Computed once from a diff and the limits, and
/// rendered by each report format, so text and Markdown always agree on what goes where.
public struct DiffSections: Sendable {
  public var diff: SnapshotDiff
  public var minimumDelta: Int
  /// What the report calls a trace.
  public var noun: TraceNoun
  public var suspects: ReportSection<Suspect>
  /// Sites that grew by a request or two in stacks already there: not suspects.
  public var smallChanges: ReportSection<Suspect>
  /// Groups that grew by `minimumDelta` or more, with their stacks.
  public var growing: ReportSection<GroupChange>
  /// New groups not already shown under growing.
  public var alsoNew: ReportSection<GroupChange>
  public var shrinking: ReportSection<GroupChange>
  public var vanished: ReportSection<GroupChange>
  /// Members that moved between states of the same stack: not growth.
  public var shifts: ReportSection<StateShift>
  /// Traces whose count changed without meaning a leak, by kind, before and after.
  public var noise: [NoiseTotal]
  /// Functions found in more traces than before.
  public var functions: ReportSection<FunctionChange>

  public struct NoiseTotal: Sendable {
    public var kind: GrowthNoise
    public var before: Int
    public var after: Int
  }

  public init(_ diff: SnapshotDiff, minimumDelta: Int, top: Int?) {
    self.diff = diff
    self.minimumDelta = minimumDelta
    noun = diff.dialect.traceNoun
    suspects = ReportSection(diff.suspects, top: top)
    smallChanges = ReportSection(diff.smallChanges, top: top)
    // Positions, not changes: a diff of many distinct stacks holds hundreds of thousands of
    // changes, and copying one retains its whole group.
    let changes = diff.changes
    let reportable = changes.indices.filter { changes[$0].noise == nil }
    let growingIndices = reportable.filter { changes[$0].netDelta >= minimumDelta }
    growing = ReportSection(indices: growingIndices, of: changes, top: top)
    let shownGrowing = Set(growingIndices.prefix(growing.shown.count))
    alsoNew = ReportSection(
      indices: reportable.filter { !shownGrowing.contains($0) && changes[$0].isNew }, of: changes, top: top)
    // Shrinking and vanished by net change, so members that only changed state are not listed.
    let shrinkingIndices = reportable.filter {
      changes[$0].kind == .shrunk && -changes[$0].netDelta >= minimumDelta
    }
    shrinking = ReportSection(
      shrinkingIndices.map { changes[$0] }, top: top, orderedBy: Self.shrinksMore,
      isConsistent: Self.ordersConsistently(shrinkingIndices, of: changes))
    let vanishedIndices = reportable.filter {
      changes[$0].kind == .vanished && -changes[$0].netDelta >= minimumDelta
    }
    vanished = ReportSection(
      vanishedIndices.map { changes[$0] }, top: top, orderedBy: Self.shrinksMore,
      isConsistent: Self.ordersConsistently(vanishedIndices, of: changes))
    shifts = ReportSection(diff.shifts, top: top)
    let noisy = changes.indices.filter { changes[$0].noise != nil && changes[$0].delta != 0 }
    noise = [GrowthNoise.runtime, .dumpTaker, .crashed].compactMap { kind in
      let members = noisy.filter { changes[$0].noise == kind }
      guard !members.isEmpty else { return nil }
      return NoiseTotal(
        kind: kind, before: members.reduce(0) { $0 + changes[$1].before },
        after: members.reduce(0) { $0 + changes[$1].after })
    }
    let functionChanges = Differ.functionChanges(changes, minimumNetDelta: minimumDelta, top: top)
    functions = ReportSection(shown: functionChanges.shown, total: functionChanges.total)
  }

  /// Whether `shrinksMore` is a consistent order on the changes at `indices`: it ends in the
  /// stack order, which is not for a stack without frames or a name outside ASCII.
  static func ordersConsistently(_ indices: [Int], of changes: [GroupChange]) -> Bool {
    indices.allSatisfy { ASCIIOrder.isConsistent(for: changes[$0].group) }
  }

  /// Largest net decrease first; ties in the diff's order.
  static func shrinksMore(_ a: GroupChange, _ b: GroupChange) -> Bool {
    a.netDelta != b.netDelta ? a.netDelta < b.netDelta : Differ.isOrderedBefore(a, b)
  }
}
