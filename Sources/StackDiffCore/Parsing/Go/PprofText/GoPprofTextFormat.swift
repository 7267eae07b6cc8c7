/// pprof `debug=1` goroutine profiles: `goroutine profile: total N` and `N @ 0x…` records.
struct GoPprofTextFormat: LineFormat {
  /// Profiles record 32 program counters per stack (128 from Go 1.23), runtime frames included,
  /// where text dumps print up to 100 frames: comparisons use the innermost 24.
  let format = DumpFormat(
    name: "go-pprof-text", dialect: GoDialect(),
    capabilities: FormatCapabilities(
      states: .absent, creators: .absent, depth: .innermost(24), dumpTaker: .unknownPosition))

  func makeParser(builder: SnapshotBuilder, cursor: LineCursor) -> any LineParser {
    PprofTextParser(format: format, builder: builder, cursor: cursor)
  }

  let traceStartMarker: [UInt8]? = nil
}

extension DumpFormat {
  static let goPprofText = GoPprofTextFormat().format
}
