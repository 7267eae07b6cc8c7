/// A list of 32-bit ids that is emptied and refilled for every trace without giving up its
/// storage; `Array.removeAll(keepingCapacity:)` costs a generic range replacement each time.
struct IDList: RandomAccessCollection {
  private var storage: [Int32] = []
  private(set) var count = 0

  var startIndex: Int { 0 }
  var endIndex: Int { count }

  @inline(__always)
  subscript(position: Int) -> Int32 {
    get { storage[position] }
    set { storage[position] = newValue }
  }

  @inline(__always)
  mutating func append(_ id: Int32) {
    if count < storage.count {
      storage[count] = id
    } else {
      storage.append(id)
    }
    count += 1
  }

  mutating func append<S: Sequence>(contentsOf ids: S) where S.Element == Int32 {
    for id in ids { append(id) }
  }

  @inline(__always)
  mutating func removeAll() { count = 0 }

  mutating func removeLast() { count -= 1 }

  /// Keeps the first `length` ids.
  mutating func truncate(to length: Int) { count = Swift.min(count, length) }

  func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
    try storage.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[0..<(count * 4)])) }
  }
}
