import Testing

@testable import StackDiffCore

@Suite struct RadixSortTests {
  /// Words that differ in every byte, in some bytes only, and repeat: the standard sort's order.
  @Test(arguments: [0, 1, 2, 1000, 70_000])
  func sortsAsTheStandardSortDoes(count: Int) {
    var draw = SeededDraw(state: UInt64(count))
    let words = (0..<count).map { index -> UInt64 in
      switch index % 3 {
      case 0: return draw.nextWord()
      // Heap addresses: high bytes shared, low bits of 16-byte alignment clear.
      case 1: return 0x7F3A_0000_0000 | (draw.nextWord() & 0xFFFF_FFF0)
      default: return UInt64(index / 7)
      }
    }
    #expect(RadixSort.sorted(words) == words.sorted())
  }

  @Test func wordsAlikeInEveryByteStayAsTheyAre() {
    let words = [UInt64](repeating: 0x1234_5678_9ABC_DEF0, count: 300)
    #expect(RadixSort.sorted(words) == words)
  }
}
