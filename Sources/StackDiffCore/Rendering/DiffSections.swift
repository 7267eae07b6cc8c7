/// What a diff report shows, section by section. Computed once from a diff and the limits, and
/// rendered by each report format, so text and Markdown always agree on what goes where.
public struct DiffSections: Sendable {
  public var diff: SnapshotDiff
  public var minimumDelta: Int
  /// What the report calls a trace.
  public var noun: TraceNoun
  public var suspects: ReportSection<Suspect>
  /// Groups that grew by `minimumDelta` or more, with their stacks.
  public var growing: ReportSection<GroupChange>
  /// New groups not already shown under growing.
  public var alsoNew: ReportSection<GroupChange>
  public var shrinking: ReportSection<GroupChange>
  public var vanished: ReportSection<GroupChange>
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
    let reportable = diff.changes.filter { $0.noise == nil }
    let growingChanges = reportable.filter { $0.delta >= minimumDelta }
    growing = ReportSection(growingChanges, top: top)
    // Growing groups come first in `reportable`, so the shown ones are its first entries.
    alsoNew = ReportSection(reportable.dropFirst(growing.shown.count).filter { $0.kind == .new }, top: top)
    shrinking = ReportSection(
      reportable.filter { $0.kind == .shrunk && -$0.delta >= minimumDelta }.sorted { $0.delta < $1.delta },
      top: top)
    vanished = ReportSection(
      reportable.filter { $0.kind == .vanished && -$0.delta >= minimumDelta }.sorted { $0.delta < $1.delta },
      top: top)
    let noisy = diff.changes.filter { $0.noise != nil && $0.delta != 0 }
    noise = [GrowthNoise.runtime, .dumpTaker, .crashed].compactMap { kind in
      let members = noisy.filter { $0.noise == kind }
      guard !members.isEmpty else { return nil }
      return NoiseTotal(
        kind: kind, before: members.reduce(0) { $0 + $1.before }, after: members.reduce(0) { $0 + $1.after })
    }
    functions = ReportSection(diff.functions.filter { $0.delta >= minimumDelta }, top: top)
  }
}
