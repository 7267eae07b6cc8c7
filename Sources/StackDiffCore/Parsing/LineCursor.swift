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

  /// The line at `position` of `length` bytes (its `\n` excluded), without a trailing `\r`.
  @inline(__always)
  static func line(at position: UnsafePointer<UInt8>, length: Int) -> ByteSlice {
    var length = length
    if length > 0 && position[length - 1] == 0x0D { length -= 1 }
    return ByteSlice(base: position, count: length)
  }
}
