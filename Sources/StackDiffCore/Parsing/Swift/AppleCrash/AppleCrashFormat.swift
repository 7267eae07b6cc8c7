/// Apple's crash report as text (`.crash`; what Console, Xcode and `viewdiagnostic` show for an
/// `.ips`): a header (`Process:`, `Exception Type:`, `Termination Reason:`, …), one `Thread N:`
/// section of frame rows per thread, the crashed thread's registers and the binary images.
/// Every report is one snapshot.
struct AppleCrashFormat: LineFormat {
  let format = DumpFormat(
    name: "apple-crash", dialect: SwiftDialect(traces: .threads),
    capabilities: FormatCapabilities(
      states: .printed, creators: .absent, depth: .whole, dumpTaker: .unknownPosition))

  func makeParser(builder: SnapshotBuilder, cursor: LineCursor) -> any LineParser {
    AppleCrashParser(format: format, builder: builder, cursor: cursor)
  }

  /// Reports are small: read in one pass.
  let traceStartMarker: [UInt8]? = nil
}

extension DumpFormat {
  static let appleCrash = AppleCrashFormat().format
}
