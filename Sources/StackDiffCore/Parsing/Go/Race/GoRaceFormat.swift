/// The race detector's reports (`go test -race`, `go run -race`): `WARNING: DATA RACE` blocks
/// between `==================` lines. Each access stack is a trace; a log's reports are one
/// snapshot, so two hundred reports of four races show as four pairs of groups with counts.
struct GoRaceFormat: LineFormat {
  let format = DumpFormat(
    name: "go-race", dialect: GoDialect(traces: .raceAccesses),
    capabilities: FormatCapabilities(
      states: .printed, creators: .printed, depth: .whole, dumpTaker: .unknownPosition))

  func makeParser(builder: SnapshotBuilder, cursor: LineCursor) -> any LineParser {
    GoRaceParser(format: format, builder: builder, cursor: cursor)
  }

  let traceStartMarker: [UInt8]? = nil
}

extension DumpFormat {
  static let goRace = GoRaceFormat().format
}
