/// The lines `stackdiff watch` prints as it goes: one per poll, and one per site the moment it
/// becomes a suspect. The report at the end is `trend`'s (`TrendRenderer`).
public struct WatchRenderer: Sendable {
  public var style: TextStyle
  public var fullPaths: Bool

  public init(style: TextStyle = .plain, fullPaths: Bool = false) {
    self.style = style
    self.fullPaths = fullPaths
  }

  /// `poll 3  10:42:07  goroutines 503 (+450)  growing since poll 1: 1 group (+500)`; the first
  /// poll has no change to tell. `polls` gives each snapshot's poll number.
  public func pollLine(_ step: LiveTrend.Step, polls: [Int], time: String, trend: LiveTrend) -> String {
    let poll = polls[step.position]
    var line = "poll \(poll)  \(time)  \(trend.dialect.traceNoun.plural) \(step.total)"
    guard let previous = step.previousTotal else { return line }
    line += " (\(GroupSummary.signed(step.total - previous)))"
    line += "  growing since poll \(polls[step.windowStart]): "
    line +=
      step.growingGroups == 0
      ? "none" : "\(GroupSummary.count(step.growingGroups, "group")) (\(GroupSummary.signed(step.growth)))"
    return line
  }

  /// `suspect: +500 goroutines blocked in chan send, growing across polls 1–3, 0 → 50 → 500
  /// (+50, +450), at main.go:27 in sumInt, created by main.sumHandler`: trend's sentence for its
  /// strongest evidence, over the polls that made the site a suspect.
  public func suspectLine(_ finding: TrendFinding, step: LiveTrend.Step, polls: [Int], trend: LiveTrend)
    -> String
  {
    let span = "polls \(polls[step.firstPosition(of: finding)])–\(polls[step.position])"
    return style.boldRed(
      TrendRenderer.describe(
        finding, label: "suspect", span: span, dialect: trend.dialect,
        formatWithoutStates: trend.formatWithoutStates, fullPaths: fullPaths))
  }
}
