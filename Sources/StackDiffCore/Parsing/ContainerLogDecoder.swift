/// Decodes the records that container runtimes and journald write around each line a program
/// printed: Docker's json-file driver (`{"log":"goroutine 1 [running]:\n","stream":…}`, a long
/// line split over 16 KiB records) and `journalctl -o json` (`{"MESSAGE":"…",…}`, a byte array
/// for text with control bytes, `null` for a message longer than journalctl prints).
final class ContainerLogDecoder {
  enum Kind {
    case dockerJSON
    case journalJSON
  }

  enum Outcome {
    /// Not a record of this kind (other JSON, a line the runtime did not write).
    case notARecord
    /// The record's lines were handed on (a partial one waits for the rest of its line).
    case decoded
    /// A record whose text the log does not hold (journalctl's `null`).
    case unreadable
  }

  let kind: Kind
  private let decoded = ScratchBuffer(capacity: 1024)
  /// The start of a line Docker split over several records, waiting for its end.
  private let partial = ScratchBuffer(capacity: 1024)
  /// A Docker line longer than this is handed on in pieces, so memory stays bounded.
  static let maximumLineLength = 1 << 20

  init(kind: Kind) { self.kind = kind }

  /// The kind of container log `line` is a record of, if any.
  static func kind(of line: ByteSlice) -> Kind? {
    let trimmed = line.trimmingWhitespace()
    guard trimmed.first == UInt8(ascii: "{"), trimmed.last == UInt8(ascii: "}") else { return nil }
    if trimmed.firstRange(of: "\"log\":\"") != nil { return .dockerJSON }
    if trimmed.firstRange(of: "\"MESSAGE\":") != nil { return .journalJSON }
    return nil
  }

  /// Hands each complete line `record` carries to `body`.
  func decode(_ record: ByteSlice, _ body: (ByteSlice) -> Void) -> Outcome {
    switch kind {
    case .dockerJSON:
      guard let start = record.firstRange(of: "\"log\":\""), decodeString(record, from: start + 7) else {
        return .notARecord
      }
      let text = decoded.slice
      var lineStart = 0
      while let newline = text.firstIndex(of: 0x0A, from: lineStart) {
        if partial.count > 0 {
          partial.append(text[lineStart..<newline])
          body(partial.slice)
          partial.removeAll()
        } else {
          body(text[lineStart..<newline])
        }
        lineStart = newline + 1
      }
      // No newline at the end: Docker split a long line; the rest comes in the next record.
      partial.append(text.dropFirst(lineStart))
      if partial.count > Self.maximumLineLength {
        body(partial.slice)
        partial.removeAll()
      }
      return .decoded
    case .journalJSON:
      guard let key = record.firstRange(of: "\"MESSAGE\":") else { return .notARecord }
      var index = key + 10
      while index < record.count, record[index] == UInt8(ascii: " ") { index += 1 }
      guard index < record.count else { return .notARecord }
      switch record[index] {
      case UInt8(ascii: "\""):
        guard decodeString(record, from: index + 1) else { return .notARecord }
      case UInt8(ascii: "["):
        guard decodeByteArray(record, from: index + 1) else { return .notARecord }
      case UInt8(ascii: "n"):
        return .unreadable
      default:
        return .notARecord
      }
      let text = decoded.slice
      var lineStart = 0
      while let newline = text.firstIndex(of: 0x0A, from: lineStart) {
        body(text[lineStart..<newline])
        lineStart = newline + 1
      }
      body(text.dropFirst(lineStart))
      return .decoded
    }
  }

  /// The input has ended: a line Docker left unfinished is handed on as it is.
  func finish(_ body: (ByteSlice) -> Void) {
    guard partial.count > 0 else { return }
    body(partial.slice)
    partial.removeAll()
  }

  /// Decodes the JSON string whose first character is at `start` into `decoded`.
  private func decodeString(_ line: ByteSlice, from start: Int) -> Bool {
    decoded.removeAll()
    var index = start
    var pendingHighSurrogate: UInt32?
    while index < line.count {
      let byte = line[index]
      if byte == UInt8(ascii: "\"") { return true }
      guard byte == UInt8(ascii: "\\") else {
        decoded.append(byte)
        index += 1
        continue
      }
      guard index + 1 < line.count else { return false }
      let escaped = line[index + 1]
      index += 2
      switch escaped {
      case UInt8(ascii: "n"): decoded.append(0x0A)
      case UInt8(ascii: "t"): decoded.append(0x09)
      case UInt8(ascii: "r"): decoded.append(0x0D)
      case UInt8(ascii: "b"): decoded.append(0x08)
      case UInt8(ascii: "f"): decoded.append(0x0C)
      case UInt8(ascii: "u"):
        guard index + 4 <= line.count, let value = Self.hexValue(line[index..<(index + 4)]) else {
          return false
        }
        index += 4
        if (0xD800..<0xDC00).contains(value) {
          pendingHighSurrogate = value
          continue
        }
        var scalarValue = value
        if (0xDC00..<0xE000).contains(value), let high = pendingHighSurrogate {
          scalarValue = 0x10000 + ((high - 0xD800) << 10) + (value - 0xDC00)
        }
        pendingHighSurrogate = nil
        for byte in String(Character(Unicode.Scalar(scalarValue) ?? "\u{FFFD}")).utf8 { decoded.append(byte) }
      default: decoded.append(escaped)  // `"`, `\`, `/`
      }
    }
    return false
  }

  /// Decodes journald's `[103,111,…]` (text with control bytes) into `decoded`.
  private func decodeByteArray(_ line: ByteSlice, from start: Int) -> Bool {
    decoded.removeAll()
    var index = start
    var value = 0
    var digits = 0
    while index < line.count {
      let byte = line[index]
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"):
        value = value * 10 + Int(byte - 0x30)
        digits += 1
        guard digits <= 3, value <= 255 else { return false }
      case UInt8(ascii: ","), UInt8(ascii: "]"):
        if digits > 0 { decoded.append(UInt8(value)) }
        if byte == UInt8(ascii: "]") { return true }
        value = 0
        digits = 0
      case UInt8(ascii: " "): break
      default: return false
      }
      index += 1
    }
    return false
  }

  private static func hexValue(_ digits: ByteSlice) -> UInt32? {
    var value: UInt32 = 0
    for index in 0..<digits.count {
      let byte = digits[index]
      guard isHexDigit(byte) else { return nil }
      let nibble = byte <= 0x39 ? byte - 0x30 : (byte | 0x20) - 0x61 + 10
      value = value * 16 + UInt32(nibble)
    }
    return value
  }
}
