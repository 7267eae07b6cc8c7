/// `stackdiff trend`: each group's count over a series of snapshots.
public struct TrendRenderer: Sendable {
  public var style: TextStyle
  public var fullPaths: Bool
  public var top: Int?

  public init(style: TextStyle = .plain, fullPaths: Bool = false, top: Int? = 10) {
    self.style = style
    self.fullPaths = fullPaths
    self.top = top
  }

  static func arrowed(_ counts: [Int]) -> String { counts.map(String.init).joined(separator: " → ") }

  /// `strongest evidence: +1500 goroutines blocked in chan send, growing across 5 snapshots,
  /// 0 → 50 → 500 → 1000 → 1500 (+50, +450, +500, +500), at main.go:27 in sumInt, created by
  /// main.handler`: the sentence of a `diff` suspect, with the series.
  static func describeEvidence(_ finding: TrendFinding, report: TrendReport, fullPaths: Bool) -> String {
    describe(
      finding, label: "strongest evidence", span: "\(finding.counts.count) snapshots",
      dialect: report.dialect,
      formatWithoutStates: report.formatWithoutStates, fullPaths: fullPaths)
  }

  /// A finding's sentence: `label`, growth, wait, `growing across <span>`, series, site, routes.
  static func describe(
    _ finding: TrendFinding, label: String, span: String, dialect: any LanguageDialect,
    formatWithoutStates: DumpFormat?, fullPaths: Bool
  ) -> String {
    let group = finding.group
    let noun = finding.growth == 1 ? dialect.traceNoun.singular : dialect.traceNoun.plural
    let increments = finding.increments.map(GroupSummary.signed).joined(separator: ", ")
    var text = "\(label): \(GroupSummary.signed(finding.growth)) \(noun)"
    if let format = formatWithoutStates {
      text += " " + GroupSummary.waitPhrase(group.state, format: format)
    }
    text += ", growing across \(span), \(arrowed(finding.counts)) (\(increments))"
    if let minutes = finding.longestWaitMinutes, minutes > 0 {
      text += ", waiting up to \(minutes) \(minutes == 1 ? "minute" : "minutes")"
    }
    text += ", at \(GroupSummary.place(group, dialect: dialect, fullPaths: fullPaths))"
    text += GroupSummary.routesAndCreator(
      zip(finding.routes, finding.stacks).map { ($0, $1.growth) }, groups: finding.stacks.map(\.group))
    return text
  }

  public func text(_ report: TrendReport) -> String {
    var out = ""
    text(report) { out += $0 }
    return out
  }

  /// Writes the text report to `sink` in pieces as it is produced (`--all` may list every
  /// group of hundreds of thousands).
  public func text(_ report: TrendReport, to sink: @escaping (String) -> Void) {
    let dialect = report.dialect
    let noun = dialect.traceNoun
    var out = ChunkedText(sink: sink)
    out +=
      style.bold(
        "trend over \(GroupSummary.count(report.snapshots.count, "snapshot")): "
          + report.snapshots.map(DiffRenderer.name).joined(separator: " → ")) + "\n"
    out += "\(noun.plural) \(Self.arrowed(report.totals))\n"
    let reportable = report.series.filter { $0.noise == nil }
    if !report.findings.isEmpty {
      out += "\n"
      for finding in report.findings.prefix(top ?? report.findings.count) {
        out += style.boldRed(Self.describeEvidence(finding, report: report, fullPaths: fullPaths)) + "\n"
      }
    }
    let growing = reportable.filter { $0.kind == .growing }
    let shownGrowing = Array(growing.prefix(top ?? growing.count))
    let stack = StackTextFormatter(style: style, fullPaths: fullPaths)
    if growing.isEmpty {
      out += "\nno group grew\n"
    } else {
      out += "\n" + style.bold("Growing (\(growing.count))") + "\n"
      for series in shownGrowing {
        out += "\n" + growingHeadline(series) + "\n"
        out.append { stack.append(series.group, noun: noun, to: &$0) }
      }
    }
    for (kind, title) in Self.otherSections {
      let members = reportable.filter { $0.kind == kind }
      guard !members.isEmpty else { continue }
      out += "\n" + style.bold("\(title) (\(members.count))") + "\n"
      for series in members.prefix(top ?? members.count) {
        out += "  " + shortLine(series, dialect: dialect) + "\n"
      }
    }
    let stable = reportable.filter { $0.kind == .stable }
    if !stable.isEmpty {
      let traces = stable.reduce(0) { $0 + ($1.counts.last ?? 0) }
      out +=
        "\n"
        + style.dim(
          "stable: \(GroupSummary.count(stable.count, "group")), \(noun.count(traces))"
        )
        + "\n"
    }
    if !report.functions.isEmpty {
      let shown = report.functions.prefix(top ?? report.functions.count)
      let title =
        shown.count == report.functions.count
        ? "Functions in more \(noun.plural) (\(shown.count))"
        : "Functions in more \(noun.plural) (top \(shown.count) of \(report.functions.count))"
      out += "\n" + style.bold(title) + "\n"
      for function in shown {
        out +=
          "  " + Self.arrowed(function.counts) + "  " + GroupSummary.signed(function.growth) + "  "
          + function.function + "\n"
      }
    }
    out.flush()
  }

