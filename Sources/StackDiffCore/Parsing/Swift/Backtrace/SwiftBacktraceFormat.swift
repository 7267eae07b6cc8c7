/// The Swift runtime backtracer's text report (Swift 5.9+; on by default on Linux), printed to
/// stderr when a program crashes or gets SIGQUIT: `*** Program crashed: … ***`, then one
/// `Thread N "name":` section of frame rows per thread. Every report is one snapshot.
struct SwiftBacktraceFormat: LineFormat {
  let format = DumpFormat(
    name: "swift-backtrace", dialect: SwiftDialect(traces: .threads),
    capabilities: FormatCapabilities(
      states: .printed, creators: .absent, depth: .whole, dumpTaker: .unknownPosition))

  func makeParser(builder: SnapshotBuilder, cursor: LineCursor) -> any LineParser {
    SwiftBacktraceParser(format: format, builder: builder, cursor: cursor)
  }

  let traceStartMarker: [UInt8]? = Array("Thread ".utf8)
}

extension DumpFormat {
  static let swiftBacktrace = SwiftBacktraceFormat().format
}
