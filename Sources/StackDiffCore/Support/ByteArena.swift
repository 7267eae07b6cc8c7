/// Append-only storage for byte strings addressed by their insertion index.
final class ByteArena {
  // One parse, one thread: the `@exclusivity(unchecked)` fields skip runtime exclusivity
  // checks, which would cost more than the parsing itself (README, Performance).
  @exclusivity(unchecked) private var bytes: UnsafeMutablePointer<UInt8>
  @exclusivity(unchecked) private var capacity: Int
  @exclusivity(unchecked) private var offsets: [Int] = [0]

  init(capacity: Int = 64 * 1024) {
    self.capacity = capacity
    bytes = .allocate(capacity: capacity)
  }

  deinit { bytes.deallocate() }

  var count: Int { offsets.count - 1 }

  /// Forgets every string, giving back the memory.
  func removeAll() {
    bytes.deallocate()
    capacity = 64
    bytes = .allocate(capacity: capacity)
    offsets = [0]
  }

  func append(_ slice: ByteSlice) {
    let start = offsets[offsets.count - 1]
    if start + slice.count > capacity {
      var newCapacity = capacity * 2
      while newCapacity < start + slice.count { newCapacity *= 2 }
      let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
      grown.update(from: bytes, count: start)
      bytes.deallocate()
      bytes = grown
      capacity = newCapacity
    }
    (bytes + start).update(from: slice.base, count: slice.count)
    offsets.append(start + slice.count)
  }

  /// Valid until the next `append`.
  @inline(__always)
  func slice(_ index: Int) -> ByteSlice {
    ByteSlice(base: bytes + offsets[index], count: offsets[index + 1] - offsets[index])
  }
}
