/// Numbers drawn from a seed (a 64-bit linear congruential generator): tests that compare a
/// shortcut with the plain algorithm on many drawn inputs get the same inputs on every run.
struct SeededDraw {
  var state: UInt64

  /// A number in `0..<bound`.
  mutating func next(_ bound: Int) -> Int {
    advance()
    return Int(state >> 33) % bound
  }

  /// A word whose every bit varies: the state through SplitMix64's finalizer, for tests of
  /// hashes and sorts by bits.
  mutating func nextWord() -> UInt64 {
    advance()
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  private mutating func advance() {
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
  }
}
