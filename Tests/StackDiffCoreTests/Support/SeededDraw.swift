/// Numbers drawn from a seed (a 64-bit linear congruential generator): tests that compare a
/// shortcut with the plain algorithm on many drawn inputs get the same inputs on every run.
struct SeededDraw {
  var state: UInt64

  /// A number in `0..<bound`.
  mutating func next(_ bound: Int) -> Int {
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    return Int(state >> 33) % bound
  }
}
