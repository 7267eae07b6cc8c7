/// `stackdiff trend --format html`: the text report's findings and sections with a sparkline
/// per series, a flame graph of the last dump coloured by growth since the first, a bar chart
/// of the growing groups first and last, and collapsible stacks.
public struct TrendHTMLRenderer: Sendable {
  public var fullPaths: Bool
  /// Most groups (and functions) per section; nil for all, up to the page's limit.
  public var top: Int?

  public init(fullPaths: Bool = false, top: Int? = 10) {
    self.fullPaths = fullPaths
    self.top = top
  }

  public func html(_ report: TrendReport) -> String {
    let dialect = report.dialect
    let noun = dialect.traceNoun
    let lines = TrendRenderer(style: .plain, fullPaths: fullPaths, top: top)
    let names = report.snapshots.map(DiffRenderer.name)
    let title = "trend over \(report.snapshots.count) snapshots: " + names.joined(separator: " → ")
    var page = HTMLPage(title: title)
    page.header.element("h1", text: title)
    page.header.element("p", class: "totals") { html in
      html.text("\(noun.plural) \(TrendRenderer.arrowed(report.totals))")
      HTMLSparkline.append(report.totals, to: &html)
    }

    let reportable = report.series.filter { $0.noise == nil }
    let limit = min(top ?? Int.max, HTMLLimits.groupsPerSection)
    // As the text report's sections: `--top` per section, titled `Growing (top 10 of 12)` when
    // cut; the page lists at most its own limit of those.
    var sections: [(title: String, members: [(TrendSeries, String)], unlisted: Int)] = []
    for (kind, name) in [(TrendKind.growing, "Growing")] + TrendRenderer.otherSections {
      let section = ReportSection(reportable.filter { $0.kind == kind }, top: top)
      guard kind == .growing || !section.isEmpty else { continue }
      let members = section.shown.prefix(HTMLLimits.groupsPerSection).map { ($0, page.nextGroupID()) }
      sections.append((section.title(name), members, section.shown.count - members.count))
    }
    let listed = sections.flatMap(\.members)

    page.body.element("section", class: "summary", [("id", "summary")]) { html in
      let findings = report.findings.prefix(limit)
      html.element("h2", text: "Strongest evidence")
      if findings.isEmpty {
        html.element("p", class: "none", text: "No group grew at two steps or more, blocked in your code.")
      }
      html.element("ul", class: "findings") { html in
        for finding in findings {
          html.element("li", class: "evidence") { html in
            html.text(TrendRenderer.describeEvidence(finding, report: report, fullPaths: fullPaths))
            HTMLSparkline.append(finding.counts, to: &html)
            if let id = listed.first(where: { $0.0 == finding.stacks.first })?.1 {
              html.element("a", [("href", "#" + id), ("data-group", id)], text: "stack")
            }
          }
        }
      }
    }
    // Only `--all` can list more than the page holds.
    page.appendMore(min(top ?? Int.max, report.findings.count) - limit, what: "findings")

    let last = names.last ?? ""
    page.appendFlameGraph(
      HTMLFlameGraph(
        graph: FlameGraph(
          report.series.map {
            FlameGraph.Item(
              path: StackPath($0.group), after: $0.counts.last ?? 0, before: $0.counts.first ?? 0)
          }),
        dialect: dialect, isDifferential: true),
      title: "Flame graph of \(last)",
      legend:
        "Each frame is as wide as the \(noun.plural) in \(last) that pass through it, outermost at the top. Red grew since \(names.first ?? ""), blue shrank, grey did not change; the deeper the colour, the larger the change. Click a frame to zoom in, hover for counts.",
      noun: noun)

    let charted = listed.prefix(HTMLLimits.bars)
    if !charted.isEmpty {
      page.body.element("h2", text: "First and last snapshot")
      let labels = HTMLBarChart.labels(charted.map(\.0.group), dialect: dialect, fullPaths: fullPaths)
      HTMLBarChart.append(
        zip(charted, labels).map { listed, label in
          HTMLBarChart.Bar(
            groupID: listed.1, label: label, before: listed.0.counts.first ?? 0,
            after: listed.0.counts.last ?? 0)
        }, afterTitle: last, beforeTitle: names.first ?? "", to: &page.body)
    }

    for (position, section) in sections.enumerated() {
      page.body.element("h2", text: section.title)
      if section.members.isEmpty { page.body.element("p", class: "none", text: "no group grew") }
      for (index, (series, id)) in section.members.enumerated() {
        page.appendStack(
          id: id, isOpen: position == 0 && index < HTMLLimits.openStacks, group: series.group, noun: noun,
          fullPaths: fullPaths
        ) { html in
          html.element(
            "span", class: "headline",
            text: position == 0 ? lines.growingHeadline(series) : lines.shortLine(series, dialect: dialect))
          HTMLSparkline.append(series.counts, to: &html)
          if position == 0 {
            html.element(
              "span", class: "place",
              text: GroupSummary.place(series.group, dialect: dialect, fullPaths: fullPaths))
          }
        }
      }
      page.appendMore(section.unlisted, what: "groups")
    }

    let stable = reportable.filter { $0.kind == .stable }
    if !stable.isEmpty {
      let traces = stable.reduce(0) { $0 + ($1.counts.last ?? 0) }
      page.body.element(
        "p", class: "noise",
        text: "stable: \(GroupSummary.count(stable.count, "group")), \(noun.count(traces))")
    }
    appendFunctions(report, noun: noun, limit: limit, to: &page.body)
    page.appendMore(min(top ?? Int.max, report.functions.count) - limit, what: "functions")
    return page.document()
  }

  private func appendFunctions(_ report: TrendReport, noun: TraceNoun, limit: Int, to html: inout HTMLWriter)
  {
    guard !report.functions.isEmpty else { return }
    let shown = report.functions.prefix(limit)
    html.element(
      "h2",
      text: shown.count == report.functions.count
        ? "Functions in more \(noun.plural) (\(shown.count))"
        : "Functions in more \(noun.plural) (top \(shown.count) of \(report.functions.count))")
    html.element("table", class: "functions") { html in
      html.raw(
        "<thead><tr><th>series</th><th></th><th>growth</th><th class=\"fn\">function</th></tr></thead><tbody>"
      )
      for function in shown {
        html.element("tr", class: "filterable") { html in
          html.element("td", text: TrendRenderer.arrowed(function.counts))
          html.element("td") { HTMLSparkline.append(function.counts, to: &$0) }
          html.element("td", text: GroupSummary.signed(function.growth))
          html.element("td", class: "fn", text: function.function)
        }
      }
      html.raw("</tbody>")
    }
  }
}
