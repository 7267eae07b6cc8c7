/// One self-contained report page: inline CSS and script, the data for the flame graphs in one
/// JSON element, nothing fetched, so it works from `file://` and as a CI artifact. No dates or
/// random ids: the same report gives the same bytes.
struct HTMLPage {
  /// The document's `<title>`.
  var title: String
  /// Above the filter bar: the report's title and totals.
  var header = HTMLWriter()
  var body = HTMLWriter()
  private var flames: [HTMLFlameGraph] = []
  private var groupCount = 0

  init(title: String) { self.title = title }

  /// A fresh element id for a group's stack: `g1`, `g2`, …
  mutating func nextGroupID() -> String {
    groupCount += 1
    return "g\(groupCount)"
  }

  mutating func appendFlameGraph(_ flame: HTMLFlameGraph, title: String, legend: String, noun: TraceNoun) {
    HTMLFlameGraph.appendContainer(index: flames.count, title: title, legend: legend, noun: noun, to: &body)
    flames.append(flame)
  }

  /// A collapsible stack: `summary` written by the caller, then the frames.
  mutating func appendStack(
    id: String, isOpen: Bool, group: Group, noun: TraceNoun, fullPaths: Bool,
    summary: (inout HTMLWriter) -> Void
  ) {
    body.open("details", class: "stack filterable", [("id", id)] + (isOpen ? [("open", "")] : []))
    body.open("summary")
    summary(&body)
    body.close("summary")
    HTMLStack.append(group, noun: noun, fullPaths: fullPaths, to: &body)
    body.close("details")
    body.raw("\n")
  }

  /// `N more … not listed here`, when a section was cut to the page's limit.
  mutating func appendMore(_ more: Int, what: String) {
    guard more > 0 else { return }
    body.element(
      "p", class: "more",
      text:
        "\(more) more \(what) not listed here (the HTML report lists at most \(HTMLLimits.groupsPerSection) per section; the text and JSON reports list them all)."
    )
  }

  func document() -> String {
    var page = HTMLWriter()
    page.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
    page.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
    page.raw("<meta name=\"generator\" content=\"stackdiff\">\n")
    page.element("title", text: "stackdiff: " + title)
    page.raw("\n<style>\n" + HTMLStyleSheet.css + "</style>\n</head>\n<body>\n<header>\n")
    page.raw(header.output)
    page.raw("</header>\n<nav class=\"toolbar\">")
    page.raw(
      "<label>Filter functions <input id=\"filter\" type=\"search\" placeholder=\"part of a function name\" autocomplete=\"off\" spellcheck=\"false\"></label>"
    )
    page.raw(
      "<span id=\"filter-status\"></span><a id=\"permalink\" href=\"#\">Link to this view</a></nav>\n<main>\n"
    )
    page.raw(body.output)
    page.raw(
      "</main>\n<footer>Written by stackdiff. Everything is in this file: it fetches nothing.</footer>\n")
    page.raw("<script type=\"application/json\" id=\"stackdiff-data\">")
    page.raw(HTMLEscape.scriptJSON(data()))
    page.raw("</script>\n<script>\n" + HTMLScript.javascript + "</script>\n</body>\n</html>\n")
    return page.output
  }

  /// `{"flames":[…]}`
  private func data() -> String {
    var json = JSONWriter()
    json.object { json in
      json.key("flames")
      json.array { json in
        for flame in flames { flame.write(to: &json) }
      }
    }
    return json.output
  }
}
