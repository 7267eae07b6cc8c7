/// Reads pprof `debug=1` goroutine profiles: `goroutine profile: total N`, then records of
/// `N @ 0x…` with optional `# labels: {…}` and `#\t0xpc\tfunc+0xoff\tfile:line` frames.
///
/// Copies from chat and Markdown damage these: the `#` may be gone, tabs may be spaces, and
/// long lines may be hard-wrapped. A frame line is therefore parsed only when the next line
/// shows it is complete: a line that cannot start anything itself is its wrapped rest.
final class PprofTextParser: LineParser {
  // One parse, one thread: the `@exclusivity(unchecked)` fields skip runtime exclusivity
  // checks, which would cost more than the parsing itself (README, Performance).
  private let builder: SnapshotBuilder
  let cursor: LineCursor
  private let format: DumpFormat
  private let frames: FrameInterner
  /// Inside a profile, after its header.
  @exclusivity(unchecked) private var isInProfile = false
  @exclusivity(unchecked) private var trace = PendingTrace()
  private let frameKey = FrameKey()
  /// A function name with its `%XX` escapes decoded.
  private let unescaped = ScratchBuffer(capacity: 256)
  /// A frame or labels line held until the next line shows whether hard wrapping continued it.
  private let pending = ScratchBuffer(capacity: 512)
  @exclusivity(unchecked) private var hasPending = false
  @exclusivity(unchecked) private var pendingLineNumber = 0
  /// After `N @ 0x…`: further lines of addresses are its wrapped continuation.
  @exclusivity(unchecked) private var inAddressList = false
  /// From `total N`: until the records add up to it, an odd line is damage, not the end.
  @exclusivity(unchecked) private var declaredTotal = 0
  @exclusivity(unchecked) private var recordedTotal = 0

  init(format: DumpFormat, builder: SnapshotBuilder, cursor: LineCursor) {
    self.format = format
    self.builder = builder
    self.cursor = cursor
    self.frames = builder.interner(for: format.dialect)
  }

  func take(_ raw: ByteSlice) -> LineVerdict {
    if isInProfile {
      if consume(raw, number: cursor.number) { return .taken }
      // The profile is over: this line may begin the next one.
      isInProfile = false
      builder.finishSnapshot()
    }
    guard Self.isProfileHeader(raw) else { return .declined }
    begin(header: raw)
    return .taken
  }

  /// Inside a record, or before the records add up to the profile's total.
  var isInsideTrace: Bool { isInProfile && (trace.isActive || recordedTotal < declaredTotal) }

  static let unknownFunction: StaticString = "?"

  /// `goroutine profile: total 1503`, also ` goroutineleak profile: total 3`.
  static func isProfileHeader(_ line: ByteSlice) -> Bool {
    let trimmed = line.trimmingWhitespace()
    guard trimmed.hasPrefix("goroutine profile: total ") || trimmed.hasPrefix("goroutineleak profile: total ")
    else { return false }
    return trimmed.last.map { $0 &- 0x30 < 10 } ?? false
  }

  private func begin(header: ByteSlice) {
    builder.beginDump(of: format, frames: frames)
    isInProfile = true
    hasPending = false
    inAddressList = false
    recordedTotal = 0
    let trimmed = header.trimmingWhitespace()
    var digits = 0
    while digits < trimmed.count, trimmed[trimmed.count - 1 - digits] &- 0x30 < 10 { digits += 1 }
    declaredTotal = trimmed.dropFirst(trimmed.count - digits).saturatingDecimalValue() ?? 0
  }

  /// Handles one line; false when the line is not part of the profile, which then ends.
  private func consume(_ raw: ByteSlice, number: Int) -> Bool {
    let line = raw.trimmingWhitespace()
    if hasPending {
      if isContinuation(line) {
        pending.append(raw)
        return true
      }
      flushPending()
    }
    if line.isEmpty {
      endRecord()
      inAddressList = false
      return true
    }
    if let count = recordCount(line) {
      endRecord()
      trace.reset()
      trace.isActive = true
      // A record of no goroutines, or of absurdly many, is damage: its lines are taken and dropped.
      let plausible = count > 0 && count <= PendingTrace.maximumMultiplicity
      if !plausible { builder.noteUnknown(line: number) }
      trace.multiplicity = plausible ? count : 0
      recordedTotal.saturatingAdd(trace.multiplicity)
      inAddressList = true
      return true
    }
    if inAddressList && isAddressContinuation(line) { return true }
    inAddressList = false
    if trace.isActive && (line.first == UInt8(ascii: "#") || startsWithAddress(line)) {
      pending.removeAll()
      pending.append(raw)
      hasPending = true
      pendingLineNumber = number
      return true
    }
    endRecord()
    if recordedTotal < declaredTotal {
      // Records are still missing: this line is damage inside the profile.
      builder.noteUnknown(line: number)
      return true
    }
    noteTotals()
    return false
  }

