/// Go goroutine dumps as text: `debug=2`, `runtime.Stack`, panics, SIGQUIT, goleak reports.
struct GoTextFormat: LineFormat {
  let format = DumpFormat(
    name: "go-text", dialect: GoDialect(),
    capabilities: FormatCapabilities(
      states: .printed, creators: .printed, depth: .whole, dumpTaker: .printedFirst))

  func makeParser(builder: SnapshotBuilder, cursor: LineCursor) -> any LineParser {
    GoTextParser(format: format, builder: builder, cursor: cursor)
  }

  let traceStartMarker: [UInt8]? = Array("goroutine ".utf8)
}

extension DumpFormat {
  static let goText = GoTextFormat().format
}
