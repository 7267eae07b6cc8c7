/// What Swift servers printed on a crash before the runtime backtracer (Swift ≤ 5.8): the
/// swift-server/swift-backtrace package's `Received signal 4. Backtrace:` and its
/// `0x…, name at file:line` rows, and the runtime's own `Current stack trace:` after a
/// `Fatal error:` (`0    libswiftCore.so    0x… $ss17_assertionFailure… + 300`). Both show the
/// crashing thread only. Swift 6.3 still prints the second when the backtracer is off
/// (`SWIFT_BACKTRACE=enable=no`).
struct SwiftBacktracePackageFormat: LineFormat {
  let format = DumpFormat(
    name: "swift-backtrace-package", dialect: SwiftDialect(traces: .threads),
    capabilities: FormatCapabilities(
      states: .printed, creators: .absent, depth: .whole, dumpTaker: .unknownPosition))

  func makeParser(builder: SnapshotBuilder, cursor: LineCursor) -> any LineParser {
    SwiftBacktracePackageParser(format: format, builder: builder, cursor: cursor)
  }

  let traceStartMarker: [UInt8]? = nil
}

extension DumpFormat {
  static let swiftBacktracePackage = SwiftBacktracePackageFormat().format
}
