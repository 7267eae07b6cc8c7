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
