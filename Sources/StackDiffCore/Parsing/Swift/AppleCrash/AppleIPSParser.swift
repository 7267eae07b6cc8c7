/// Finds `.ips` crash reports among an input's lines: the metadata line
/// (`{"app_name":"OrderServer",…,"bug_type":"309",…}`) and the report object after it, spread
/// over lines as the system writes it or on one line; or the report object alone, from a line
/// that is only `{` when the next one starts with one of its first keys (`"uptime"`, …).
/// Other `bug_type`s (stackshots, jetsam events, the text reports of `109`) are not crashes
/// with threads in this form and are left to others.
final class AppleIPSParser: LineParser {
  let cursor: LineCursor
  private let builder: SnapshotBuilder
  private var report: AppleIPSReport
  /// The lines of a spread-out report, joined.
  private let document = PrettyJSONDocument()
  private var documentStartLine = 0
  private var metadataLine = 0

  private enum Stage {
    case outside
    /// After a crash's metadata line, before its report.
    case awaitingReport
    /// A `{` line without metadata before it, held until the next line says whether a report
    /// starts there.
    case opening
    case document
  }

  private var stage = Stage.outside
  private var released = DeclinedLine(text: ByteSlice(base: ByteSlice.emptyBase, count: 0), number: 0)
  private let heldBrace = ScratchBuffer(capacity: 16)
  /// The `{` line given up last. The backtracer's JSON parser holds such lines too: offered
  /// the line again after the other gave it up, this parser must not take it back, or the two
  /// would hand it to each other forever.
  private var releasedBraceLine = -1

  init(format: DumpFormat, builder: SnapshotBuilder, cursor: LineCursor) {
    self.builder = builder
    self.cursor = cursor
    report = AppleIPSReport(format: format)
  }

  var releasedLine: DeclinedLine { released }
  var isInsideTrace: Bool { stage == .document }

  func take(_ raw: ByteSlice) -> LineVerdict {
    let text = raw.trimmingWhitespace()
    switch stage {
    case .outside:
      return takeOutside(text, raw: raw)
    case .awaitingReport:
      if text.isEmpty { return .taken }
      guard text.first == UInt8(ascii: "{") else {
        // Metadata without its report.
        builder.noteUnknown(line: metadataLine)
        stage = .outside
        return takeOutside(text, raw: raw)
      }
      if text.count == 1 {
        startDocument(raw, firstLine: cursor.number)
      } else {
        stage = .outside
        readReport(text, firstLine: metadataLine)
      }
      return .taken
    case .opening:
      guard Self.isReportKey(text) else {
        stage = .outside
        released = DeclinedLine(text: heldBrace.slice, number: documentStartLine)
        releasedBraceLine = documentStartLine
        return .released
      }
      startDocument(heldBrace.slice, firstLine: documentStartLine)
      document.append(raw)
      return .taken
    case .document:
      guard Self.mayContinueDocument(text) else {
        // The report was cut (a paste that stopped short) and something else follows.
        builder.noteUnknown(line: documentStartLine)
        stage = .outside
        return takeOutside(text, raw: raw)
      }
      document.append(raw)
      if document.depth <= 0 {
        stage = .outside
        readReport(document.slice, firstLine: documentStartLine)
      } else if document.isTooLarge {
        stage = .outside
        builder.noteUnknown(line: documentStartLine)
      }
      return .taken
    }
  }

  func finish() {
    // A report cut short, or metadata with no report: the first line that could not be read.
    switch stage {
    case .document: builder.noteUnknown(line: documentStartLine)
    case .awaitingReport: builder.noteUnknown(line: metadataLine)
    case .outside, .opening: break
    }
    stage = .outside
  }

  private func takeOutside(_ text: ByteSlice, raw: ByteSlice) -> LineVerdict {
    guard text.first == UInt8(ascii: "{") else { return .declined }
    if text.count == 1 {
      guard cursor.number != releasedBraceLine else { return .declined }
      heldBrace.removeAll()
      heldBrace.append(raw)
      documentStartLine = cursor.number
      stage = .opening
      return .taken
    }
    let head = text.prefix(4096)
    if head.firstRange(of: "\"bug_type\"") != nil,
      let metadata = try? JSONReader.readValue(in: text.rawBuffer).value,
      metadata["threads"] == nil
    {
      guard metadata["bug_type"]?.string == "309" else { return .declined }
      metadataLine = cursor.number
      stage = .awaitingReport
      return .taken
    }
    // A report on one line, without its metadata. Its members may come in any order (a tool
    // that rewrote it), so the whole line is searched, not only its head.
    guard text.firstRange(of: "\"threads\"") != nil,
      let value = try? JSONReader.readValue(in: text.rawBuffer).value, AppleIPSReport.isReport(value),
      value["usedImages"] != nil
    else { return .declined }
    if !report.add(value, to: builder) { builder.noteUnknown(line: cursor.number) }
    return .taken
  }

  private func startDocument(_ brace: ByteSlice, firstLine: Int) {
    document.start()
    documentStartLine = firstLine
    stage = .document
    document.append(brace)
  }

  /// The first members of a report object as the system writes it; `"threads"` is not among
  /// them, so the backtracer's JSON stays the backtracer's.
  private static func isReportKey(_ text: ByteSlice) -> Bool {
    for key: StaticString in [
      "\"uptime\"", "\"procRole\"", "\"procName\"", "\"procPath\"", "\"incident\"", "\"crashReporterKey\"",
      "\"modelCode\"", "\"deployVersion\"", "\"bug_type\"",
    ] where text.hasPrefix(key) {
      return true
    }
    return false
  }

  /// Whether `text` can be a line of the report object as the system spreads it over lines:
  /// members and brackets, or the numbers, `true`, `false` and `null` of an array. No string
  /// spans lines in JSON, so a line of prose or of another dump starts with none of these.
  static func mayContinueDocument(_ text: ByteSlice) -> Bool {
    guard let first = text.first else { return true }
    switch first {
    case UInt8(ascii: "\""), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "["), UInt8(ascii: "]"),
      UInt8(ascii: ","):
      return true
    default:
      var value = text
      if value.last == UInt8(ascii: ",") { value = value.dropLast(1).trimmingTrailingWhitespace() }
      if value.equals("true") || value.equals("false") || value.equals("null") { return true }
      for index in 0..<value.count {
        switch value[index] {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."),
          UInt8(ascii: "e"), UInt8(ascii: "E"):
          continue
        default:
          return false
        }
      }
      return !value.isEmpty
    }
  }

  private func readReport(_ text: ByteSlice, firstLine: Int) {
    guard let value = try? JSONReader.readValue(in: text.rawBuffer).value else {
      builder.noteUnknown(line: firstLine)
      return
    }
    if !report.add(value, to: builder) { builder.noteUnknown(line: firstLine) }
  }

}
