/// Which hashes were certainly never added: a Bloom filter, two bits of one word per hash.
/// Small enough to stay in a core's cache where the table of the hashes themselves does not,
/// so that a key seen for the first time, most keys in a dump of distinct stacks, is known new
/// without a lookup in that table. It may say "maybe" of a hash never added (one in twenty at
/// most, one in seventy typically); never "no" of one that was.
struct PresenceFilter {
  private var words: [UInt64]
  private var bitCountLog2: Int
  private(set) var count = 0

  init() {
    bitCountLog2 = 16
    words = [UInt64](repeating: 0, count: (1 << 16) / 64)
  }

  @inline(__always)
  func mayContain(_ hash: UInt64) -> Bool {
    let (word, mask) = bits(hash)
    return words[word] & mask == mask
  }

  /// Adds `hash`; `allHashes` gives every hash added so far, for when the filter grows (at
  /// eight bits per hash: a million frames take 2 MB, a core's cache).
  @inline(__always)
  mutating func add(_ hash: UInt64, allHashes: (Int) -> UInt64) {
    count += 1
    if count << 3 > 1 << bitCountLog2 {
      grow(allHashes: allHashes)
    } else {
      set(hash)
    }
  }

  @inline(__always)
  private mutating func set(_ hash: UInt64) {
    let (word, mask) = bits(hash)
    words[word] |= mask
  }

  /// Both bits in one word, so that a test reads memory once: a filter of a million frames is
  /// as large as a core's cache, and misses in it too. Taken from bits of the hash that the
  /// table's slot (its low bits) and tag (its high half) do not use alone.
  @inline(__always)
  private func bits(_ hash: UInt64) -> (word: Int, mask: UInt64) {
    let mixed = (hash ^ (hash >> 29)) &* 0xBF58_476D_1CE4_E5B9
    let word = Int(truncatingIfNeeded: mixed >> UInt64(64 - (bitCountLog2 - 6)))
    return (word, 1 << (mixed & 63) | 1 << ((mixed >> 6) & 63))
  }

  private mutating func grow(allHashes: (Int) -> UInt64) {
    bitCountLog2 += 1
    words = [UInt64](repeating: 0, count: (1 << bitCountLog2) / 64)
    for index in 0..<count { set(allHashes(index)) }
  }
}
