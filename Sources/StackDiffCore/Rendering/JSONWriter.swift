/// Writes JSON text with keys in the order the caller gives them, so output is byte-for-byte
/// stable (a `Dictionary`-based encoder would not be).
public struct JSONWriter {
  /// What was written and not yet handed to the sink.
  public var output: String { text.string }
  private var text = ByteText()
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
    guard let sink, !text.isEmpty else { return }
    sink(text.string)
    text.removeAll()
  }

  private mutating func flushIfFull() {
    if sink != nil && text.count >= flushSize { flush() }
  }

  public mutating func object(_ body: (inout JSONWriter) -> Void) {
    flushIfFull()
    separate()
    text.append(byte: UInt8(ascii: "{"))
    needsComma.append(false)
    body(&self)
    needsComma.removeLast()
    text.append(byte: UInt8(ascii: "}"))
  }

  public mutating func array(_ body: (inout JSONWriter) -> Void) {
    separate()
    text.append(byte: UInt8(ascii: "["))
    needsComma.append(false)
    body(&self)
    needsComma.removeLast()
    text.append(byte: UInt8(ascii: "]"))
  }

  /// `{"function":…,"file":…,"line":N}`, the frame of `frame(_:)` with no other field, written
  /// without the bookkeeping of three fields: a report lists millions of frames.
  mutating func plainFrame(function: String, file: String, line: Int) {
    flushIfFull()
    separate()
    text.append("{\"function\":")
    Self.appendQuoted(function, to: &text)
    text.append(",\"file\":")
    Self.appendQuoted(file, to: &text)
    text.append(",\"line\":")
    text.append(line)
    text.append(byte: UInt8(ascii: "}"))
  }

  /// Appends array elements another writer wrote (`{…},{…}`) as if they were written here.
  mutating func elements(_ elements: String) {
    guard !elements.isEmpty else { return }
    separate()
    if let sink, elements.utf8.count >= flushSize {
      flush()
      sink(elements)
    } else {
      text.append(elements)
      flushIfFull()
    }
  }

  public mutating func key(_ name: String) {
    separate()
    Self.appendQuoted(name, to: &text)
    text.append(byte: UInt8(ascii: ":"))
    // The value that follows must not get a comma of its own.
    pendingValueAfterKey = true
  }

  private var pendingValueAfterKey = false

  public mutating func value(_ string: String?) {
    separate()
    if let string { Self.appendQuoted(string, to: &text) } else { text.append("null") }
  }

  public mutating func value(_ number: Int?) {
    separate()
    if let number { text.append(number) } else { text.append("null") }
  }

  public mutating func value(_ flag: Bool) {
    separate()
    text.append(flag ? "true" : "false")
  }

  public mutating func null() {
    separate()
    text.append("null")
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

  /// `"name":[…]`, a list of numbers.
  public mutating func field(_ name: String, values: some Sequence<Int>) {
    key(name)
    array { json in
      for value in values { json.value(value) }
    }
  }

  /// `"name":[…]`, a list of strings.
  public mutating func field(_ name: String, values: some Sequence<String>) {
    key(name)
    array { json in
      for value in values { json.value(value) }
    }
  }

  private mutating func separate() {
    if pendingValueAfterKey {
      pendingValueAfterKey = false
      needsComma[needsComma.count - 1] = true
      return
    }
    if needsComma[needsComma.count - 1] { text.append(byte: UInt8(ascii: ",")) }
    needsComma[needsComma.count - 1] = true
  }

  /// Whether `string` holds a byte JSON must escape; read as a buffer, since the view's iterator
  /// would cost a call per byte and a report quotes every function and file it lists.
  private static func needsEscape(_ string: String) -> Bool {
    func isSpecial(_ byte: UInt8) -> Bool { byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x7F }
    return string.utf8.withContiguousStorageIfAvailable { bytes in bytes.contains(where: isSpecial) }
      ?? string.utf8.contains(where: isSpecial)
  }

  static func appendQuoted(_ string: String, to output: inout String) {
    var text = ByteText()
    appendQuoted(string, to: &text)
    output += text.string
  }

  private static func appendQuoted(_ string: String, to text: inout ByteText) {
    text.append(byte: UInt8(ascii: "\""))
    // Most strings need no escape: appended whole.
    guard needsEscape(string) else {
      text.append(string)
      text.append(byte: UInt8(ascii: "\""))
      return
    }
    for scalar in string.unicodeScalars {
      switch scalar {
      case "\"": text.append("\\\"")
      case "\\": text.append("\\\\")
      case "\n": text.append("\\n")
      case "\r": text.append("\\r")
      case "\t": text.append("\\t")
      case let c where c.value < 0x20 || c.value == 0x7F:
        let hex = String(c.value, radix: 16)
        text.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
      default:
        text.append(String(scalar))
      }
    }
    text.append(byte: UInt8(ascii: "\""))
  }
}
