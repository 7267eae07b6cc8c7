/// The runtime backtracer's JSON report (`SWIFT_BACKTRACE=format=json`, Swift 6.2+): one line
/// on stderr after the handler's banner, or a file of its own (`output-to=`), also when
/// pretty-printed. Every report is one snapshot.
struct SwiftBacktraceJSONFormat: LineFormat {
  let format = DumpFormat(
    name: "swift-backtrace-json", dialect: SwiftDialect(traces: .threads),
    capabilities: FormatCapabilities(
      states: .printed, creators: .absent, depth: .whole, dumpTaker: .unknownPosition))

  func makeParser(builder: SnapshotBuilder, cursor: LineCursor) -> any LineParser {
    SwiftBacktraceJSONParser(format: format, builder: builder, cursor: cursor)
  }

  let traceStartMarker: [UInt8]? = nil
}

extension DumpFormat {
  static let swiftBacktraceJSON = SwiftBacktraceJSONFormat().format
}
