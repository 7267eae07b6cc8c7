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

  static func describeEvidence(_ series: TrendSeries, dialect: any LanguageDialect, fullPaths: Bool) -> String
  {
    let increments = series.increments.map(GroupSummary.signed).joined(separator: ", ")
    var text =
      "strongest evidence: growing across \(series.counts.count) snapshots, \(arrowed(series.counts)) (\(increments))"
    if let state = series.group.state { text += " in \(state)" }
    text += " at \(GroupSummary.place(series.group, dialect: dialect, fullPaths: fullPaths))"
    if let creator = series.group.createdBy { text += ", created by \(creator.function)" }
    return text
  }

  public func text(_ report: TrendReport) -> String {
    let dialect = report.dialect
    let noun = dialect.traceNoun
    var out =
      style.bold(
        "trend over \(report.snapshots.count) snapshots: "
          + report.snapshots.map(DiffRenderer.name).joined(separator: " → ")) + "\n"
    out += "\(noun.plural) \(Self.arrowed(report.totals))\n"
    let reportable = report.series.filter { $0.noise == nil }
    let evidence = reportable.filter(\.isStrongestEvidence)
    if !evidence.isEmpty {
      out += "\n"
      for series in evidence.prefix(top ?? evidence.count) {
        out += style.boldRed(Self.describeEvidence(series, dialect: dialect, fullPaths: fullPaths)) + "\n"
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
        var parts = [style.bold(Self.arrowed(series.counts))]
        parts.append("steps " + series.increments.map(GroupSummary.signed).joined(separator: " "))
        if let state = series.group.state { parts.append(style.yellow(state)) }
        if let wait = ShowRenderer.describeWait(series.group) { parts.append(wait) }
        out += "\n" + parts.joined(separator: " · ") + "\n"
        for line in stack.lines(for: series.group, noun: noun) { out += line + "\n" }
      }
    }
    for kind in [TrendKind.fluctuating, .shrinking] {
      let members = reportable.filter { $0.kind == kind }
      guard !members.isEmpty else { continue }
      let title = kind == .fluctuating ? "Fluctuating" : "Shrinking"
      out += "\n" + style.bold("\(title) (\(members.count))") + "\n"
      for series in members.prefix(top ?? members.count) {
        var line = "  " + Self.arrowed(series.counts)
        if let state = series.group.state { line += " · " + state }
        out += line + " · " + GroupSummary.place(series.group, dialect: dialect, fullPaths: fullPaths) + "\n"
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
    return out
  }

  public func json(_ report: TrendReport) -> String {
    var json = JSONWriter()
    json.object { json in
      json.field("schemaVersion", 1)
      json.key("snapshots")
      json.array { json in
        for snapshot in report.snapshots { json.object { $0.snapshotSummary(snapshot) } }
      }
      json.key("totals")
      json.array { json in
        for total in report.totals { json.value(total) }
      }
      json.key("groups")
      json.array { json in
        for series in report.series {
          json.object { json in
            json.key("series")
            json.array { json in
              for count in series.counts { json.value(count) }
            }
            json.field("trend", series.kind.rawValue)
            json.field("strongestEvidence", series.isStrongestEvidence)
            if let noise = series.noise { json.field("noise", noise.rawValue) }
            json.groupFields(series.group)
          }
        }
      }
    }
    return json.output + "\n"
  }
}
