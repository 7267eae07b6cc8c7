/// Evaluates `stackdiff check` assertions against a dump and an optional baseline.
public enum Checker {
  public static func check(
    _ snapshot: Snapshot, baseline: Snapshot?, assertions: [Assertion], ignoring rules: IgnoreRules,
    mode: GroupingMode = .lines
  ) -> CheckReport {
    let (kept, ignoredBy) = rules.partition(snapshot)
    let ignoredCount = snapshot.total - kept.reduce(0) { $0 + $1.count }
    var filtered = snapshot
    filtered.groups = kept
    var filteredBaseline = baseline
    if let baseline { filteredBaseline?.groups = rules.filter(baseline) }
    let diff = filteredBaseline.map { Differ.diff(before: $0, after: filtered, mode: mode) }

    let results = assertions.map { assertion in
      evaluate(assertion, groups: kept, diff: diff, noun: snapshot.format.dialect.traceNoun)
    }
    var report = CheckReport(
      snapshot: snapshot, baseline: baseline, results: results, ignoredCount: ignoredCount)
    report.ignoredBy = ignoredBy
    report.shifts = diff?.shifts ?? []
    return report
  }

  private static func plural(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

  private static func asChanges(_ groups: [Group]) -> [GroupChange] {
    groups.map { GroupChange(before: 0, after: $0.count, group: $0, noise: nil) }
  }

  static func evaluate(_ assertion: Assertion, groups: [Group], diff: SnapshotDiff?, noun: TraceNoun)
    -> AssertionResult
  {
    func matching(_ pattern: FramePattern) -> [Group] { groups.filter(pattern.matches(anyFrameOf:)) }
    func total(_ groups: [Group]) -> Int { groups.reduce(0) { $0 + $1.count } }

    switch assertion {
    case .absent(let pattern):
      let found = matching(pattern)
      let n = total(found)
      return AssertionResult(
        assertion: assertion, passed: n == 0, matches: n, groups: asChanges(found),
        summary: n == 0
          ? "no \(noun.singular) matches" : "\(noun.count(n)) in \(plural(found.count, "group")) match")
    case .present(let pattern):
      let found = matching(pattern)
      let n = total(found)
      return AssertionResult(
        assertion: assertion, passed: n > 0, matches: n, groups: asChanges(found),
        summary: n == 0 ? "no \(noun.singular) matches" : "\(noun.count(n)) match")
    case .max(let pattern, let limit):
      let found = matching(pattern)
      let n = total(found)
      return AssertionResult(
        assertion: assertion, passed: n <= limit, matches: n, groups: asChanges(found),
        summary: "\(noun.count(n)) match, at most \(limit) allowed")
    case .maxTotal(let limit):
      let n = total(groups)
      return AssertionResult(
        assertion: assertion, passed: n <= limit, matches: n,
        groups: n <= limit ? [] : asChanges(groups),
        summary: "\(noun.count(n)) counted, at most \(limit) allowed")
    case .maxGrowth(let limit):
      // Net of state shifts: a worker moving from sleep to chan receive did not grow.
      let changes = (diff?.changes.filter { $0.noise == nil && $0.netDelta > 0 } ?? [])
        .sorted { $0.netDelta > $1.netDelta }
      let largest = changes.first?.netDelta ?? 0
      let offending = changes.filter { $0.netDelta > limit }
      return AssertionResult(
        assertion: assertion, passed: offending.isEmpty, matches: largest, groups: offending,
        summary: offending.isEmpty
          ? "largest growth \(GroupSummary.signed(largest)), at most +\(limit) allowed"
          : "\(plural(offending.count, "group")) grew by more than \(limit) (largest \(GroupSummary.signed(largest)))"
      )
    case .maxGrowthOf(let pattern, let limit):
      let changes = diff?.changes.filter { $0.noise == nil && pattern.matches(anyFrameOf: $0.group) } ?? []
      let growth = changes.reduce(0) { $0 + $1.netDelta }
      let before = changes.reduce(0) { $0 + $1.before }
      let after = changes.reduce(0) { $0 + $1.after }
      return AssertionResult(
        assertion: assertion, passed: growth <= limit, matches: growth,
        groups: changes.filter { $0.netDelta > 0 },
        summary:
          "matching \(noun.plural) \(before) → \(after) (\(GroupSummary.signed(growth))), at most +\(limit) allowed"
      )
    case .maxNewGroups(let limit):
      let new = diff?.changes.filter { $0.noise == nil && $0.isNew } ?? []
      return AssertionResult(
        assertion: assertion, passed: new.count <= limit, matches: new.count, groups: new,
        summary: "\(plural(new.count, "new group")), at most \(limit) allowed")
    }
  }
}
