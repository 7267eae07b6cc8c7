import Testing

@testable import StackDiffCore

/// `StringOrder.compare` decides from bytes where it can; it must always agree with Swift's own
/// `<` and `==`, which order by Unicode canonical equivalence.
@Suite struct StringOrderTests {
  private func swiftOrder(_ a: String, _ b: String) -> Int { a == b ? 0 : (a < b ? -1 : 1) }

  @Test(arguments: [
    ("", ""), ("", "a"), ("a", "b"), ("runtime.gopark", "runtime.goparkunlock"),
    ("example.com/app/pkg1.(*Queue).loadBatch12", "example.com/app/pkg1.(*Queue).loadBatch13"),
    ("/usr/local/go/src/runtime/proc.go", "/usr/local/go/src/runtime/proc.go"),
    ("12345678", "12345679"), ("1234567812345678x", "1234567812345678y"),
    // Canonically equal, different bytes: é precomposed and e with a combining acute.
    ("caf\u{E9}", "cafe\u{301}"), ("cafe\u{301}", "caf\u{E9}"),
    // An ASCII byte that a combining mark turns into a character after `f`.
    ("cafe\u{301}x", "caffe"), ("abcdefghe\u{301}", "abcdefghf"), ("abc", "abc\u{301}"),
    ("na\u{EF}ve", "naive"), ("\u{1F600}", "~"), ("Z", "a"),
  ])
  func agreesWithSwift(a: String, b: String) {
    #expect(StringOrder.compare(a, b).signum() == swiftOrder(a, b))
    #expect(StringOrder.compare(b, a).signum() == swiftOrder(b, a))
  }

  /// Strings drawn from ASCII, precomposed letters and combining marks, in every pairing.
  @Test func agreesWithSwiftOnMixedStrings() {
    let pieces = ["a", "e", "f", "\u{E9}", "\u{301}", "\u{327}", "/", ".", "z", "\u{1E09}", "c"]
    var draw = SeededDraw(state: 0x9E37_79B9_7F4A_7C15)
    func next(_ bound: Int) -> Int { draw.next(bound) }
    var strings: [String] = []
    for _ in 0..<300 {
      strings.append((0..<next(20)).map { _ in pieces[next(pieces.count)] }.joined())
    }
    // Long shared prefixes, so that the eight-byte steps are exercised too.
    strings += strings.prefix(60).map { "example.com/app/pkg0.(*Queue)." + $0 }
    var disagreements: [String] = []
    for a in strings {
      for b in strings.prefix(120) where StringOrder.compare(a, b).signum() != swiftOrder(a, b) {
        disagreements.append("\(a.debugDescription) vs \(b.debugDescription)")
      }
    }
    #expect(disagreements.prefix(10) == [], "\(disagreements.count) pairs disagree")
  }
}
