/// `stackdiff diff --format html`: the text report's sections, from the same `DiffSections`,
/// with a differential flame graph of the after dump, a before/after bar chart and
/// collapsible stacks.
public struct DiffHTMLRenderer: Sendable {
  public var fullPaths: Bool
  public var limits: DiffRenderer.Limits

  public init(fullPaths: Bool = false, limits: DiffRenderer.Limits = DiffRenderer.Limits()) {
    self.fullPaths = fullPaths
    self.limits = limits
  }

  public func html(_ diff: SnapshotDiff) -> String {
    html(DiffSections(diff, minimumDelta: limits.minimumDelta, top: limits.top))
  }

  /// The groups of one section as listed on the page, each with its element id.
  private struct ListedSection {
    var title: String
    var changes: [(change: GroupChange, id: String)]
    /// Groups the section shows (after `--top`) that the page leaves out.
    var more: Int
    var opensStacks: Bool
  }

  public func html(_ report: DiffSections) -> String {
    let diff = report.diff
    let dialect = diff.dialect
    let noun = report.noun
    let headlines = DiffRenderer(style: .plain, fullPaths: fullPaths)
    var page = HTMLPage(title: DiffRenderer.title(diff))
    page.header.element("h1", text: DiffRenderer.title(diff))
    page.header.element("p", class: "totals", text: DiffRenderer.totals(report))

    // Ids first, so the summary can link to the stacks listed further down.
    var sections: [ListedSection] = []
    func list(_ title: String, _ section: ReportSection<GroupChange>, opensStacks: Bool) {
      guard !section.isEmpty else { return }
      let listed = section.shown.prefix(HTMLLimits.groupsPerSection)
      sections.append(
        ListedSection(
          title: section.title(title), changes: listed.map { ($0, page.nextGroupID()) },
          more: section.shown.count - listed.count, opensStacks: opensStacks))
    }
    list("Growing", report.growing, opensStacks: true)
    list("Also new", report.alsoNew, opensStacks: false)
    list("Shrinking", report.shrinking, opensStacks: false)
    list("Vanished", report.vanished, opensStacks: false)
    let listed = sections.flatMap(\.changes)
    func id(of change: GroupChange) -> String? { listed.first { $0.change == change }?.id }

    appendSummary(report, id: id, to: &page)

    let after = DiffRenderer.name(diff.after)
    page.appendFlameGraph(
      HTMLFlameGraph(
        graph: FlameGraph(
          diff.changes.map { FlameGraph.Item(path: StackPath($0.group), after: $0.after, before: $0.before) }),
        dialect: dialect, isDifferential: true),
      title: "Flame graph of \(after)",
      legend:
        "Each frame is as wide as the \(noun.plural) in \(after) that pass through it, outermost at the top. Red grew since \(DiffRenderer.name(diff.before)), blue shrank, grey did not change; the deeper the colour, the larger the change. Click a frame to zoom in, hover for counts.",
      noun: noun)

    if !listed.isEmpty {
      page.body.element("h2", text: "Before and after")
      let charted = listed.prefix(HTMLLimits.bars)
      let labels = HTMLBarChart.labels(charted.map(\.change.group), dialect: dialect, fullPaths: fullPaths)
      let bars = zip(charted, labels).map { listed, label in
        HTMLBarChart.Bar(
          groupID: listed.id, label: label, before: listed.change.before, after: listed.change.after)
      }
      HTMLBarChart.append(
        bars, afterTitle: DiffRenderer.name(diff.after), beforeTitle: DiffRenderer.name(diff.before),
        to: &page.body)
      if listed.count > bars.count {
        page.body.element(
          "p", class: "more", text: "The \(bars.count) groups listed first are charted, of \(listed.count).")
      }
    }

    if report.growing.isEmpty {
      page.body.element("h2", text: "Growing")
      page.body.element("p", class: "none", text: "no group grew by \(report.minimumDelta) or more")
    }
    for section in sections {
      page.body.element("h2", text: section.title)
      for (position, listed) in section.changes.enumerated() {
        let change = listed.change
        page.appendStack(
          id: listed.id, isOpen: section.opensStacks && position < HTMLLimits.openStacks, group: change.group,
          noun: noun, fullPaths: fullPaths
        ) { html in
          html.element("span", class: "headline", text: headlines.changeHeadline(change))
          html.text(" ")
          html.element(
            "span", class: "place",
            text: GroupSummary.place(change.group, dialect: dialect, fullPaths: fullPaths))
        }
      }
      page.appendMore(section.more, what: "groups")
    }

    if !report.shifts.isEmpty {
      page.body.element("h2", text: report.shifts.title("Moved between states, not growth"))
      page.body.element("ul") { html in
        for shift in report.shifts.shown.prefix(HTMLLimits.groupsPerSection) {
          html.element("li", text: GroupSummary.describe(shift, dialect: dialect, fullPaths: fullPaths))
        }
      }
      page.appendMore(report.shifts.shown.count - HTMLLimits.groupsPerSection, what: "moves")
    }
    appendNoise(report, to: &page.body)
    appendFunctions(report, to: &page.body)
    page.appendMore(report.functions.shown.count - HTMLLimits.groupsPerSection, what: "functions")
    return page.document()
  }

