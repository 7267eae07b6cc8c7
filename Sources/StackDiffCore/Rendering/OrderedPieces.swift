/// Renders a long list in batches on two cores, handing the text over in list order: a report of
/// 200,000 distinct stacks spends most of its time printing them, and one core would idle.
///
/// Batch `k + 1` is rendered on a second thread while batch `k` is rendered on the caller's, so
/// at most two batches of text exist at once and the output is the same bytes as one pass.
enum OrderedPieces {
  /// Items per batch: a few milliseconds of printing, and well under a megabyte of text.
  static let batchSize = 1024

  /// Calls `emit` with `render(range)` for consecutive ranges covering `0..<count`, in order.
  static func render(
    count: Int, batchSize: Int = batchSize, _ render: @escaping @Sendable (Range<Int>) -> String,
    emit: (String) -> Void
  ) {
    var start = 0
    while start < count {
      let first = start..<min(start + batchSize, count)
      let second = first.upperBound..<min(first.upperBound + batchSize, count)
      start = second.upperBound
      guard !second.isEmpty else {
        emit(render(first))
        break
      }
      let (text, secondText) = TwoCores.run({ render(first) }, { render(second) })
      emit(text)
      emit(secondText)
    }
  }
}
