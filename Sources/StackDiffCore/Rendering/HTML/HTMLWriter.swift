/// Builds an HTML page. Markup the renderers write themselves goes in `raw`; every string
/// that may come from a dump goes through `text` or an attribute value, which escape it.
struct HTMLWriter {
  private(set) var output = ""

  /// Markup written by stackdiff itself, never text from a dump.
  mutating func raw(_ markup: String) { output += markup }

  /// Text escaped for element content.
  mutating func text(_ text: String) { output += HTMLEscape.text(text) }

  /// `<tag class="…" name="value">`, values escaped.
  mutating func open(_ tag: String, class className: String? = nil, _ attributes: [(String, String)] = []) {
    output += "<" + tag
    if let className { output += " class=\"" + HTMLEscape.text(className) + "\"" }
    for (name, value) in attributes { output += " " + name + "=\"" + HTMLEscape.text(value) + "\"" }
    output += ">"
  }

  mutating func close(_ tag: String) { output += "</" + tag + ">" }

  /// An element around `body`.
  mutating func element(
    _ tag: String, class className: String? = nil, _ attributes: [(String, String)] = [],
    _ body: (inout HTMLWriter) -> Void
  ) {
    open(tag, class: className, attributes)
    body(&self)
    close(tag)
  }

  /// An element holding `text`, escaped.
  mutating func element(
    _ tag: String, class className: String? = nil, _ attributes: [(String, String)] = [], text: String
  ) {
    open(tag, class: className, attributes)
    self.text(text)
    close(tag)
  }
}
