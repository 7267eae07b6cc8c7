/// Escaping for text placed in GitHub-flavoured Markdown.
enum Markdown {
  /// Inline code that survives backticks in the text.
  static func code(_ text: String) -> String {
    let fence = text.contains("`") ? "``" : "`"
    return fence + (fence == "``" ? " \(text) " : text) + fence
  }

  /// Text in a table cell: pipes would end the cell, and a name or state from a dump must not
  /// become markup (`<img onerror=…>` in a crafted dump).
  static func cell(_ text: String) -> String {
    html(text).replacing("|", with: "\\|")
  }

  /// Prose outside code: the characters Markdown would treat as markup.
  static func inline(_ text: String) -> String {
    var out = ""
    for character in text {
      if "\\`*_[]<>|#".contains(character) { out.append("\\") }
      out.append(character)
    }
    return out
  }

  /// Text inside HTML tags.
  static func html(_ text: String) -> String {
    var out = ""
    for character in text {
      switch character {
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "&": out += "&amp;"
      default: out.append(character)
      }
    }
    return out
  }
}
