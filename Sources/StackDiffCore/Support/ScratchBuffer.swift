#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A reusable growable byte buffer for building keys and unescaped lines without allocating.
final class ScratchBuffer {
  // One parse, one thread: the `@exclusivity(unchecked)` fields skip runtime exclusivity
  // checks, which would cost more than the parsing itself (README, Performance).
  @exclusivity(unchecked) private(set) var base: UnsafeMutablePointer<UInt8>
  @exclusivity(unchecked) private(set) var capacity: Int
  @exclusivity(unchecked) private(set) var count = 0

  init(capacity: Int = 4096) {
    self.capacity = capacity
    self.base = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
  }

  deinit { base.deallocate() }

  var slice: ByteSlice { ByteSlice(base: base, count: count) }

  @inline(__always) func removeAll() { count = 0 }

  /// Drops everything after the first `length` bytes.
  @inline(__always) func truncate(to length: Int) { count = min(count, length) }

  @inline(__always)
  func append(_ bytes: ByteSlice) {
    if count + bytes.count > capacity { grow(bytes.count) }
    memcpy(base + count, bytes.base, bytes.count)
    count += bytes.count
  }

  @inline(__always)
  func append(_ byte: UInt8) {
    if count + 1 > capacity { grow(1) }
    base[count] = byte
    count += 1
  }

  @inline(__always)
  func append<T: FixedWidthInteger>(raw value: T) {
    if count + MemoryLayout<T>.size > capacity { grow(MemoryLayout<T>.size) }
    UnsafeMutableRawPointer(base + count).storeBytes(of: value, as: T.self)
    count += MemoryLayout<T>.size
  }

  @inline(never)
  private func grow(_ extra: Int) {
    var newCapacity = capacity * 2
    while newCapacity < count + extra { newCapacity *= 2 }
    let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
    newBase.update(from: base, count: count)
    base.deallocate()
    base = newBase
    capacity = newCapacity
  }
}
