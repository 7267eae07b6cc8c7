/// The line being read, shared by `BlockRouter` and the parsers it feeds.
final class LineCursor {
  // One parse, one thread: the `@exclusivity(unchecked)` fields skip runtime exclusivity
  // checks, which would cost more than the parsing itself (README, Performance).
  /// 1-based number of the line being read: what warnings report.
  @exclusivity(unchecked) var number = 0
  /// The line being read is the input's last and has no newline, so it may have been cut.
  @exclusivity(unchecked) var isUnterminated = false
  /// What logging did to the input's lines; the router undoes it before parsers see them.
  let unwrapper = LogLineUnwrapper()

  private let repaired = ScratchBuffer(capacity: 256)

  /// A line that fits nowhere may have been damaged by a bare CR (two lines run together) or by
  /// control bytes (a NUL from a broken pipe or terminal). Returns its lines with control bytes
  /// removed and split at bare CRs, and how many bytes were removed; nil when it has neither.
  /// The lines stay valid until the next call.
  func repair(_ line: ByteSlice) -> (lines: [ByteSlice], removed: Int)? {
    var needsRepair = false
    for index in 0..<line.count where Self.isControl(line[index]) || line[index] == 0x0D {
      needsRepair = true
      break
    }
    guard needsRepair else { return nil }
    repaired.removeAll()
    var removed = 0
    var ends: [Int] = []
    for index in 0..<line.count {
      let byte = line[index]
      if byte == 0x0D {
        ends.append(repaired.count)
      } else if Self.isControl(byte) {
        removed += 1
      } else {
        repaired.append(byte)
      }
    }
    ends.append(repaired.count)
    var lines: [ByteSlice] = []
    var start = 0
    for end in ends {
      lines.append(repaired.slice[start..<end])
      start = end
    }
    return (lines, removed)
  }

  /// Bytes no text line holds: C0 controls other than tab, CR and escape (colour), and DEL.
  @inline(__always)
  static func isControl(_ byte: UInt8) -> Bool {
    (byte < 0x20 && byte != 0x09 && byte != 0x0D && byte != 0x1B) || byte == 0x7F
  }

  /// How many bytes of `line` are control bytes: binary data among text.
  static func controlByteCount(in line: ByteSlice) -> Int {
    var count = 0
    for index in 0..<line.count where isControl(line[index]) { count += 1 }
    return count
  }

  /// The line at `position` of `length` bytes (its `\n` excluded), without a trailing `\r`.
  @inline(__always)
  static func line(at position: UnsafePointer<UInt8>, length: Int) -> ByteSlice {
    var length = length
    if length > 0 && position[length - 1] == 0x0D { length -= 1 }
    return ByteSlice(base: position, count: length)
  }
}
