#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Parses a large plain-text dump file in two halves on two cores.
///
/// The file is split at a goroutine header that follows a blank line, both halves are parsed
/// at once, and their groups are merged. The result is used only when it is certainly what one
/// pass would give: each half holds one dump, no goroutine id appears in both, and the first half
/// ends in no special state (a crash section, a goleak entry, a pprof profile, a log prefix,
/// prose). Otherwise the caller parses the file in one pass.
enum ParallelTextReader {
  /// Smaller files parse in a few tens of milliseconds; a second thread is not worth it.
  static let minimumSize = 32 << 20

  static func read(path: String, options: DumpReader.Options, minimumSize: Int = minimumSize) -> [Snapshot]? {
    guard !options.keepTraces, options.inputFormat == nil || options.inputFormat == .goText else {
      return nil
    }
    let descriptor = path.withCString { open($0, O_RDONLY | O_CLOEXEC) }
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var info = stat()
    guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) >= minimumSize
    else {
      return nil
    }
    let size = Int(info.st_size)
    guard let head = readBytes(descriptor, at: 0, count: DumpReader.sniffLength),
      InflatingSource.container(of: head) == nil, !ContentSniffer.looksBinary(head),
      !String(decoding: head, as: UTF8.self).contains("profile: total"),
      let split = splitPoint(descriptor, size: size)
    else { return nil }

    let first = Half(
      descriptor: descriptor, range: 0..<split, path: path, options: options, isContinuation: false)
    let second = Half(
      descriptor: descriptor, range: split..<size, path: path, options: options, isContinuation: true)
    guard let thread = second.start() else { return nil }
    first.run()
    pthread_join(thread, nil)

    guard first.failure == nil, second.failure == nil, first.endedPlainly,
      first.builder.snapshots.count == 1, second.builder.snapshots.count == 1,
      let earlier = first.builder.snapshots.first, let later = second.builder.snapshots.first,
      later.events.isEmpty, !first.builder.lastSnapshotIDs.intersects(second.builder.lastSnapshotIDs)
    else { return nil }
    // Merged at the parser's own granularity; `--group-by functions` regroups afterwards.
    let mode = options.grouping == .exact ? GroupingMode.exact : .lines
    return [merge(earlier, later, lineOffset: first.lineCount, mode: mode)]
  }

  /// The start of a `goroutine ` line after a blank line, near the middle of the file.
  private static func splitPoint(_ descriptor: Int32, size: Int) -> Int? {
    let window = 4 << 20
    let start = size / 2
    guard let bytes = readBytes(descriptor, at: start, count: min(window, size - start)) else { return nil }
    let needle = Array("\n\ngoroutine ".utf8)
    var i = 0
    while i + needle.count <= bytes.count {
      if bytes[i] == 0x0A && bytes[i + 1] == 0x0A && Array(bytes[i..<(i + needle.count)]) == needle {
        return start + i + 2
      }
      i += 1
    }
    return nil
  }

  private static func readBytes(_ descriptor: Int32, at offset: Int, count: Int) -> [UInt8]? {
    var bytes = [UInt8](repeating: 0, count: count)
    var filled = 0
    while filled < count {
      let n = bytes.withUnsafeMutableBytes { raw -> Int in
        guard let base = raw.baseAddress else { return 0 }
        return pread(descriptor, base + filled, count - filled, off_t(offset + filled))
      }
      if n < 0 && errno == EINTR { continue }
      if n <= 0 { break }
      filled += n
    }
    return filled == count ? bytes : nil
  }

  /// One half of the file, parsed into its own builder.
  private final class Half: @unchecked Sendable {
    let builder: SnapshotBuilder
    private let parser: GoTextParser
    private let source: FileRangeSource
    private(set) var failure: (any Error)?
    private(set) var endedPlainly = false
    private(set) var lineCount = 0

    init(
      descriptor: Int32, range: Range<Int>, path: String, options: DumpReader.Options, isContinuation: Bool
    ) {
      var builderOptions = SnapshotBuilder.Options()
      builderOptions.grouping = options.grouping
      builderOptions.keepsHiddenFrames = options.keepsHiddenFrames
      builderOptions.isContinuation = isContinuation
      builder = SnapshotBuilder(source: path, options: builderOptions)
      parser = GoTextParser(builder: builder)
      source = FileRangeSource(descriptor: descriptor, range: range, name: path)
    }

    func start() -> pthread_t? {
      var thread = pthread_t()
      let context = Unmanaged.passRetained(self).toOpaque()
      let status = pthread_create(
        &thread, nil,
        { context in
          guard let context else { return nil }
          Unmanaged<Half>.fromOpaque(context).takeRetainedValue().run()
          return nil
        }, context)
      guard status == 0 else {
        Unmanaged<Half>.fromOpaque(context).release()
        return nil
      }
      return thread
    }

    func run() {
      do {
        try DumpReader.parseText(LineReader(source: source), with: parser)
        endedPlainly = parser.endsInPlainState
        lineCount = parser.linesRead
        parser.finish()
        builder.finishInput()
      } catch {
        failure = error
      }
    }
  }

  /// `later` continues `earlier`: its groups are added, its line numbers shifted.
  static func merge(_ earlier: Snapshot, _ later: Snapshot, lineOffset: Int, mode: GroupingMode) -> Snapshot {
    var result = earlier
    result.total += later.total
    var index: [Regrouping.Key: Int] = [:]
    for (position, group) in result.groups.enumerated() {
      index[Regrouping.key(of: group, mode: mode)] = position
    }
    for group in later.groups {
      if let position = index[Regrouping.key(of: group, mode: mode)] {
        result.groups[position].absorb(group)
      } else {
        index[Regrouping.key(of: group, mode: mode)] = result.groups.count
        result.groups.append(group)
      }
    }
    result.goroot = earlier.goroot ?? later.goroot
    result.groups.locateSites(goroot: result.goroot)
    result.groups.sort(by: Group.isOrderedBefore)
    var diagnostics = earlier.diagnostics
    diagnostics.unknownLineCount += later.diagnostics.unknownLineCount
    if diagnostics.firstUnknownLine == nil {
      diagnostics.firstUnknownLine = later.diagnostics.firstUnknownLine.map { $0 + lineOffset }
    }
    diagnostics.endsMidLine = later.diagnostics.endsMidLine
    diagnostics.cutLineCount += later.diagnostics.cutLineCount
    result.diagnostics = diagnostics
    return result
  }
}
