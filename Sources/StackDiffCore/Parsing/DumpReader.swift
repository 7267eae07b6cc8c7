/// Reads stack dumps from files, stdin or any byte source into snapshots.
public enum DumpReader {
  public struct Options: Sendable {
    public var grouping: GroupingMode
    /// Keep every trace in `Snapshot.traces` (memory then grows with the input).
    public var keepTraces: Bool
    /// Keep runtime-internal frames (`runtime.gopark`, …) that the default traceback hides.
    public var keepsHiddenFrames: Bool

    /// Read the input as this format instead of detecting it.
    public var inputFormat: DumpFormat?
    /// Decompressed bytes beyond this are refused (decompression bombs).
    public var maximumInputBytes: UInt64

    public static let defaultMaximumInputBytes: UInt64 = 4 << 30
    /// Seconds to wait for an `http://` or `https://` input.
    public var timeout: Double = 30

    public init(
      grouping: GroupingMode = .lines, keepTraces: Bool = false, keepsHiddenFrames: Bool = false,
      inputFormat: DumpFormat? = nil, maximumInputBytes: UInt64 = Options.defaultMaximumInputBytes
    ) {
      self.grouping = grouping
      self.keepTraces = keepTraces
      self.keepsHiddenFrames = keepsHiddenFrames
      self.inputFormat = inputFormat
      self.maximumInputBytes = maximumInputBytes
    }
  }

  static let sniffLength = 64 * 1024

  /// Feeds every line of `reader` to `parser` (without finishing it).
  static func parseText(_ reader: LineReader, with parser: GoTextParser) throws {
    var escapesAnnounced = false
    while let chunk = try reader.nextChunk() {
      if !escapesAnnounced && reader.hasSeenEscape {
        escapesAnnounced = true
        parser.inputHasEscapes()
      }
      parser.consume(chunk)
    }
  }

  /// Reads `path`: a file, `-` for stdin, or an `http://` / `https://` URL.
  public static func read(path: String, options: Options = Options()) throws -> [Snapshot] {
    let source: any ByteSource
    if path == "-" {
      source = FileDescriptorSource.standardInput()
    } else if HTTPFetcher.isURL(path) {
      source = MemorySource(
        try HTTPFetcher.fetch(path, timeout: options.timeout, limit: options.maximumInputBytes))
    } else {
      source = try FileDescriptorSource.open(path: path)
      if let snapshots = ParallelTextReader.read(path: path, options: options) {
        return options.grouping == .functions
          ? snapshots.map { Regrouping.regroup($0, by: .functions) } : snapshots
      }
    }
    return try read(source, name: path, options: options)
  }

  /// Reads every dump in `source`; `name` is what messages and reports call it.
  public static func read(
    _ source: any ByteSource, name: String, options: Options = Options()
  ) throws -> [Snapshot] {
    var source = source
    var head = try ReplaySource.readHead(of: &source, count: sniffLength)
    if head.isEmpty { throw InputError(source: name, reason: "empty input") }
    var prefetcher: PrefetchingSource?
    defer { prefetcher?.close() }
    if let container = InflatingSource.container(of: head) {
      let inflating = try InflatingSource(
        name: name, container: container, source: ReplaySource(head: head, rest: source),
        limit: options.maximumInputBytes)
      // Inflate on a second core while this one parses.
      prefetcher = PrefetchingSource(upstream: inflating)
      source = prefetcher ?? inflating
      head = try ReplaySource.readHead(of: &source, count: sniffLength)
      if head.isEmpty {
        throw InputError(source: name, reason: "empty input (an empty \(container.rawValue) stream)")
      }
    }
    let format: DumpFormat
    if let forced = options.inputFormat {
      format = forced
    } else if !ContentSniffer.looksBinary(head) {
      format = .goText
    } else if PprofProtoParser.looksLikeProfile(head) {
      format = .goPprofProto
    } else {
      throw InputError(source: name, reason: "binary data, not a stack dump")
    }

    var builderOptions = SnapshotBuilder.Options()
    builderOptions.grouping = options.grouping
    builderOptions.keepTraces = options.keepTraces
    builderOptions.keepsHiddenFrames = options.keepsHiddenFrames
    let builder = SnapshotBuilder(source: name, options: builderOptions)
    var rest: any ByteSource = ReplaySource(head: head, rest: source)
    if format == .goPprofProto {
      try PprofProtoParser.parse(&rest, name: name, into: builder)
    } else {
      let parser = GoTextParser(builder: builder)
      try parseText(LineReader(source: rest), with: parser)
      parser.finish()
    }
    builder.finishInput()
    guard !builder.snapshots.isEmpty else {
      throw InputError(source: name, reason: "no goroutine dump found")
    }
    guard options.grouping == .functions else { return builder.snapshots }
    return builder.snapshots.map { Regrouping.regroup($0, by: .functions) }
  }
}