  /// The records must add up to `total N`; a cut profile does not.
  private func noteTotals() {
    if recordedTotal != declaredTotal {
      builder.diagnostics.profileTotal = ProfileTotal(declared: declaredTotal, found: recordedTotal)
    }
  }

  func finish() {
    guard isInProfile else { return }
    if hasPending { flushPending() }
    endRecord()
    noteTotals()
  }

  /// A line that cannot start anything of its own: the rest of a wrapped line.
  private func isContinuation(_ line: ByteSlice) -> Bool {
    guard let first = line.first, first != UInt8(ascii: "#") else { return false }
    return recordCount(line) == nil && !startsWithAddress(line) && !line.hasPrefix("goroutine ")
  }

  /// `0x4ca1e4 ` at the start: a frame line whose `#` was lost.
  private func startsWithAddress(_ line: ByteSlice) -> Bool {
    guard line.hasPrefix("0x") else { return false }
    var i = 2
    while i < line.count, isHexDigit(line[i]) { i += 1 }
    return i > 2 && i < line.count && (line[i] == UInt8(ascii: " ") || line[i] == 0x09)
  }

  /// Hex digits, `x` and blanks only: more of a wrapped `N @ 0x…` address list.
  private func isAddressContinuation(_ line: ByteSlice) -> Bool {
    for i in 0..<line.count {
      let byte = line[i]
      guard isHexDigit(byte) || byte == UInt8(ascii: "x") || byte == UInt8(ascii: " ") || byte == 0x09 else {
        return false
      }
    }
    return true
  }

  private func flushPending() {
    hasPending = false
    let line = pending.slice.trimmingWhitespace()
    if line.hasPrefix("# labels: ") {
      trace.labelsID = builder.internLabels(line.dropFirst(10).trimmingWhitespace())
    } else if !frame(line) {
      builder.noteUnknown(line: pendingLineNumber)
    }
  }

  private func endRecord() {
    guard trace.isActive else { return }
    if trace.multiplicity > 0 { builder.add(&trace, frames: frames) }
    trace.isActive = false
  }

  /// `1500 @ 0x439936 0x40576c …`
  private func recordCount(_ line: ByteSlice) -> Int? {
    let digits = line.digitRun(from: 0)
    guard digits > 0, line.dropFirst(digits).hasPrefix(" @") else { return nil }
    return line.prefix(digits).saturatingDecimalValue()
  }

  /// `#\t0x6709e4\tmain.sumInt+0x44\t\t/path/main.go:25`, with or without the `#`.
  private func frame(_ line: ByteSlice) -> Bool {
    var rest = line
    if rest.first == UInt8(ascii: "#") { rest = rest.dropFirst(1).trimmingLeadingWhitespace() }
    guard rest.hasPrefix("0x") else { return false }
    var i = 2
    while i < rest.count, isHexDigit(rest[i]) { i += 1 }
    rest = rest.dropFirst(i)
    guard rest.isEmpty || rest.first == UInt8(ascii: " ") || rest.first == 0x09 else { return false }
    rest = rest.trimmingLeadingWhitespace()
    var end = 0
    while end < rest.count, rest[end] != UInt8(ascii: " "), rest[end] != 0x09 { end += 1 }
    var function = rest.prefix(end)
    if let plus = function.firstRange(of: "+0x") { function = function.prefix(plus) }
    let locationText = rest.dropFirst(end).trimmingWhitespace()
    if function.isEmpty && locationText.isEmpty {
      // `#\t0x4ca1e4` alone: pprof found no symbol for this address.
      function = ByteSlice(
        base: Self.unknownFunction.utf8Start, count: Self.unknownFunction.utf8CodeUnitCount)
      frameKey.begin(function: function, arguments: nil)
      frameKey.complete(file: ByteSlice(base: ByteSlice.emptyBase, count: 0), line: 0)
      trace.frames.append(frames.intern(frameKey))
      return true
    }
    guard !function.isEmpty, let location = GoLineShapes.location(locationText) else { return false }
    frameKey.begin(function: GoSymbol.unescaping(function, into: unescaped), arguments: nil)
    frameKey.complete(file: location.file, line: location.line)
    trace.frames.append(frames.intern(frameKey))
    return true
  }
}
