/// What a printed stack says where the dump left frames out: one wording for the text report,
/// folded stacks and flame graphs.
enum StackMarker {
  /// Go ≤1.20 cut the stack after 100 frames.
  static let trailingElision = "...additional frames elided..."
  /// A goroutine caught running on another thread: the runtime printed no frames.
  static let stackUnavailable = "(stack unavailable: running on another thread)"

  /// Go 1.21+ left out `count` frames between the innermost and outermost 50.
  static func middleElision(_ count: Int) -> String { "...\(count) frames elided..." }
}
