#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads one byte range of an open file with `pread`, so that several readers can share the
/// file descriptor (the parallel text reader gives each half of a file its own range).
final class FileRangeSource: ByteSource {
  private let descriptor: Int32
  private var offset: Int
  private let end: Int
  private let name: String

  init(descriptor: Int32, range: Range<Int>, name: String) {
    self.descriptor = descriptor
    self.offset = range.lowerBound
    self.end = range.upperBound
    self.name = name
  }

  func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
    guard let base = buffer.baseAddress, offset < end else { return 0 }
    while true {
      let n = pread(descriptor, base, min(buffer.count, end - offset), off_t(offset))
      if n >= 0 {
        offset += n
        return n
      }
      if errno == EINTR { continue }
      throw InputError(source: name, reason: FileDescriptorSource.describe(errno: errno))
    }
  }
}
