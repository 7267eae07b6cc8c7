/// Which of an input's dumps a read keeps. Commands that use one or two need not hold the other
/// 600,000 of a long log. Kept dumps still carry their position among all (`Snapshot.index`),
/// and the last is always kept, so its position says how many there were.
public enum SnapshotRetention: Sendable, Equatable {
  case all
  case last
  /// The dump at this 1-based position (and the last).
  case number(Int)
  case firstAndLast
}
