#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Parses a large plain-text dump file in two halves on two cores.
///
/// The file is split where a trace starts after a blank line (a line format's
/// `traceStartMarker` followed by a digit), both halves are parsed at once, and their groups are
/// merged. The result is used only when it is certainly what one pass would give: each half holds
/// one dump of that format, no trace id appears in both, and the first half ends between two
/// traces with nothing pending (log decoration, prose, a crash section). Otherwise the caller
/// parses the file in one pass.
enum ParallelTextReader {
  /// Smaller files parse in a few tens of milliseconds; a second thread is not worth it.
  static let minimumSize = 32 << 20

  static func read(path: String, options: DumpReader.Options, minimumSize: Int = minimumSize) -> [Snapshot]? {
    guard !options.keepTraces else { return nil }
    let formats = options.candidateFormats
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
      InflatingSource.container(of: head) == nil, !ContentSniffer.looksBinary(head)
    else { return nil }
    for splittable in formats.lineFormats {
      guard let marker = splittable.traceStartMarker,
        holdsOnly(splittable.format, head: head, options: options),
        let split = splitPoint(descriptor, size: size, marker: marker)
      else { continue }
      return read(
        descriptor: descriptor, size: size, split: split, path: path, options: options,
        expecting: splittable.format)
    }
    return nil
  }

  private static func read(
    descriptor: Int32, size: Int, split: Int, path: String, options: DumpReader.Options,
    expecting format: DumpFormat
  ) -> [Snapshot]? {
    let first = Half(
      descriptor: descriptor, range: 0..<split, path: path, options: options, isContinuation: false)
    let second = Half(
      descriptor: descriptor, range: split..<size, path: path, options: options, isContinuation: true)
    guard let thread = NativeThread.start({ second.run() }) else { return nil }
    first.run()
    thread.join()

    guard first.failure == nil, second.failure == nil, first.endedBetweenTraces,
      first.snapshots.count == 1, second.snapshots.count == 1,
      first.snapshots[0].format == format, second.snapshots[0].format == format,
      second.snapshots[0].events.isEmpty, !first.holdsDuplicateKeys, !second.holdsDuplicateKeys,
      !first.builder.lastSnapshotIDs.intersects(second.builder.lastSnapshotIDs)
    else { return nil }
    // Taken out of the halves, so that merging changes the only copy of their groups.
    var earlier = first.takeSnapshots()
    var later = second.takeSnapshots()
    return [
      merge(
        earlier.removeLast(), later.removeLast(), lineOffset: first.lineCount, mode: mergeMode(options),
        sortsGroups: options.sortsGroups, hashes: (first.hashes, second.hashes))
    ]
  }

  /// Halves are merged at the parser's own granularity; `--group-by functions` regroups afterwards.
  private static func mergeMode(_ options: DumpReader.Options) -> GroupingMode {
    options.grouping == .functions ? .lines : options.grouping
  }

  /// Whether the file's first bytes hold dumps of `format` and nothing else: a file that starts
  /// with another format's dump (a profile, say) would be split for nothing.
  private static func holdsOnly(_ format: DumpFormat, head: [UInt8], options: DumpReader.Options) -> Bool {
    let builder = SnapshotBuilder(source: "", options: options.builderOptions)
    let router = BlockRouter(formats: options.candidateFormats.lineFormats, builder: builder)
    do {
      try router.read(LineReader(source: MemorySource(head)))
    } catch {
      return false
    }
    router.finish()
    builder.finishInput()
    return !builder.snapshots.isEmpty && builder.snapshots.allSatisfy { $0.format == format }
  }

  /// The start of a trace (`marker` and a digit) after a blank line, near the middle of the file.
  private static func splitPoint(_ descriptor: Int32, size: Int, marker: [UInt8]) -> Int? {
    let start = size / 2
    // Traces are a few hundred bytes, so the small window nearly always holds a start; reading
    // 4 MB every time took a few milliseconds of the 80 a 100 MB dump takes.
    for window in [64 << 10, 4 << 20] {
      let count = min(window, size - start)
      guard let bytes = readBytes(descriptor, at: start, count: count) else { return nil }
      if let found = firstTraceStart(in: bytes, marker: marker) { return start + found }
      if count < window { return nil }
    }
    return nil
  }

  /// Where the first trace after a blank line starts in `bytes`.
  private static func firstTraceStart(in bytes: [UInt8], marker: [UInt8]) -> Int? {
    let needle = [0x0A, 0x0A] + marker
    var i = 0
    while i + needle.count < bytes.count {
      if bytes[i] == 0x0A && bytes[i + 1] == 0x0A && Array(bytes[i..<(i + needle.count)]) == needle
        && bytes[i + needle.count] &- 0x30 < 10
      {
        return i + 2
      }
      i += 1
    }
    return nil
  }

