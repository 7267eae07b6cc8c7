/// Writes JSON text with keys in the order the caller gives them, so output is byte-for-byte
/// stable (a `Dictionary`-based encoder would not be).
public struct JSONWriter {
  public private(set) var output = ""
  private var needsComma: [Bool] = [false]

  public init() {}

  public mutating func object(_ body: (inout JSONWriter) -> Void) {
    separate()
    output += "{"
    needsComma.append(false)
    body(&self)
    needsComma.removeLast()
    output += "}"
  }

  public mutating func array(_ body: (inout JSONWriter) -> Void) {
    separate()
    output += "["
    needsComma.append(false)
    body(&self)
    needsComma.removeLast()
    output += "]"
  }

  public mutating func key(_ name: String) {
    separate()
    Self.appendQuoted(name, to: &output)
    output += ":"
    // The value that follows must not get a comma of its own.
    pendingValueAfterKey = true
  }

  private var pendingValueAfterKey = false

  public mutating func value(_ string: String?) {
    separate()
    if let string { Self.appendQuoted(string, to: &output) } else { output += "null" }
  }

  public mutating func value(_ number: Int?) {
    separate()
    output += number.map(String.init) ?? "null"
  }

  public mutating func value(_ flag: Bool) {
    separate()
    output += flag ? "true" : "false"
  }

  public mutating func null() {
    separate()
    output += "null"
  }

  public mutating func field(_ name: String, _ string: String?) {
    key(name)
    value(string)
  }

  public mutating func field(_ name: String, _ number: Int?) {
    key(name)
    value(number)
  }

  public mutating func field(_ name: String, _ flag: Bool) {
    key(name)
    value(flag)
  }

  private mutating func separate() {
    if pendingValueAfterKey {
      pendingValueAfterKey = false
      needsComma[needsComma.count - 1] = true
      return
    }
    if needsComma[needsComma.count - 1] { output += "," }
    needsComma[needsComma.count - 1] = true
  }

  static func appendQuoted(_ string: String, to output: inout String) {
    output += "\""
    for scalar in string.unicodeScalars {
      switch scalar {
      case "\"": output += "\\\""
      case "\\": output += "\\\\"
      case "\n": output += "\\n"
      case "\r": output += "\\r"
      case "\t": output += "\\t"
      case let c where c.value < 0x20 || c.value == 0x7F:
        let hex = String(c.value, radix: 16)
        output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default:
        output.unicodeScalars.append(scalar)
      }
    }
    output += "\""
  }
}
