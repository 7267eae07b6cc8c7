/// Reads stack dumps from files, stdin or any byte source into snapshots.
public enum DumpReader {
  public struct Options: Sendable {
    public var grouping: GroupingMode
    /// Keep every trace in `Snapshot.traces` (memory then grows with the input).
    public var keepTraces: Bool
    /// Keep runtime-internal frames (`runtime.gopark`, …) that the default traceback hides.
    public var keepsHiddenFrames: Bool

    public init(grouping: GroupingMode = .lines, keepTraces: Bool = false, keepsHiddenFrames: Bool = false) {
      self.grouping = grouping
      self.keepTraces = keepTraces
      self.keepsHiddenFrames = keepsHiddenFrames
    }
  }

  static let sniffLength = 64 * 1024

  /// Reads `path`, or stdin when `path` is `-`.
  public static func read(path: String, options: Options = Options()) throws -> [Snapshot] {
    let source: any ByteSource =
      path == "-" ? FileDescriptorSource.standardInput() : try FileDescriptorSource.open(path: path)
    return try read(source, name: path, options: options)
  }

  /// Reads every dump in `source`; `name` is what messages and reports call it.
  public static func read(
    _ source: any ByteSource, name: String, options: Options = Options()
  ) throws -> [Snapshot] {
    var source = source
    let head = try ReplaySource.readHead(of: &source, count: sniffLength)
    if head.isEmpty { throw InputError(source: name, reason: "empty input") }
    if ContentSniffer.looksBinary(head) {
      throw InputError(source: name, reason: "binary data, not a stack dump")
    }
    let reader = LineReader(source: ReplaySource(head: head, rest: source))
    var builderOptions = SnapshotBuilder.Options()
    builderOptions.grouping = options.grouping
    builderOptions.keepTraces = options.keepTraces
    builderOptions.keepsHiddenFrames = options.keepsHiddenFrames
    let builder = SnapshotBuilder(source: name, options: builderOptions)
    let parser = GoTextParser(builder: builder)
    while let line = try reader.next() {
      parser.consume(line)
    }
    parser.finish()
    builder.finishInput()
    guard !builder.snapshots.isEmpty else {
      throw InputError(source: name, reason: "no goroutine dump found")
    }
    guard options.grouping == .functions else { return builder.snapshots }
    return builder.snapshots.map { Regrouping.regroup($0, by: .functions) }
  }
}
