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
    return text.replacingScalars { scalar in
      switch scalar {
      case "&": "&amp;"
      case "<": "&lt;"
      case ">": "&gt;"
      case "\"": "&quot;"
      case "'": "&#39;"
      default: nil
      }
    }
  }

  /// JSON text made safe inside `<script type="application/json">`: `<`, `>` and `&` become
  /// `\u003c`, `\u003e` and `\u0026`, so `</script>` or `<!--` in a name cannot end or change the
  /// element, and U+2028 and U+2029 become `\u2028` and `\u2029` for older script parsers.
  /// JSON has these characters only inside strings, where the escapes mean the same.
  static func scriptJSON(_ json: String) -> String {
    json.replacingScalars { scalar in
      switch scalar {
      case "<": "\\u003c"
      case ">": "\\u003e"
      case "&": "\\u0026"
      case "\u{2028}": "\\u2028"
      case "\u{2029}": "\\u2029"
      default: nil
      }
    }
  }
}
