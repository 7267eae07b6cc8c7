/// A group's stack in an HTML report: the text report's rows (`StackTextFormatter`, plain), so
/// both show the same frames, recursion folds and markers, with each row classed by whose code
/// it is, the site marked, and each function name in a `fn` span for the filter.
enum HTMLStack {
  static func append(_ group: Group, noun: TraceNoun, fullPaths: Bool, to html: inout HTMLWriter) {
    let lines = StackTextFormatter(style: .plain, fullPaths: fullPaths).lines(for: group, noun: noun)
    var elisionIndex: Int?
    if case .middle(_, let at) = group.elision { elisionIndex = at }
    var rows = StackTextFormatter.foldRecursion(group.frames, breakingAt: elisionIndex)[...]
    let siteIndex = group.siteIndex
    html.open("pre", class: "frames")
    for (position, line) in lines.enumerated() {
      if position > 0 { html.raw("\n") }
      // Each row is the indent and a two-column mark ("> " at the site), then the name.
      let prefixLength = 4
      let prefix = line.prefix(prefixLength)
      let rest = line.dropFirst(prefixLength)
      if let row = rows.first, let name = rowName(row, in: rest) {
        rows.removeFirst()
        let kind =
          row.index == siteIndex ? "site" : row.frame.origin == .user ? "user" : "library"
        html.open("span", class: "row " + kind)
        html.text(String(prefix))
        html.element("span", class: "fn", text: name)
        html.text(String(rest.dropFirst(name.count)))
        html.close("span")
      } else if let creator = group.createdBy, rest.hasPrefix("created by " + creator.function) {
        // The creator is a function too: the filter finds it.
        html.open("span", class: "row marker")
        html.text(String(prefix) + "created by ")
        html.element("span", class: "fn", text: creator.function)
        html.text(String(rest.dropFirst("created by ".count + creator.function.count)))
        html.close("span")
      } else {
        html.element("span", class: "row marker", text: line)
      }
    }
    html.close("pre")
  }

  /// The frame name that starts `rest`, as the formatter prints `row` (`main.deep ×19`), when
  /// it is that row's line: the name is followed by the column padding or nothing.
  private static func rowName(_ row: StackTextFormatter.Row, in rest: Substring) -> String? {
    let name = row.repeats > 1 ? "\(row.frame.function) ×\(row.repeats)" : row.frame.function
    guard rest.hasPrefix(name) else { return nil }
    let after = rest.dropFirst(name.count)
    return after.isEmpty || after.first == " " ? name : nil
  }
}
