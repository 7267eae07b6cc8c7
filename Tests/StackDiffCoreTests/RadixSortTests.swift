import Testing

@testable import StackDiffCore

@Suite struct RadixSortTests {
  /// Words that differ in every byte, in some bytes only, and repeat: the standard sort's order.
  @Test(arguments: [0, 1, 2, 1000, 70_000])
  func sortsAsTheStandardSortDoes(count: Int) {
    var generator = SplitMix(seed: UInt64(count))
    let words = (0..<count).map { index -> UInt64 in
      switch index % 3 {
      case 0: return generator.next()
      // Heap addresses: high bytes shared, low bits of 16-byte alignment clear.
      case 1: return 0x7F3A_0000_0000 | (generator.next() & 0xFFFF_FFF0)
      default: return UInt64(index / 7)
      }
    }
    #expect(RadixSort.sorted(words) == words.sorted())
  }

  @Test func wordsAlikeInEveryByteStayAsTheyAre() {
    let words = [UInt64](repeating: 0x1234_5678_9ABC_DEF0, count: 300)
    #expect(RadixSort.sorted(words) == words)
  }

  /// A fixed sequence of well-mixed words.
  private struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
  }
}
