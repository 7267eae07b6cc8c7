/// lldb's `bt all` / `thread backtrace all` of a Swift process: every thread's stack, unwound
/// with debug information, with lldb's argument values (`handleRequest(id=3)`), which grouping
/// ignores. The stop printout of `process attach` before it is not a dump.
struct LLDBThreadsFormat: LineFormat {
  let format = DumpFormat(
    name: "lldb-threads", dialect: SwiftDialect(traces: .threads),
    capabilities: FormatCapabilities(
      states: .printed, creators: .absent, depth: .whole, dumpTaker: .unknownPosition))

  func makeParser(builder: SnapshotBuilder, cursor: LineCursor) -> any LineParser {
    LLDBParser(reads: .threads, format: format, builder: builder, cursor: cursor)
  }

  let traceStartMarker: [UInt8]? = nil
}

/// lldb's Swift task dumps: `language swift task info` and `language swift task backtrace`
/// output, one task each. Suspended tasks own no thread, so only these show them on Linux.
struct LLDBTasksFormat: LineFormat {
  let format = DumpFormat(
    name: "lldb-swift-tasks", dialect: SwiftDialect(traces: .tasks),
    capabilities: FormatCapabilities(
      states: .printed, creators: .absent, depth: .whole, dumpTaker: .unknownPosition))

  func makeParser(builder: SnapshotBuilder, cursor: LineCursor) -> any LineParser {
    LLDBParser(reads: .tasks, format: format, builder: builder, cursor: cursor)
  }

  let traceStartMarker: [UInt8]? = nil
}

extension DumpFormat {
  static let lldbThreads = LLDBThreadsFormat().format
  static let lldbTasks = LLDBTasksFormat().format
}
