/// Finds dumps among the lines of an input and hands each line to the format whose dump it
/// belongs to.
///
/// It owns what every line format shares: splitting and numbering lines, undoing what logging
/// did to them (ANSI colour, per-line prefixes, logrus quoting), and telling dumps from prose.
/// Each line goes first to the parser that took the line before, then to the others in
/// registration order; a line no parser takes is prose, which ends a dump (see
/// `SnapshotBuilder.noteProse`). A prose line that holds the start of a dump after some prefix
/// teaches the router that prefix, which it then strips from every line.
final class BlockRouter {
  // One parse, one thread: the `@exclusivity(unchecked)` fields skip runtime exclusivity
  // checks, which would cost more than the parsing itself (README, Performance).
  let cursor = LineCursor()
  let builder: SnapshotBuilder
  @exclusivity(unchecked) private var parsers: [any LineParser] = []
  /// The parser that took the last line.
  @exclusivity(unchecked) private var active: (any LineParser)?
  /// The last few prose lines, kept to be read again if a prefix is learned after them: a
  /// `panic:` line comes before the first goroutine header, where the prefix is recognised.
  private var recentProse: [(bytes: [UInt8], number: Int)] = []
  private static let recentProseLimit = 16

  init(formats: [any LineFormat], builder: SnapshotBuilder) {
    self.builder = builder
    parsers = formats.map { $0.makeParser(builder: builder, cursor: cursor) }
  }

  /// Reads `reader` to its end (without finishing the parsers); `afterChunk` may stop it by
  /// throwing.
  func read(_ reader: LineReader, afterChunk: () throws -> Void = {}) throws {
    var escapesAnnounced = false
    while let chunk = try reader.nextChunk() {
      try afterChunk()
      if !escapesAnnounced && reader.hasSeenEscape {
        escapesAnnounced = true
        cursor.unwrapper.inputHasEscapes = true
      }
      consume(chunk)
    }
  }

  func consume(_ chunk: LineReader.Chunk) {
    switch chunk.kind {
    case .lines:
      var position = chunk.bytes.base
      let end = chunk.bytes.base + chunk.bytes.count
      while position < end {
        if let active, !cursor.unwrapper.isActive {
          var declined: DeclinedLine?
          position = active.takeLines(from: position, to: end, declined: &declined)
          if let declined {
            self.active = nil
            offer(declined, except: active)
            continue
          }
          if position >= end { break }
        }
        let newline = ByteSearch.newline(in: position, count: end - position)
        cursor.number += 1
        route(LineCursor.line(at: position, length: newline))
        position += newline + 1
      }
    case .cutLine:
      cursor.number += 1
      builder.diagnostics.cutLineCount += 1
      if active?.isInsideTrace == true { builder.noteUnknown(line: cursor.number) }
    case .unterminatedLine:
      cursor.number += 1
      cursor.isUnterminated = true
      var line = chunk.bytes
      if line.last == 0x0D { line = line.dropLast(1) }
      route(line)
      cursor.isUnterminated = false
    }
  }

  /// Removes log decoration, then offers each dump line that `raw` holds.
  private func route(_ raw: ByteSlice) {
    let unwrapper = cursor.unwrapper
    guard unwrapper.isNeeded(for: raw) else {
      dispatch(raw)
      return
    }
    let unreadable = unwrapper.unreadableRecords
    unwrapper.unwrap(raw) { line in dispatch(line) }
    // A record whose text the log does not hold (journalctl shortens long ones to null).
    if unwrapper.unreadableRecords > unreadable { builder.noteUnknown(line: cursor.number) }
  }

  private func dispatch(_ line: ByteSlice) {
    guard let active else {
      offer(line, except: nil)
      return
    }
    switch active.take(line) {
    case .taken:
      return
    case .declined:
      self.active = nil
      offer(line, except: active)
    case .released:
      self.active = nil
      offer(active.releasedLine, except: active)
      dispatch(line)
    }
  }

  /// Offers a line that a parser declined or released, as line `number`.
  private func offer(_ declined: DeclinedLine, except declining: any LineParser) {
    let current = cursor.number
    cursor.number = declined.number
    offer(declined.text, except: declining)
    cursor.number = current
  }

  /// Offers a line the previous parser declined (or any line, when none is active) to the rest.
  private func offer(_ line: ByteSlice, except declining: (any LineParser)?) {
    for parser in parsers where parser !== declining {
      switch parser.take(line) {
      case .taken:
        active = parser
        if !recentProse.isEmpty { recentProse.removeAll() }
        return
      case .declined:
        continue
      case .released:
        // A parser that was not active holds nothing; answer as the active one would.
        offer(parser.releasedLine, except: parser)
        dispatch(line)
        return
      }
    }
    let text = line.trimmingWhitespace()
    guard !text.isEmpty else { return }
    // Control bytes (binary junk, a NUL from a broken pipe) or a bare CR in a line no parser
    // took: skipped and said so, and what is left offered again, so a damaged header still
    // starts its trace. Repaired lines hold neither, so this happens once per line.
    if let (lines, removed) = cursor.repair(line) {
      builder.diagnostics.noteSkipped(bytes: removed, line: cursor.number)
      // The repaired lines live in a buffer the parsers' own repairs reuse.
      for copy in lines.map({ Array($0.rawBuffer) }) {
        copy.withUnsafeBytes { dispatch(ByteSlice($0)) }
      }
      return
    }
    // Dump lines inside container records or logfmt messages: decode this line and the rest.
    if cursor.unwrapper.learnStructure(from: line) {
      route(line)
      return
    }
    // Dump lines after a prefix a logger put on every line (and maybe a closing bracket).
    let closesBracket = line.first == UInt8(ascii: "[") && line.last == UInt8(ascii: "]")
    let content = closesBracket ? line.dropLast(1) : line
    for parser in parsers {
      if let start = parser.blockStart(in: content),
        cursor.unwrapper.learnPrefix(length: start, of: line, closesBracket: closesBracket)
      {
        rereadRecentProse()
        dispatch(content.dropFirst(start))
        return
      }
    }
    builder.noteProse()
    if recentProse.count == Self.recentProseLimit { recentProse.removeFirst() }
    recentProse.append((Array(line.rawBuffer), cursor.number))
  }

  /// Offers again the prose lines before the line that taught a prefix, those that carry it.
  private func rereadRecentProse() {
    let lines = recentProse
    recentProse.removeAll()
    let current = cursor.number
    for (bytes, number) in lines {
      bytes.withUnsafeBytes { raw in
        guard let stripped = cursor.unwrapper.strippingLearnedPrefix(ByteSlice(raw)) else { return }
        cursor.number = number
        dispatch(stripped)
      }
    }
    cursor.number = current
  }

  /// Whether the input so far ended where a fresh router could simply carry on: no decoration
  /// being removed, no prose pending, and the active parser between two traces.
  var endsBetweenTraces: Bool {
    guard !cursor.unwrapper.isActive, !builder.sawProseAfterTraces else { return false }
    return active?.isBetweenTraces ?? true
  }

  /// Ends the input.
  func finish() {
    cursor.unwrapper.finish { line in dispatch(line) }
    for parser in parsers { parser.finish() }
  }
}
