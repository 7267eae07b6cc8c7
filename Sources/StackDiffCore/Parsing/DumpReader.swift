/// Reads stack dumps from files, stdin or any byte source into snapshots.
public enum DumpReader {
  public struct Options: Sendable {
    public var grouping: GroupingMode
    /// Keep every trace in `Snapshot.traces` (memory then grows with the input).
    public var keepTraces: Bool
    /// Keep runtime-internal frames (`runtime.gopark`, …) that default tracebacks hide.
    public var keepsHiddenFrames: Bool
    /// The formats to recognize.
    public var formats: FormatRegistry
    /// Read the input as this format instead of detecting it.
    public var inputFormat: DumpFormat?
    /// Decompressed bytes beyond this are refused (decompression bombs).
    public var maximumInputBytes: UInt64

    public static let defaultMaximumInputBytes: UInt64 = 4 << 30
    /// Seconds an input may take: a URL's transfer (30 when nil) or standard input (no limit
    /// when nil).
    public var timeout: Double?
    public static let defaultURLTimeout = 30.0
    /// Which dumps of an input to keep.
    public var retention = SnapshotRetention.all
    /// Groups in report order (largest first); false leaves them in the order the dump first
    /// shows them, for a caller that only looks them up (a diff's before side), which saves
    /// sorting hundreds of thousands of distinct stacks.
    public var sortsGroups = true
    /// Decompressed bytes after which compressed input with no dump in it, at a ratio of
    /// `bombRatio` or more, is refused as a decompression bomb.
    public var bombThreshold: UInt64 = 64 << 20

    public init(
      grouping: GroupingMode = .lines, keepTraces: Bool = false, keepsHiddenFrames: Bool = false,
      formats: FormatRegistry = .standard, inputFormat: DumpFormat? = nil,
      maximumInputBytes: UInt64 = Options.defaultMaximumInputBytes
    ) {
      self.grouping = grouping
      self.keepTraces = keepTraces
      self.keepsHiddenFrames = keepsHiddenFrames
      self.formats = formats
      self.inputFormat = inputFormat
      self.maximumInputBytes = maximumInputBytes
    }

    /// The formats this read considers: the forced one, or all.
    var candidateFormats: FormatRegistry { inputFormat.map { formats.restricted(to: $0) } ?? formats }

    var builderOptions: SnapshotBuilder.Options {
      var options = SnapshotBuilder.Options()
      options.grouping = grouping
      options.keepTraces = keepTraces
      options.keepsHiddenFrames = keepsHiddenFrames
      options.retention = retention
      options.sortsGroups = sortsGroups
      return options
    }
  }

  static let sniffLength = 64 * 1024

  /// Decompressed input past `Options.bombThreshold` with no dump in it, at this compression
  /// ratio or more, is a decompression bomb (2 GB of newlines in 2 MB), not a dump: stopped
  /// within a second. A real dump compresses about 20:1 and shows its first goroutine at once.
  static let bombRatio: UInt64 = 100

  private static func refuseBomb(
    reader: LineReader, inflating: InflatingSource?, builder: SnapshotBuilder, name: String, threshold: UInt64
  ) throws {
    guard let inflating, reader.bytesRead >= threshold, !builder.hasFoundTraces else { return }
    let compressed = max(1, inflating.compressedBytesRead)
    guard reader.bytesRead / compressed >= bombRatio else { return }
    throw InputError(
      source: name,
      reason:
        "no dump in the first \(InflatingSource.describe(bytes: reader.bytesRead)) inflated from \(InflatingSource.describe(bytes: compressed)) (\(reader.bytesRead / compressed):1): a decompression bomb? Stopped"
    )
  }

  /// Reads `path`: a file, `-` for stdin, or an `http://` / `https://` URL.
  public static func read(path: String, options: Options = Options()) throws -> [Snapshot] {
    let source: any ByteSource
    if path == "-" {
      source = FileDescriptorSource.standardInput(timeout: options.timeout)
    } else if HTTPFetcher.isURL(path) {
      let http = try HTTPSource(
        address: path, timeout: options.timeout ?? Options.defaultURLTimeout, limit: options.maximumInputBytes
      )
      defer { http.close() }
      return try read(http, name: path, options: options)
    } else {
      source = try FileDescriptorSource.open(path: path)
      if let snapshots = ParallelTextReader.read(path: path, options: options) {
        return options.grouping == .functions
          ? snapshots.map { $0.regrouped(by: .functions) } : snapshots
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
    var inflating: InflatingSource?
    defer { prefetcher?.close() }
    if let container = InflatingSource.container(of: head) {
      let inflater = try InflatingSource(
        name: name, container: container, source: ReplaySource(head: head, rest: source),
        limit: options.maximumInputBytes)
      inflating = inflater
      // Inflate on a second core while this one parses.
      prefetcher = PrefetchingSource(upstream: inflater)
      source = prefetcher ?? inflater
      head = try ReplaySource.readHead(of: &source, count: sniffLength)
      if head.isEmpty {
        throw InputError(source: name, reason: "empty input (an empty \(container.rawValue) stream)")
      }
    }
    let formats = options.candidateFormats
    let builder = SnapshotBuilder(source: name, options: options.builderOptions)
    var rest: any ByteSource = ReplaySource(head: head, rest: source)
    let isText = !ContentSniffer.looksBinary(head)
    if let binary = formats.binaryFormats.first(where: {
      formats.lineFormats.isEmpty || !isText && $0.recognizes(head: head)
    }) {
      try binary.parse(&rest, name: name, into: builder)
    } else if isText || options.inputFormat != nil {
      let router = BlockRouter(formats: formats.lineFormats, builder: builder)
      let reader = LineReader(source: rest)
      do {
        try router.read(reader) {
          try refuseBomb(
            reader: reader, inflating: inflating, builder: builder, name: name,
            threshold: options.bombThreshold)
        }
      } catch let error as InputError where builder.hasFoundTraces {
        // Damage after a dump (a cut or corrupt gzip member, a read error): keep what came before.
        builder.diagnostics.endedEarly = error.reason
      }
      router.finish()
      if builder.snapshots.isEmpty && builder.currentTraceCount == 0
        && router.cursor.unwrapper.unreadableRecords > 0
      {
        throw InputError(
          source: name,
          reason:
            "no \(formats.traceNoun) dump found; \(router.cursor.unwrapper.unreadableRecords) journal records hold no text (journalctl -o json prints long messages as null unless given --all)"
        )
      }
    } else {
      throw InputError(source: name, reason: "binary data, not a stack dump")
    }
    builder.finishInput()
    guard !builder.snapshots.isEmpty else {
      throw InputError(source: name, reason: "no \(formats.traceNoun) dump found")
    }
    guard options.grouping == .functions else { return builder.snapshots }
    return builder.snapshots.map { $0.regrouped(by: .functions) }
  }
}
