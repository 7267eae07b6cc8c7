/// A source whose first bytes were already read (to detect the format) and are served again.
struct ReplaySource: ByteSource {
  private var head: [UInt8]
  private var headPosition = 0
  private var rest: any ByteSource

  init(head: [UInt8], rest: any ByteSource) {
    self.head = head
    self.rest = rest
  }

  mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
    if headPosition < head.count {
      let n = min(buffer.count, head.count - headPosition)
      head.withUnsafeBytes { bytes in
        buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[headPosition..<headPosition + n]))
      }
      headPosition += n
      return n
    }
    return try rest.read(into: buffer)
  }

  /// Reads up to `count` bytes from `source` (fewer only at its end). An error after some bytes
  /// (a cut gzip member) is not thrown here: `source` becomes one that throws it when read on, so
  /// what came before it is still parsed.
  static func readHead(of source: inout any ByteSource, count: Int) throws -> [UInt8] {
    var head = [UInt8](repeating: 0, count: count)
    var filled = 0
    while filled < count {
      let n: Int
      do {
        n = try head.withUnsafeMutableBytes { bytes in
          try source.read(into: UnsafeMutableRawBufferPointer(rebasing: bytes[filled..<count]))
        }
      } catch {
        guard filled > 0 else { throw error }
        source = FailingSource(error: error)
        break
      }
      if n == 0 { break }
      filled += n
    }
    head.removeSubrange(filled...)
    return head
  }
}

/// A source whose next read throws the error its reading stopped at.
private struct FailingSource: ByteSource {
  let error: any Error

  func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int { throw error }
}
