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
    let reportable = diff.changes.filter { $0.noise == nil }
    let growingIndices = reportable.indices.filter { reportable[$0].netDelta >= minimumDelta }
    growing = ReportSection(growingIndices.map { reportable[$0] }, top: top)
    let shownGrowing = Set(growingIndices.prefix(growing.shown.count))
    alsoNew = ReportSection(
      reportable.indices.filter { !shownGrowing.contains($0) && reportable[$0].isNew }.map { reportable[$0] },
      top: top)
    // Shrinking and vanished by net change, so members that only changed state are not listed.
    shrinking = ReportSection(
      reportable.filter { $0.kind == .shrunk && -$0.netDelta >= minimumDelta }.sorted(by: Self.shrinksMore),
      top: top)
    vanished = ReportSection(
      reportable.filter { $0.kind == .vanished && -$0.netDelta >= minimumDelta }.sorted(by: Self.shrinksMore),
      top: top)
    shifts = ReportSection(diff.shifts, top: top)
    let noisy = diff.changes.filter { $0.noise != nil && $0.delta != 0 }
    noise = [GrowthNoise.runtime, .dumpTaker, .crashed].compactMap { kind in
      let members = noisy.filter { $0.noise == kind }
      guard !members.isEmpty else { return nil }
      return NoiseTotal(
        kind: kind, before: members.reduce(0) { $0 + $1.before }, after: members.reduce(0) { $0 + $1.after })
    }
    functions = ReportSection(diff.functions.filter { $0.netDelta >= minimumDelta }, top: top)
  }

  /// Largest net decrease first; ties in the diff's order.
  private static func shrinksMore(_ a: GroupChange, _ b: GroupChange) -> Bool {
    a.netDelta != b.netDelta ? a.netDelta < b.netDelta : Differ.isOrderedBefore(a, b)
  }
}
