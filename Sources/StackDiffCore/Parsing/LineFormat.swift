/// A text format. Its dumps are found line by line anywhere in an input, among log lines and
/// dumps of other formats: `BlockRouter` offers lines to each registered line format in turn.
protocol LineFormat: Sendable {
  var format: DumpFormat { get }
  /// A parser for one input, writing what it finds into `builder`.
  func makeParser(builder: SnapshotBuilder, cursor: LineCursor) -> any LineParser
  /// What begins a trace (after a blank line), where a large input may be cut in two and the
  /// halves parsed at once; nil when this format's dumps cannot be split.
  var traceStartMarker: [UInt8]? { get }
}

/// What a parser says about a line it was offered.
enum LineVerdict {
  /// The line belongs to this parser's dump.
  case taken
  /// Not this format's line (the parser already checked that it starts no dump of its own).
  case declined
  /// The parser held back an earlier line (its `releasedLine`) to see what came next: a line
  /// that fits nowhere inside a trace is damage if the trace goes on, prose if it does not. It
  /// did not go on: the held line was not this format's after all, and the line just offered
  /// was not looked at. The router offers the held line to the others, then the current line
  /// again.
  case released
}

/// A line a parser declined or released, with its number.
struct DeclinedLine {
  var text: ByteSlice
  var number: Int
}

/// Reads one line format's dumps, fed by `BlockRouter`.
///
/// The router offers every line first to the parser that took the line before, then to the
/// others in registration order. A parser that declines a line has already checked whether the
/// line starts another dump of its own; it is not offered the line again.
protocol LineParser: AnyObject {
  /// The router's position in the input, shared with the parser.
  var cursor: LineCursor { get }
  /// Whether `line` (log decoration removed, line end excluded) belongs to this format's dump.
  func take(_ line: ByteSlice) -> LineVerdict
  /// The line given up by the last `.released`, valid until the next call to `take`.
  var releasedLine: DeclinedLine { get }
  /// Takes whole lines, each ending in `\n`, from `position` for as long as this parser takes
  /// them. Returns where it stopped: at `end`; before a line that needs unwrapping (see
  /// `LogLineUnwrapper.isNeeded`), not counted; after a line it declined, counted and returned
  /// in `declined`; or, when it released a held line, before the line it did not look at, not
  /// counted, with the held line in `declined`.
  func takeLines(
    from position: UnsafePointer<UInt8>, to end: UnsafePointer<UInt8>, declined: inout DeclinedLine?
  ) -> UnsafePointer<UInt8>
  /// Where a block of this format starts inside `line` after some prefix a logger added; the
  /// router then strips that prefix from the lines that follow.
  func blockStart(in line: ByteSlice) -> Int?
  /// Inside a trace, where a line that cannot be read is damage worth counting.
  var isInsideTrace: Bool { get }
  /// At a point where a new parser could carry on: between two traces of one dump.
  var isBetweenTraces: Bool { get }
  /// The input ended.
  func finish()
}

extension LineParser {
  /// Parsers that never hold a line release none.
  var releasedLine: DeclinedLine {
    DeclinedLine(text: ByteSlice(base: ByteSlice.emptyBase, count: 0), number: 0)
  }

  /// No prefixed blocks: the format's lines are recognized only at the start of a line.
  func blockStart(in line: ByteSlice) -> Int? { nil }
  var isInsideTrace: Bool { false }
  /// Never split: a large input of this format is read in one pass.
  var isBetweenTraces: Bool { false }
  func finish() {}

  /// One `take` per line. Parsers with a faster way to confirm repeated lines provide their own.
  func takeLines(
    from position: UnsafePointer<UInt8>, to end: UnsafePointer<UInt8>, declined: inout DeclinedLine?
  ) -> UnsafePointer<UInt8> {
    var position = position
    while position < end {
      let newline = ByteSearch.newline(in: position, count: end - position)
      let line = LineCursor.line(at: position, length: newline)
      if cursor.unwrapper.isNeeded(for: line) { return position }
      cursor.number += 1
      switch take(line) {
      case .taken:
        position += newline + 1
      case .declined:
        declined = DeclinedLine(text: line, number: cursor.number)
        return position + newline + 1
      case .released:
        cursor.number -= 1
        declined = releasedLine
        return position
      }
    }
    return position
  }
}

/// A binary format: recognized by an input's first bytes, and read whole.
protocol BinaryFormat: Sendable {
  var format: DumpFormat { get }
  /// Whether `head`, the first bytes of a decompressed input, are this format's.
  func recognizes(head: [UInt8]) -> Bool
  func parse(_ source: inout any ByteSource, name: String, into builder: SnapshotBuilder) throws
}
