/// How groups and functions are ranked by growth, in diff, trend and their functions tables:
/// larger growth first, but user code first when the other's growth is at most a quarter
/// larger, since what grows along with a leak (a transport's read loop, idle connections) has
/// no user frame.
enum GrowthOrder {
  /// Whether growth `a` ranks before growth `b`; nil when they tie and something else decides.
  static func isBefore(_ a: Int, userCode aIsUser: Bool, _ b: Int, userCode bIsUser: Bool) -> Bool? {
    let aRank = rank(a, hasUserCode: aIsUser)
    let bRank = rank(b, hasUserCode: bIsUser)
    if aRank != bRank { return aRank > bRank }
    if aIsUser != bIsUser { return aIsUser }
    if a != b { return a > b }
    return nil
  }

  /// Growth weighted so that user code wins near-ties: +10 in user code ranks with +12.5
  /// without. Transitive, unlike comparing two deltas with a tolerance.
  private static func rank(_ delta: Int, hasUserCode: Bool) -> Int {
    delta > 0 && hasUserCode ? delta * 5 : delta > 0 ? delta * 4 : delta * 5
  }
}