  /// `count` bytes of the file from `offset`; nil when it holds fewer or cannot be read.
  static func readBytes(_ descriptor: Int32, at offset: Int, count: Int) -> [UInt8]? {
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
    /// Dropped after the run: its parsers hold the frame interner, which the merge must not.
    private var router: BlockRouter?
    private let source: FileRangeSource
    private(set) var failure: (any Error)?
    private(set) var endedBetweenTraces = false
    private(set) var lineCount = 0
    private let sortsGroups: Bool
    private let mergeMode: GroupingMode
    /// The builder's snapshots, taken when the run ends.
    var snapshots: [Snapshot] = []
    /// `GroupIndex.hashes` of the groups of a lone snapshot, for the merge.
    private(set) var hashes: [Int] = []
    /// Two of its groups have one merge key: merged halves would not be what one pass gives.
    private(set) var holdsDuplicateKeys = false

    init(
      descriptor: Int32, range: Range<Int>, path: String, options: DumpReader.Options, isContinuation: Bool
    ) {
      var builderOptions = options.builderOptions
      builderOptions.isContinuation = isContinuation
      builderOptions.sortsGroups = false
      sortsGroups = options.sortsGroups
      mergeMode = ParallelTextReader.mergeMode(options)
      builder = SnapshotBuilder(source: path, options: builderOptions)
      router = BlockRouter(formats: options.candidateFormats.lineFormats, builder: builder)
      source = FileRangeSource(descriptor: descriptor, range: range, name: path)
    }

    func run() {
      parse()
      snapshots = builder.takeSnapshots()
      // Each half hashes and sorts its own groups on its own core, once its parser and frame
      // interner are gone; the merge's sort then mostly merges two sorted runs. The groups
      // remember their hashes before the sort, while they are in the order they were made,
      // which is the order of their frames in memory: hashed in report order, each group
      // waited on memory for its frames and names, and took twice as long.
      let index =
        snapshots.count == 1
        ? GroupIndex(key: ComparisonKey(mode: mergeMode, format: snapshots[0].format)) : nil
      if let index { _ = index.rememberingHashes(of: &snapshots[0].groups) }
      if sortsGroups {
        for index in snapshots.indices { snapshots[index].sortGroupsIntoReportOrder() }
      }
      if let index {
        hashes = index.hashes(of: snapshots[0].groups)
        holdsDuplicateKeys = index.holdsDuplicateKeys(snapshots[0].groups, hashes: hashes)
      }
    }

    func takeSnapshots() -> [Snapshot] {
      defer { snapshots = [] }
      return snapshots
    }

    private func parse() {
      defer { router = nil }
      guard let router else { return }
      do {
        try router.read(LineReader(source: source))
        endedBetweenTraces = router.endsBetweenTraces
        lineCount = router.cursor.number
        router.finish()
        builder.finishInput()
      } catch {
        failure = error
      }
    }
  }

  /// `later` continues `earlier`: its groups are added, its line numbers shifted.
  static func merge(
    _ earlier: consuming Snapshot, _ later: Snapshot, lineOffset: Int, mode: GroupingMode,
    sortsGroups: Bool = true, hashes: (own: [Int], later: [Int])? = nil
  ) -> Snapshot {
    var result = earlier
    let earlierLayout = result.layout
    let earlierCount = result.groups.count
    let absorbing = result.fold(later, mode: mode, countingDumps: false, hashes: hashes)
    if earlierLayout != later.layout {
      // Each half learned what its own frames revealed; judge every frame by what both did.
      result.layout.languageRoot = earlierLayout.languageRoot ?? later.layout.languageRoot
      result.layout.mainImage = earlierLayout.mainImage ?? later.layout.mainImage
      result.classifyFramesAgain()
      if sortsGroups { result.sortGroupsIntoReportOrder() }
    } else if sortsGroups {
      // Each half sorted its own groups: merge them, moving those whose counts grew.
      result.groupsAreKnownInReportOrder = result.groups.mergeIntoReportOrder(
        runsSplitAt: earlierCount, changed: absorbing)
    }
    result.diagnostics.absorb(later.diagnostics, lineOffset: lineOffset)
    return result
  }
}

extension Snapshot {
  /// Asks the dialect for every frame's verdicts again, after `layout` changed.
  mutating func classifyFramesAgain() {
    let dialect = format.dialect
    for group in groups.indices {
      for frame in groups[group].frames.indices {
        dialect.classify(&groups[group].frames[frame], in: layout)
      }
      if var creator = groups[group].createdBy {
        dialect.classify(&creator, in: layout)
        groups[group].createdBy = creator
      }
    }
  }
}
