/// A line a parser holds back inside a trace until the next line says what it was: damage, when
/// the trace goes on (it then costs one "not understood" line), or the start of something else,
/// when it does not (the parser releases it, `LineVerdict.released`, for the router to offer
/// to the others).
final class HeldLine {
  private let text = ScratchBuffer(capacity: 256)
  /// The held line's number; 0 when none is held.
  private(set) var number = 0
  /// What the last `release()` gave back; valid until the next `hold`.
  private(set) var released = DeclinedLine(text: ByteSlice(base: ByteSlice.emptyBase, count: 0), number: 0)

  var isHeld: Bool { number > 0 }

  func hold(_ raw: ByteSlice, number: Int) {
    text.removeAll()
    text.append(raw)
    self.number = number
  }

  /// The trace went on past the held line: it was damage inside it.
  func countAsDamage(in builder: SnapshotBuilder) {
    builder.noteUnknown(line: number)
    number = 0
  }

  /// The trace ended before the held line: it goes back to the router.
  func release() -> LineVerdict {
    released = DeclinedLine(text: text.slice, number: number)
    number = 0
    return .released
  }

  func forget() { number = 0 }
}
