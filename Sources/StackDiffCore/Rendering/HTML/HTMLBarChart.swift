/// Groups as horizontal bars, one row per group: its count, or its counts before and after
/// side by side, scaled to the largest count in the chart. Each row links to the group's
/// stack and hides with it when the filter leaves the stack out.
enum HTMLBarChart {
  struct Bar {
    /// The element id of the group's stack in the page.
    var groupID: String
    var label: String
    var before: Int?
    var after: Int
  }

  static func append(_ bars: [Bar], afterTitle: String, beforeTitle: String? = nil, to html: inout HTMLWriter)
  {
    let largest = max(1, bars.map { max($0.before ?? 0, $0.after) }.max() ?? 1)
    html.open("div", class: "bars")
    if let beforeTitle {
      html.element("div", class: "bar-legend") { html in
        html.element("span", class: "swatch before", text: "")
        html.text(beforeTitle + " ")
        html.element("span", class: "swatch after", text: "")
        html.text(afterTitle)
      }
    }
    for bar in bars {
      html.element("div", class: "bar-row", [("data-for", bar.groupID)]) { html in
        html.element(
          "a", class: "bar-label", [("href", "#" + bar.groupID), ("data-group", bar.groupID)], text: bar.label
        )
        html.element("div", class: "bar-cells") { html in
          if let before = bar.before { cell(before, largest: largest, kind: "before", to: &html) }
          cell(bar.after, largest: largest, kind: "after", to: &html)
        }
      }
    }
    html.close("div")
  }

  /// Each group's place (`hub.go:29 in (*Hub).wait`); groups at one place are told apart by
  /// their route, as a suspect's stacks are (`… via pollA`).
  static func labels(_ groups: [Group], dialect: any LanguageDialect, fullPaths: Bool) -> [String] {
    var labels = groups.map { GroupSummary.place($0, dialect: dialect, fullPaths: fullPaths) }
    var positions: [String: [Int]] = [:]
    for (position, label) in labels.enumerated() { positions[label, default: []].append(position) }
    for shared in positions.values where shared.count > 1 {
      let routes = RouteNamer.names(of: shared.map { groups[$0] }, dialect: dialect)
      guard Set(routes).count > 1 else { continue }
      for (position, route) in zip(shared, routes) { labels[position] += " via " + route }
    }
    return labels
  }

  private static func cell(_ count: Int, largest: Int, kind: String, to html: inout HTMLWriter) {
    html.element("div", class: "bar-cell") { html in
      html.raw("<span class=\"bar \(kind)\" style=\"width:\(percent(count, of: largest))\"></span>")
      html.element("span", class: "num", text: String(count))
    }
  }

  /// `42.5%`, from integers, so the bytes never depend on floating-point printing.
  static func percent(_ part: Int, of whole: Int) -> String {
    let permille = whole > 0 ? part * 1000 / whole : 0
    return "\(permille / 10).\(permille % 10)%"
  }
}
