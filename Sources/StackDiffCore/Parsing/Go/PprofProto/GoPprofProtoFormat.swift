/// pprof `debug=0` goroutine profiles: gzip-compressed profile.proto.
struct GoPprofProtoFormat: BinaryFormat {
  /// As `go-pprof-text`, of which this is the binary form.
  let format = DumpFormat(
    name: "go-pprof-proto", dialect: GoDialect(),
    capabilities: FormatCapabilities(
      states: .absent, creators: .absent, depth: .innermost(24), dumpTaker: .unknownPosition))

  func recognizes(head: [UInt8]) -> Bool { PprofProtoParser.looksLikeProfile(head) }

  func parse(_ source: inout any ByteSource, name: String, into builder: SnapshotBuilder) throws {
    try PprofProtoParser.parse(&source, name: name, format: format, into: builder)
  }
}

extension DumpFormat {
  static let goPprofProto = GoPprofProtoFormat().format
}
