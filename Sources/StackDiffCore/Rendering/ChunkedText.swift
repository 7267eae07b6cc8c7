/// Report text handed to a sink in pieces of about 64 KiB as it is produced, so a report that
/// lists hundreds of thousands of groups (`--all`) is never whole in memory.
struct ChunkedText {
  private var buffer = ""
  private let sink: (String) -> Void
  private static let pieceSize = 1 << 16

  init(sink: @escaping (String) -> Void) {
    self.sink = sink
  }

  static func += (text: inout ChunkedText, piece: String) {
    text.buffer += piece
    if text.buffer.utf8.count >= pieceSize { text.flush() }
  }

  /// Appends in place, for writers that build a piece directly in the buffer.
  mutating func append(_ write: (inout String) -> Void) {
    write(&buffer)
    if buffer.utf8.count >= Self.pieceSize { flush() }
  }

  /// Appends `piece`, handing a large one to the sink as it is rather than copying it.
  mutating func write(piece: String) {
    guard piece.utf8.count >= Self.pieceSize else {
      self += piece
      return
    }
    flush()
    sink(piece)
  }

  /// Hands over what is left; call once at the end.
  mutating func flush() {
    guard !buffer.isEmpty else { return }
    sink(buffer)
    buffer = ""
  }
}
