#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A reusable growable byte buffer for building keys and unescaped lines without allocating.
final class ScratchBuffer {
  private(set) var base: UnsafeMutablePointer<UInt8>
  private(set) var capacity: Int
  private(set) var count = 0

  init(capacity: Int = 4096) {
    self.capacity = capacity
    self.base = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
  }

  deinit { base.deallocate() }

  var slice: ByteSlice { ByteSlice(base: base, count: count) }

  func removeAll() { count = 0 }

  /// Drops everything after the first `length` bytes.
  func truncate(to length: Int) { count = min(count, length) }

  func append(_ bytes: ByteSlice) {
    reserve(bytes.count)
    memcpy(base + count, bytes.base, bytes.count)
    count += bytes.count
  }

  func append(_ byte: UInt8) {
    reserve(1)
    base[count] = byte
    count += 1
  }

  func append<T: FixedWidthInteger>(raw value: T) {
    reserve(MemoryLayout<T>.size)
    UnsafeMutableRawPointer(base + count).storeBytes(of: value, as: T.self)
    count += MemoryLayout<T>.size
  }

  private func reserve(_ extra: Int) {
    guard count + extra > capacity else { return }
    var newCapacity = capacity * 2
    while newCapacity < count + extra { newCapacity *= 2 }
    let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
    newBase.update(from: base, count: count)
    base.deallocate()
    base = newBase
    capacity = newCapacity
  }
}
