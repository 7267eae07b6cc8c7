/// Writes JSON text with keys in the order the caller gives them, so output is byte-for-byte
/// stable (a `Dictionary`-based encoder would not be).
public struct JSONWriter {
  public private(set) var output = ""
  private var needsComma: [Bool] = [false]
  /// Where `output` goes once it holds `flushSize` bytes, so a large report is written as it is
  /// produced instead of built whole; nil keeps everything in `output`.
  private var sink: ((String) -> Void)?
  private var flushSize = 1 << 16

  public init() {}

  /// A writer that hands its text to `sink` in pieces of about `flushSize` bytes; call
  /// `flush()` at the end for the rest.
  public init(flushSize: Int = 1 << 16, sink: @escaping (String) -> Void) {
    self.sink = sink
    self.flushSize = flushSize
  }

  /// Hands what is buffered to the sink.
  public mutating func flush() {
    guard let sink, !output.isEmpty else { return }
    sink(output)
    output = ""
  }

  private mutating func flushIfFull() {
    if sink != nil && output.utf8.count >= flushSize { flush() }
  }

  public mutating func object(_ body: (inout JSONWriter) -> Void) {
    flushIfFull()
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

  /// Appends array elements another writer wrote (`{…},{…}`) as if they were written here.
  mutating func elements(_ text: String) {
    guard !text.isEmpty else { return }
    separate()
    if let sink, text.utf8.count >= flushSize {
      flush()
      sink(text)
    } else {
      output += text
      flushIfFull()
    }
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
    // Most strings need no escape: append them whole.
    if !string.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F }) {
      output += "\""
      output += string
      output += "\""
      return
    }
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
