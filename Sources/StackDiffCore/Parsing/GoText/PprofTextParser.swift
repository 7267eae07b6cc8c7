/// Reads pprof `debug=1` goroutine profiles: `goroutine profile: total N`, then records of
/// `N @ 0x…` with optional `# labels: {…}` and `#\t0xpc\tfunc+0xoff\tfile:line` frames.
///
/// Copies from chat and Markdown damage these: the `#` may be gone, tabs may be spaces, and
/// long lines may be hard-wrapped, in which case a frame line without its `file:line` is joined
/// with the next line.
final class PprofTextParser {
  private let builder: SnapshotBuilder
  private var trace = PendingTrace()
  private var frameKey = FrameKey()
  private let joined = ScratchBuffer(capacity: 512)
  private var hasPartialLine = false
  private var partialLineNumber = 0

  init(builder: SnapshotBuilder) {
    self.builder = builder
  }

  /// `goroutine profile: total 1503`, also ` goroutineleak profile: total 3`.
  static func isProfileHeader(_ line: ByteSlice) -> Bool {
    let trimmed = line.trimmingWhitespace()
    guard trimmed.hasPrefix("goroutine profile: total ") || trimmed.hasPrefix("goroutineleak profile: total ")
    else { return false }
    return trimmed.last.map { $0 &- 0x30 < 10 } ?? false
  }

  func begin(header: ByteSlice) {
    builder.finishSnapshot()
    builder.format = .goPprofText
  }

  /// Handles one line; false when the line is not part of the profile, which then ends.
  func consume(_ raw: ByteSlice, number: Int) -> Bool {
    if hasPartialLine {
      hasPartialLine = false
      joined.append(raw)
      let line = joined.slice
      if frame(line.trimmingWhitespace()) { return true }
      builder.noteUnknown(line: partialLineNumber)
      return consume(raw, number: number)
    }
    let line = raw.trimmingWhitespace()
    if line.isEmpty {
      endRecord()
      return true
    }
    if let count = recordCount(line) {
      endRecord()
      trace.reset()
      trace.isActive = true
      trace.multiplicity = count
      return true
    }
    guard trace.isActive else {
      // A continuation of a hard-wrapped `N @ 0x…` line, or the end of the profile.
      return line.first == UInt8(ascii: "0") && isAddressList(line)
    }
    if line.hasPrefix("# labels: ") {
      trace.labelsID = builder.internLabels(line.dropFirst(10).trimmingWhitespace())
      return true
    }
    if frame(line) { return true }
    if isAddressList(line) { return true }
    if line.first == UInt8(ascii: "#") || line.hasPrefix("0x") {
      // A frame line cut by hard wrapping: keep it and try again with the next line.
      joined.removeAll()
      joined.append(raw)
      hasPartialLine = true
      partialLineNumber = number
      return true
    }
    endRecord()
    return false
  }

  func finish() {
    if hasPartialLine {
      hasPartialLine = false
      builder.noteUnknown(line: partialLineNumber)
    }
    endRecord()
  }

  private func endRecord() {
    guard trace.isActive else { return }
    builder.add(trace)
    trace.isActive = false
  }

  /// `1500 @ 0x439936 0x40576c …`
  private func recordCount(_ line: ByteSlice) -> Int? {
    let digits = line.digitRun(from: 0)
    guard digits > 0, line.dropFirst(digits).hasPrefix(" @") else { return nil }
    return line.prefix(digits).decimalValue()
  }

  private func isAddressList(_ line: ByteSlice) -> Bool {
    var i = 0
    while i < line.count {
      while i < line.count, line[i] == UInt8(ascii: " ") || line[i] == 0x09 { i += 1 }
      guard i + 2 < line.count, line[i] == UInt8(ascii: "0"), line[i + 1] == UInt8(ascii: "x") else {
        return i >= line.count
      }
      i += 2
      while i < line.count, isHexDigit(line[i]) { i += 1 }
      if i < line.count, line[i] != UInt8(ascii: " "), line[i] != 0x09 { return false }
    }
    return true
  }

  /// `#\t0x6709e4\tmain.sumInt+0x44\t\t/path/main.go:25`, with or without the `#`.
  private func frame(_ line: ByteSlice) -> Bool {
    var rest = line
    if rest.first == UInt8(ascii: "#") { rest = rest.dropFirst(1).trimmingLeadingWhitespace() }
    guard rest.hasPrefix("0x") else { return false }
    var i = 2
    while i < rest.count, isHexDigit(rest[i]) { i += 1 }
    rest = rest.dropFirst(i)
    guard rest.first == UInt8(ascii: " ") || rest.first == 0x09 else { return false }
    rest = rest.trimmingLeadingWhitespace()
    var end = 0
    while end < rest.count, rest[end] != UInt8(ascii: " "), rest[end] != 0x09 { end += 1 }
    var function = rest.prefix(end)
    if let plus = function.firstRange(of: "+0x") { function = function.prefix(plus) }
    let locationText = rest.dropFirst(end).trimmingWhitespace()
    guard !function.isEmpty, let location = GoLineShapes.location(locationText) else { return false }
    frameKey.begin(function: function, arguments: nil)
    frameKey.complete(file: location.file, line: location.line)
    trace.frames.append(builder.internFrame(frameKey))
    return true
  }
}
