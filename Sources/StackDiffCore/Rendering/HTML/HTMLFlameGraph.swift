/// A flame graph in the page: an empty container the script draws into, and the graph's nodes
/// as JSON for it.
struct HTMLFlameGraph {
  var graph: FlameGraph
  var dialect: any LanguageDialect
  /// Whether `before` counts mean anything: colours show growth instead of whose code it is.
  var isDifferential: Bool

  /// The section's container; `index` is the graph's position in the page's data.
  static func appendContainer(
    index: Int, title: String, legend: String, noun: TraceNoun, to html: inout HTMLWriter
  ) {
    html.element("section", class: "flame-section") { html in
      html.element("h2", text: title)
      html.element("p", class: "legend", text: legend)
      html.element("div", class: "flame-bar") { html in
        html.element("span", class: "crumbs", [("data-crumbs", String(index))], text: "all")
        html.raw("<button type=\"button\" class=\"reset\" data-reset=\"\(index)\">Reset zoom</button>")
      }
      html.element("div", class: "flame", [("data-flame", String(index)), ("data-noun", noun.plural)]) {
        html in
        html.element("noscript", text: "The flame graph needs JavaScript; the stacks below do not.")
      }
      html.element("p", class: "flame-status", [("data-status", String(index))], text: "")
    }
  }

  /// `{"differential":…,"names":[…],"labels":[…],"parent":[…],"name":[…],"after":[…],
  /// "before":[…],"kind":[…]}`: names listed once, nodes as parallel arrays of numbers.
  func write(to json: inout JSONWriter) {
    var nameIndex: [String: Int] = [:]
    var names: [String] = []
    var labels: [String?] = []
    var nodeNames: [Int] = []
    for node in graph.nodes {
      if let known = nameIndex[node.name] {
        nodeNames.append(known)
      } else {
        nameIndex[node.name] = names.count
        nodeNames.append(names.count)
        names.append(node.name)
        labels.append(label(node))
      }
    }
    json.object { json in
      json.field("differential", isDifferential)
      json.field("names", values: names)
      // The name without its package, where the dialect has a shorter one.
      json.key("labels")
      json.array { json in
        for label in labels { json.value(label) }
      }
      json.field("parent", values: graph.nodes.lazy.map(\.parent))
      json.field("name", values: nodeNames)
      json.field("after", values: graph.nodes.lazy.map(\.after))
      if isDifferential {
        json.field("before", values: graph.nodes.lazy.map(\.before))
      }
      json.field("kind", values: graph.nodes.lazy.map(\.kind.rawValue))
    }
  }

  /// A function's short name; nil when it is the name, or for markers, which are not functions.
  private func label(_ node: FlameGraph.Node) -> String? {
    switch node.kind {
    case .marker, .merged: return nil
    case .user, .library, .runtime:
      let short = dialect.shortName(of: node.name)
      return short == node.name ? nil : short
    }
  }
}
