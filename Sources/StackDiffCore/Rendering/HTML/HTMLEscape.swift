/// The two escapes every string from a dump goes through on its way into an HTML report.
enum HTMLEscape {
  /// Text for an element's content or a quoted attribute value: `&`, `<`, `>`, `"` and `'`
  /// become references, so one helper serves both places and a name cannot open a tag or
  /// leave an attribute.
  static func text(_ text: String) -> String {
    let utf8 = text.utf8
    guard utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else {
      return text
    }
    var out = ""
    out.reserveCapacity(utf8.count + 16)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  /// JSON text made safe inside `<script type="application/json">`: `<`, `>` and `&` become
  /// `\u003c`, `\u003e` and `\u0026`, so `</script>` or `<!--` in a name cannot end or change the
  /// element, and U+2028 and U+2029 become `\u2028` and `\u2029` for older script parsers.
  /// JSON has these characters only inside strings, where the escapes mean the same.
  static func scriptJSON(_ json: String) -> String {
    var out = ""
    out.reserveCapacity(json.utf8.count)
    for scalar in json.unicodeScalars {
      switch scalar {
      case "<": out += "\\u003c"
      case ">": out += "\\u003e"
      case "&": out += "\\u0026"
      case "\u{2028}": out += "\\u2028"
      case "\u{2029}": out += "\\u2029"
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }
}
