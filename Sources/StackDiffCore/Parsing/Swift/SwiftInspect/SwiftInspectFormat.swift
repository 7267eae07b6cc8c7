/// swift-inspect's `dump-concurrency` (macOS): every task of a process, suspended ones too,
/// as a tree with flags and async backtraces, then its actors and the threads running tasks.
/// Each task is a trace; a child task (task group, `async let`) is created by where its parent
/// is.
struct SwiftInspectFormat: LineFormat {
  let format = DumpFormat(
    name: "swift-inspect-concurrency", dialect: SwiftDialect(traces: .tasks),
    capabilities: FormatCapabilities(
      states: .printed, creators: .printed, depth: .whole, dumpTaker: .unknownPosition))

  func makeParser(builder: SnapshotBuilder, cursor: LineCursor) -> any LineParser {
    SwiftInspectParser(format: format, builder: builder, cursor: cursor)
  }

  let traceStartMarker: [UInt8]? = nil
}

extension DumpFormat {
  static let swiftInspect = SwiftInspectFormat().format
}
