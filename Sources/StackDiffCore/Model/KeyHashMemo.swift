/// A group's key hash (`ComparisonKey.hash`) under one key, kept with the group: reading a large
/// dump hashes every group to merge its halves, and a diff would hash each one again.
///
/// Not part of the group's value (equal groups are equal whatever they remember), and forgotten
/// whenever a field a key reads changes.
struct KeyHashMemo: Sendable {
  /// The key's `ComparisonKey.memoCode`; 0 when nothing is remembered.
  var code: UInt64 = 0
  var hash = 0
}

extension KeyHashMemo: Equatable {
  static func == (_: KeyHashMemo, _: KeyHashMemo) -> Bool { true }
}