  /// The suspects and small changes, worded as the text report words them.
  private func appendSummary(_ report: DiffSections, id: (GroupChange) -> String?, to page: inout HTMLPage) {
    let format = report.diff.formatWithoutStates
    page.body.element("section", class: "summary", [("id", "summary")]) { html in
      html.element("h2", text: report.suspects.isEmpty ? "Suspects" : report.suspects.title("Suspects"))
      if report.suspects.isEmpty {
        html.element("p", class: "none", text: "No suspect.")
      }
      html.element("ul", class: "findings") { html in
        for suspect in report.suspects.shown.prefix(HTMLLimits.groupsPerSection) {
          html.element("li", class: "suspect") { html in
            html.text(GroupSummary.describe(suspect, format: format, fullPaths: fullPaths))
            if let target = id(suspect.change) {
              html.text(" ")
              html.element("a", [("href", "#" + target), ("data-group", target)], text: "stack")
            }
          }
        }
        for small in report.smallChanges.shown.prefix(HTMLLimits.groupsPerSection) {
          html.element("li", class: "small-change") { html in
            html.text(
              "small change: " + GroupSummary.describeSite(small, format: format, fullPaths: fullPaths))
            if let target = id(small.change) {
              html.text(" ")
              html.element("a", [("href", "#" + target), ("data-group", target)], text: "stack")
            }
          }
        }
      }
      let unlisted = [
        ("suspects", report.suspects.shown.count), ("small changes", report.smallChanges.shown.count),
      ]
      .filter { $0.1 > HTMLLimits.groupsPerSection }
      for (what, count) in unlisted {
        html.element(
          "p", class: "more",
          text:
            "\(count - HTMLLimits.groupsPerSection) more \(what) not listed here (the HTML report lists at most \(HTMLLimits.groupsPerSection); the text and JSON reports list them all)."
        )
      }
      if !report.smallChanges.isEmpty {
        html.element(
          "p", class: "note",
          text:
            "A small change is not a suspect: at most \(SuspectFinder.smallChangeLimit) more at a site that already had some, none waiting for minutes, is what a busy service's in-flight requests look like; `stackdiff trend` over more snapshots, or a later snapshot, settles it."
        )
      }
    }
  }

  /// Traces whose count changed without meaning a leak.
  private func appendNoise(_ report: DiffSections, to html: inout HTMLWriter) {
    guard !report.noise.isEmpty else { return }
    let noun = report.noun
    let parts = report.noise.map { total in
      switch total.kind {
      case .runtime: return "runtime \(noun.plural) \(total.before) → \(total.after)"
      case .dumpTaker: return "\(noun.plural) taking the dump \(total.before) → \(total.after)"
      case .crashed: return "crashed \(noun.plural) \(total.before) → \(total.after)"
      }
    }
    html.element("p", class: "noise", text: "not counted as growth: " + parts.joined(separator: ", "))
  }

  private func appendFunctions(_ report: DiffSections, to html: inout HTMLWriter) {
    guard !report.functions.isEmpty else { return }
    html.element("h2", text: report.functions.title("Functions in more \(report.noun.plural)"))
    html.element("table", class: "functions") { html in
      html.raw(
        "<thead><tr><th>before</th><th>after</th><th>delta</th><th class=\"fn\">function</th></tr></thead><tbody>"
      )
      for function in report.functions.shown.prefix(HTMLLimits.groupsPerSection) {
        html.element("tr", class: "filterable") { html in
          html.element("td", text: String(function.before))
          html.element("td", text: String(function.after))
          html.element("td", text: GroupSummary.signed(function.netDelta))
          html.element("td", class: "fn") { html in
            html.text(function.function)
          }
        }
      }
      html.raw("</tbody>")
    }
  }
}
