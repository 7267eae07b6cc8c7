/// Apple's crash report as JSON (`.ips`, iOS 15 and macOS 12 on): a one-line metadata object
/// (`"bug_type":"309"` for a crash) and the report object after it, whose `threads` hold frames
/// as image indexes and offsets with their symbols. Read alone, in a log, or pasted after the
/// text form (Console's "Full Report"). Every report is one snapshot.
struct AppleIPSFormat: LineFormat {
  let format = DumpFormat(
    name: "apple-ips", dialect: SwiftDialect(traces: .threads),
    capabilities: FormatCapabilities(
      states: .printed, creators: .absent, depth: .whole, dumpTaker: .unknownPosition))

  func makeParser(builder: SnapshotBuilder, cursor: LineCursor) -> any LineParser {
    AppleIPSParser(format: format, builder: builder, cursor: cursor)
  }

  let traceStartMarker: [UInt8]? = nil
}

extension DumpFormat {
  static let appleIPS = AppleIPSFormat().format
}
