/// A JSON document read line by line (a pretty-printed report): its bytes so far, and how deep
/// its brackets are outside strings, so the line that closes it is known without parsing it.
final class PrettyJSONDocument {
  private let buffer = ScratchBuffer(capacity: 4096)
  /// Open `{` and `[` minus closed ones, outside strings.
  private(set) var depth = 0
  private var isInString = false
  private var isEscaped = false

  var slice: ByteSlice { buffer.slice }
  var count: Int { buffer.count }
  /// A report is larger than this only when something is wrong: the reader gives it up.
  var isTooLarge: Bool { buffer.count > Self.maximumBytes }
  static let maximumBytes = 256 << 20

  /// Forgets the previous document.
  func start() {
    buffer.removeAll()
    depth = 0
    isInString = false
    isEscaped = false
  }

  /// Adds a line and its newline, following its brackets.
  func append(_ line: ByteSlice) {
    buffer.append(line)
    buffer.append(0x0A)
    for index in 0..<line.count {
      let byte = line[index]
      if isInString {
        if isEscaped {
          isEscaped = false
        } else if byte == UInt8(ascii: "\\") {
          isEscaped = true
        } else if byte == UInt8(ascii: "\"") {
          isInString = false
        }
      } else if byte == UInt8(ascii: "\"") {
        isInString = true
      } else if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
        depth += 1
      } else if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") {
        depth -= 1
      }
    }
  }
}
