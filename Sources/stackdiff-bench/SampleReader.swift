/// A goroutine of a real `debug=2` dump, cut after its id so copies can be renumbered.
struct GoroutineBlock {
  /// Everything after `goroutine <id>`: ` [state]:`, the frames, a final newline.
  let tail: [UInt8]
  /// The goroutine that wrote the dump (`runtime/pprof` on its stack): a dump has one.
  let isDumpTaker: Bool
  let text: String
}

/// One `N @ 0x…` record of a real pprof `debug=1` profile.
struct ProfileRecord {
  let count: Int
  /// ` @ 0x… 0x…` and its newline: what follows the count.
  let stackLine: [UInt8]
  /// The `#\t0x…\tfunction+0x…\tfile:line` lines, each with its newline, labels dropped.
  let frameLines: [UInt8]
  /// The same frames, innermost first, for the protobuf encoder.
  let frames: [ProfileFrame]
  let isDumpTaker: Bool
}

struct ProfileFrame: Hashable {
  let address: UInt64
  let function: String
  let file: String
  let line: Int
}

/// A thread of a real Swift runtime-backtracer report, cut after its number so copies can be
/// renumbered.
struct ThreadSection {
  /// Everything after `Thread <n>`: ` "name":` (or ` "name" crashed:`), a blank line, the frame
  /// rows, the `...` row and one blank line, byte for byte as captured.
  let tail: [UInt8]
  let isCrashed: Bool
}

/// A real Swift backtracer report (`SWIFT_BACKTRACE` text) cut into the parts a larger report is
/// assembled from: header + threads + trailer gives back the captured file byte for byte.
struct BacktraceReport {
  /// Up to the first thread: the `*** Signal …: Backtracing from … ***` banner,
  /// `*** Program crashed: … ***` and `Platform: …`.
  let header: [UInt8]
  let threads: [ThreadSection]
  /// After the last thread's blank line: `Registers:`, `Images (…):` and `Backtrace took …`.
  let trailer: [UInt8]
}

/// Reads the committed sample dumps the generated inputs are assembled from.
enum SampleReader {
  static func goroutineBlocks(path: String) throws -> [GoroutineBlock] {
    var blocks: [GoroutineBlock] = []
    for paragraph in try paragraphs(path: path) {
      let header = paragraph[0]
      guard header.hasPrefix("goroutine ") else { continue }
      let afterWord = header.dropFirst("goroutine ".count)
      let digits = afterWord.prefix { $0.isASCII && $0.isNumber }
      guard !digits.isEmpty else { continue }
      let rest = [String(afterWord.dropFirst(digits.count))] + paragraph.dropFirst()
      let tail = rest.joined(separator: "\n") + "\n"
      let text = paragraph.joined(separator: "\n")
      blocks.append(
        GoroutineBlock(tail: Array(tail.utf8), isDumpTaker: text.contains("runtime/pprof."), text: text))
    }
    guard !blocks.isEmpty else { throw BenchError("\(path): no goroutine blocks found") }
    return blocks
  }

  static func profileRecords(path: String) throws -> [ProfileRecord] {
    var records: [ProfileRecord] = []
    for paragraph in try paragraphs(path: path) {
      let lines = paragraph.filter { !$0.hasPrefix("goroutine profile:") && !$0.hasPrefix("# labels:") }
      guard let first = lines.first else { continue }
      let countText = first.prefix { $0.isASCII && $0.isNumber }
      let stack = first.dropFirst(countText.count)
      guard let count = Int(countText), stack.hasPrefix(" @") else {
        throw BenchError("\(path): expected a 'N @ 0x…' record, found '\(first)'")
      }
      var frames: [ProfileFrame] = []
      var frameLines = ""
      for line in lines.dropFirst() {
        guard let frame = parseFrame(line) else {
          throw BenchError("\(path): cannot read the frame line '\(line)'")
        }
        frames.append(frame)
        frameLines += line + "\n"
      }
      records.append(
        ProfileRecord(
          count: count, stackLine: Array((stack + "\n").utf8), frameLines: Array(frameLines.utf8),
          frames: frames, isDumpTaker: frames.contains { $0.function.hasPrefix("runtime/pprof.") }))
    }
    guard !records.isEmpty else { throw BenchError("\(path): no profile records found") }
    return records
  }

