/// `stackdiff show --format html`: each dump's title and warnings as the text report has them,
/// a flame graph coloured by whose code each frame is, a bar chart of the largest groups and
/// their stacks, collapsible.
public struct ShowHTMLRenderer: Sendable {
  public var fullPaths: Bool

  public init(fullPaths: Bool = false) { self.fullPaths = fullPaths }

  public func html(_ snapshots: [Snapshot]) -> String {
    let dumpsPerSource = ShowRenderer.dumpsPerSource(snapshots)
    let titles = snapshots.map { ShowRenderer.title($0, dumpsInSource: dumpsPerSource[$0.source] ?? 1) }
    var page = HTMLPage(title: titles.count == 1 ? titles[0] : "\(snapshots.count) dumps")
    page.header.element("h1", text: titles.count == 1 ? titles[0] : "\(snapshots.count) dumps")
    if snapshots.count > 1 {
      page.header.element("ul", class: "dumps") { html in
        for title in titles { html.element("li", text: title) }
      }
    }
    let headlines = ShowRenderer(style: .plain, fullPaths: fullPaths)
    for (snapshot, title) in zip(snapshots, titles).prefix(HTMLLimits.snapshots) {
      appendSnapshot(snapshot, title: title, headlines: headlines, showsTitle: snapshots.count > 1, to: &page)
    }
    if snapshots.count > HTMLLimits.snapshots {
      page.body.element(
        "p", class: "more",
        text:
          "\(snapshots.count - HTMLLimits.snapshots) more dumps not shown here (the HTML report shows the first \(HTMLLimits.snapshots); --snapshot N picks one, the text and JSON reports show them all)."
      )
    }
    return page.document()
  }

  private func appendSnapshot(
    _ snapshot: Snapshot, title: String, headlines: ShowRenderer, showsTitle: Bool, to page: inout HTMLPage
  ) {
    let dialect = snapshot.format.dialect
    let noun = dialect.traceNoun
    if showsTitle { page.body.element("h2", class: "dump", text: title) }
    if !snapshot.events.isEmpty {
      page.body.element("ul", class: "events") { html in
        for event in snapshot.events { html.element("li", text: event) }
      }
    }
    for warning in DiagnosticMessages.warnings(for: snapshot) {
      page.body.element("p", class: "warning", text: warning)
    }
    page.appendFlameGraph(
      HTMLFlameGraph(
        graph: FlameGraph(
          snapshot.groups.map { FlameGraph.Item(path: StackPath($0), after: $0.count, before: 0) }),
        dialect: dialect, isDifferential: false),
      title: "Flame graph of \(DiffRenderer.name(snapshot))",
      legend:
        "Each frame is as wide as the \(noun.plural) that pass through it, outermost at the top. Orange is your code, blue libraries, grey the runtime. Click a frame to zoom in, hover for counts.",
      noun: noun)

    let listed = snapshot.groups.prefix(HTMLLimits.groupsPerSection).map { ($0, page.nextGroupID()) }
    if !listed.isEmpty {
      page.body.element("h2", text: "Largest groups")
      let charted = listed.prefix(HTMLLimits.bars)
      let labels = HTMLBarChart.labels(charted.map(\.0), dialect: dialect, fullPaths: fullPaths)
      HTMLBarChart.append(
        zip(charted, labels).map { listed, label in
          HTMLBarChart.Bar(groupID: listed.1, label: label, before: nil, after: listed.0.count)
        }, afterTitle: noun.plural, to: &page.body)
    }
    page.body.element("h2", text: "Groups (\(snapshot.groups.count))")
    for (position, (group, id)) in listed.enumerated() {
      page.appendStack(
        id: id, isOpen: position < HTMLLimits.openStacks, group: group, noun: noun, fullPaths: fullPaths
      ) { html in
        html.element("span", class: "headline", text: headlines.groupHeadline(group, noun: noun))
        html.text(" ")
        html.element(
          "span", class: "place", text: GroupSummary.place(group, dialect: dialect, fullPaths: fullPaths))
      }
    }
    page.appendMore(snapshot.groups.count - listed.count, what: "groups")
  }
}
