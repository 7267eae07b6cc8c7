/// The first bytes of each of a list of names, past the bytes all of them start with, as
/// big-endian words: comparing words orders the names as their bytes do.
///
/// Sorting thousands of distinct frames compares each name many times, and reading a name
/// waits on memory for its storage; these words sit in one array. A pair is decided here only
/// when both names are ASCII (where byte order is Swift's order, `StringOrder`) and the words
/// differ; every other pair is left to the full comparison, so the order is exactly the same.
struct FrameNamePrefixes {
  static let wordsPerName = 6
  /// `wordsPerName` words per name; meaningless where `isKeyed` is false.
  private let words: [UInt64]
  private let isKeyed: [Bool]

  init(_ names: [String]) {
    let skipped = Self.sharedPrefixLength(names)
    var words = [UInt64](repeating: 0, count: names.count * Self.wordsPerName)
    var isKeyed = [Bool](repeating: false, count: names.count)
    words.withUnsafeMutableBufferPointer { words in
      for (index, name) in names.enumerated() {
        isKeyed[index] =
          name.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            guard bytes.isASCII else { return false }
            for word in 0..<Self.wordsPerName {
              words[index * Self.wordsPerName + word] = Self.word(bytes, at: skipped + word * 8)
            }
            return true
          } ?? false
      }
    }
    self.words = words
    self.isKeyed = isKeyed
  }

  /// The order of the names at `a` and `b` when their words tell it, else nil (equal words, or
  /// a name that is not ASCII or not stored contiguously).
  @inline(__always)
  func compare(_ a: Int, _ b: Int) -> Int? {
    guard isKeyed[a], isKeyed[b] else { return nil }
    return words.withUnsafeBufferPointer { words -> Int? in
      let baseA = a * Self.wordsPerName
      let baseB = b * Self.wordsPerName
      for word in 0..<Self.wordsPerName where words[baseA + word] != words[baseB + word] {
        return words[baseA + word] < words[baseB + word] ? -1 : 1
      }
      return nil
    }
  }

  /// Eight bytes from `offset`, the first most significant, zeros past the end. A name that
  /// ends where another goes on gets a zero where the other has a byte: shorter first, as in
  /// Swift. Names equal up to a zero byte tie, and are left to the full comparison.
  @inline(__always)
  private static func word(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> UInt64 {
    var word: UInt64 = 0
    for index in offset..<(offset + 8) {
      word = word << 8 | UInt64(index < bytes.count ? bytes[index] : 0)
    }
    return word
  }

  /// How many leading bytes all the names share: words that repeat them would tell no pair
  /// apart (`example.com/app/…`).
  private static func sharedPrefixLength(_ names: [String]) -> Int {
    guard let shared = names.first.map({ Array($0.utf8) }) else { return 0 }
    var length = shared.count
    shared.withUnsafeBufferPointer { shared in
      for name in names.dropFirst() where length > 0 {
        length =
          name.utf8.withContiguousStorageIfAvailable { bytes in
            var common = 0
            while common < min(length, bytes.count) && bytes[common] == shared[common] { common += 1 }
            return common
          } ?? 0
      }
    }
    return length
  }
}
