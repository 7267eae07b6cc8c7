/// The table of formats stackdiff reads. Line formats are offered each line of a text input in
/// this order (a log may hold dumps of several); binary formats are asked about an input's first
/// bytes. Adding a format is its folder under `Parsing/` and one line here.
public struct FormatRegistry: Sendable {
  let lineFormats: [any LineFormat]
  let binaryFormats: [any BinaryFormat]

  init(lines: [any LineFormat], binary: [any BinaryFormat]) {
    lineFormats = lines
    binaryFormats = binary
  }

  public static let standard = FormatRegistry(
    lines: [
      GoTextFormat(),
      GoPprofTextFormat(),
      GoRaceFormat(),
      SwiftBacktraceFormat(),
      SwiftBacktraceJSONFormat(),
      LLDBThreadsFormat(),
      LLDBTasksFormat(),
      SwiftInspectFormat(),
      CoredumpFormat(),
      LLVMStackDumpFormat(),
      SwiftBacktracePackageFormat(),
      AppleCrashFormat(),
      AppleIPSFormat(),
    ],
    binary: [
      GoPprofProtoFormat()
    ])

  /// These formats and `format`, which is offered lines after them.
  func adding(_ format: any LineFormat) -> FormatRegistry {
    FormatRegistry(lines: lineFormats + [format], binary: binaryFormats)
  }

  /// Every format, line formats first, in registration order.
  public var formats: [DumpFormat] { lineFormats.map(\.format) + binaryFormats.map(\.format) }

  public func format(named name: String) -> DumpFormat? { formats.first { $0.name == name } }

  /// Only `format`: what `--input-format` reads with.
  func restricted(to format: DumpFormat) -> FormatRegistry {
    FormatRegistry(
      lines: lineFormats.filter { $0.format == format }, binary: binaryFormats.filter { $0.format == format })
  }

  /// What to call a dump none of these formats found: `goroutine` when they share a language.
  var traceNoun: String {
    let dialects = Set(formats.map(\.dialect.name))
    guard dialects.count == 1, let format = formats.first else { return "stack" }
    return format.dialect.traceNoun.singular
  }
}
