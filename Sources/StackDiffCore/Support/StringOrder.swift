/// Three-way comparison of strings in Swift's own order (`<` and `==`, by Unicode canonical
/// equivalence), decided from their bytes when Unicode cannot change the answer.
///
/// Sorting hundreds of thousands of distinct stacks compares millions of names and paths;
/// `!=` followed by `<` calls into the runtime twice, where most pairs differ at an ASCII
/// byte that decides them. Anything else falls back to the runtime's comparison.
enum StringOrder {
  /// Negative when `a < b`, 0 when `a == b`, positive otherwise.
  @inline(__always)
  static func compare(_ a: String, _ b: String) -> Int {
    let decided = a.utf8.withContiguousStorageIfAvailable { a in
      b.utf8.withContiguousStorageIfAvailable { b in compare(bytes: a, b) }
    }
    if let decided, let decided, let decided { return decided }
    return a == b ? 0 : (a < b ? -1 : 1)
  }

  /// `a == b`, in one pass over bytes that differ: strings of two snapshots are equal without
  /// sharing storage, and the runtime's `==` costs a few hundred instructions then.
  @inline(__always)
  static func equal(_ a: String, _ b: String) -> Bool { compare(a, b) == 0 }

  /// The same for optional strings: both absent, or both present and equal.
  @inline(__always)
  static func equal(_ a: String?, _ b: String?) -> Bool {
    switch (a, b) {
    case (nil, nil): return true
    case (let a?, let b?): return compare(a, b) == 0
    default: return false
    }
  }

  /// The order of two strings from their UTF-8, or nil when a non-ASCII byte next to where
  /// they part could make Unicode normalization order them otherwise.
  private static func compare(bytes a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int? {
    guard let baseA = a.baseAddress, let baseB = b.baseAddress else {
      return a.count == b.count ? 0 : nil
    }
    if baseA == baseB && a.count == b.count { return 0 }
    let common = min(a.count, b.count)
    let parting = firstDifference(baseA, baseB, count: common)
    if parting == common {
      if a.count == b.count { return 0 }
      // One is the other plus more: shorter first, unless what follows may combine with it.
      let next = a.count > common ? baseA[common] : baseB[common]
      guard next < 0x80 else { return nil }
      return a.count < b.count ? -1 : 1
    }
    let byteA = baseA[parting]
    let byteB = baseB[parting]
    guard byteA < 0x80, byteB < 0x80 else { return nil }
    // An ASCII byte followed by a combining mark is not the character it looks like.
    if parting + 1 < a.count && baseA[parting + 1] >= 0x80 { return nil }
    if parting + 1 < b.count && baseB[parting + 1] >= 0x80 { return nil }
    return byteA < byteB ? -1 : 1
  }

  /// The index of the first byte at which `a` and `b` differ, or `count`; eight bytes a step.
  @inline(__always)
  private static func firstDifference(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, count: Int) -> Int
  {
    let rawA = UnsafeRawPointer(a)
    let rawB = UnsafeRawPointer(b)
    var index = 0
    while index + 8 <= count {
      let difference =
        rawA.loadUnaligned(fromByteOffset: index, as: UInt64.self)
        ^ rawB.loadUnaligned(fromByteOffset: index, as: UInt64.self)
      if difference != 0 { return index + UInt64(littleEndian: difference).trailingZeroBitCount / 8 }
      index += 8
    }
    while index < count && a[index] == b[index] { index += 1 }
    return index
  }
}