  /// `0 → 50 → 500 · steps +50 +450 · chan send · 1–3 minutes`: a growing group's line above
  /// its stack.
  func growingHeadline(_ series: TrendSeries) -> String {
    var parts = [style.bold(Self.arrowed(series.counts))]
    parts.append("steps " + series.netIncrements.map(GroupSummary.signed).joined(separator: " "))
    if let state = series.group.state { parts.append(style.yellow(state)) }
    if let wait = ShowRenderer.describeWait(series.group) { parts.append(wait) }
    if series.netCounts != series.counts { parts.append("net of members moved between states") }
    return parts.joined(separator: " · ")
  }

  /// `5 → 3 → 4 · select · main.go:12 in worker`: a group of the other sections.
  func shortLine(_ series: TrendSeries, dialect: any LanguageDialect) -> String {
    var line = Self.arrowed(series.counts)
    if let state = series.group.state { line += " · " + state }
    return line + " · " + GroupSummary.place(series.group, dialect: dialect, fullPaths: fullPaths)
  }

  /// The sections after the growing groups, in order, with their titles.
  static let otherSections: [(kind: TrendKind, title: String)] = [
    (.fluctuating, "Fluctuating"), (.shrinking, "Shrinking"), (.shifting, "Moved between states, not growth"),
  ]

  public func json(_ report: TrendReport) -> String {
    var out = ""
    json(report) { out += $0 }
    return out
  }

  /// Writes the JSON report to `sink` in pieces, as it is produced.
  public func json(_ report: TrendReport, to sink: @escaping (String) -> Void) {
    var json = JSONWriter(sink: sink)
    json.object { json in
      json.field("schemaVersion", 1)
      json.key("snapshots")
      json.array { json in
        for snapshot in report.snapshots { json.object { $0.snapshotSummary(snapshot) } }
      }
      json.field("totals", values: report.totals)
      json.key("groups")
      json.array { json in
        for series in report.series {
          json.object { json in
            json.field("series", values: series.counts)
            if series.netCounts != series.counts {
              json.field("netSeries", values: series.netCounts)
            }
            json.field("trend", series.kind.rawValue)
            json.field("strongestEvidence", series.isStrongestEvidence)
            if let noise = series.noise { json.field("noise", noise.rawValue) }
            json.groupFields(series.group)
          }
        }
      }
      json.key("findings")
      json.array { json in
        for finding in report.findings {
          json.object { json in
            json.field("message", Self.describeEvidence(finding, report: report, fullPaths: false))
            json.field("series", values: finding.counts)
            json.field("longestWaitMinutes", finding.longestWaitMinutes)
            json.key("stacks")
            json.array { json in
              for (position, stack) in finding.stacks.enumerated() {
                json.object { json in
                  if position < finding.routes.count { json.field("via", finding.routes[position]) }
                  json.field("series", values: stack.netCounts)
                  json.groupFields(stack.group)
                }
              }
            }
          }
        }
      }
      json.key("functions")
      json.array { json in
        for function in report.functions {
          json.object { json in
            json.field("function", function.function)
            json.field("series", values: function.counts)
            json.field("growth", function.growth)
          }
        }
      }
    }
    json.flush()
    sink("\n")
  }
}