  /// The one report of a backtracer capture. Threads are the `Thread <n> "name":` sections; they
  /// end where the next thread or the `Registers:` / `Images (…):` / `Backtrace took` part starts.
  static func backtraceReport(path: String) throws -> BacktraceReport {
    let data = try FileSystem.readFile(path)
    var lineStarts: [Int] = [0]
    for (offset, byte) in data.enumerated() where byte == UInt8(ascii: "\n") && offset + 1 < data.count {
      lineStarts.append(offset + 1)
    }
    func starts(_ line: Int, with prefix: [UInt8]) -> Bool {
      data[lineStarts[line]...].starts(with: prefix)
    }
    let threadLines = lineStarts.indices.filter { isThreadHeader(data[lineStarts[$0]...]) }
    guard let firstThread = threadLines.first else { throw BenchError("\(path): no `Thread <n>` sections") }
    guard
      let trailerLine = lineStarts.indices.first(where: { line in
        line > firstThread && trailerPrefixes.contains { starts(line, with: $0) }
      })
    else { throw BenchError("\(path): no Registers, Images or `Backtrace took` after the threads") }

    var threads: [ThreadSection] = []
    var trailerStart = 0
    for (index, line) in threadLines.enumerated() where line < trailerLine {
      let next = index + 1 < threadLines.count ? min(threadLines[index + 1], trailerLine) : trailerLine
      // The section's rows up to the newline of its last non-blank row, then one blank line.
      var end = lineStarts[next]
      while end > lineStarts[line] && data[end - 1] == UInt8(ascii: "\n") { end -= 1 }
      end += 2
      let afterNumber = data[lineStarts[line]...].dropFirst(threadWord.count).drop { isDigit($0) }
      let tail = Array(data[afterNumber.startIndex..<end])
      guard end <= lineStarts[next], data[end - 1] == UInt8(ascii: "\n"),
        next == trailerLine || end == lineStarts[next]
      else {
        throw BenchError("\(path): the thread at line \(line + 1) does not end with one blank line")
      }
      let headerLine = tail.prefix { $0 != UInt8(ascii: "\n") }
      threads.append(
        ThreadSection(tail: tail, isCrashed: headerLine.reversed().starts(with: crashedSuffix.reversed())))
      trailerStart = end
    }
    return BacktraceReport(
      header: Array(data[..<lineStarts[firstThread]]), threads: threads, trailer: Array(data[trailerStart...])
    )
  }

  /// `Thread 12 "name":` or `Thread 0 "name" crashed:`.
  private static func isThreadHeader(_ line: ArraySlice<UInt8>) -> Bool {
    guard line.starts(with: threadWord) else { return false }
    let afterWord = line.dropFirst(threadWord.count)
    let afterNumber = afterWord.drop { isDigit($0) }
    return afterNumber.startIndex > afterWord.startIndex && afterNumber.starts(with: Array(" \"".utf8))
  }

  private static func isDigit(_ byte: UInt8) -> Bool {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
  }

  static let threadWord = Array("Thread ".utf8)
  private static let crashedSuffix = Array(" crashed:".utf8)
  private static let trailerPrefixes = ["Registers:", "Images (", "Backtrace took"].map { Array($0.utf8) }

  /// `#\t0x66fc04\tmain.sumInt+0x44\t/x/main.go:27` (tabs repeated for alignment).
  private static func parseFrame(_ line: String) -> ProfileFrame? {
    let fields = line.split(separator: "\t")
    guard fields.count == 4, fields[0] == "#", fields[1].hasPrefix("0x"),
      let address = UInt64(fields[1].dropFirst(2), radix: 16),
      let colon = fields[3].lastIndex(of: ":"),
      let lineNumber = Int(fields[3][fields[3].index(after: colon)...])
    else { return nil }
    var function = fields[2]
    if let offset = function.ranges(of: "+0x").last {
      function = function[..<offset.lowerBound]
    }
    return ProfileFrame(
      address: address, function: String(function), file: String(fields[3][..<colon]), line: lineNumber)
  }

  /// The file's runs of non-empty lines.
  private static func paragraphs(path: String) throws -> [[String]] {
    let data = try FileSystem.readFile(path)
    var result: [[String]] = []
    var current: [String] = []
    for line in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
    {
      if line.isEmpty {
        if !current.isEmpty { result.append(current) }
        current = []
      } else {
        current.append(String(line))
      }
    }
    if !current.isEmpty { result.append(current) }
    return result
  }
}
