#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Splits a byte stream into lines without copying them out of its buffer.
///
/// A line's bytes stay valid until the next call to `next()`. `\r\n` endings lose their `\r`.
/// A line longer than the buffer is cut at `maximumLineLength` and the rest of it is skipped,
/// so one enormous line costs neither memory nor quadratic rescans.
public final class LineReader {
  public struct Line {
    public var bytes: ByteSlice
    public var number: Int
    /// The line was longer than the reader keeps; `bytes` is its beginning.
    public var isCut: Bool
    /// The input ended without a newline after this line.
    public var isUnterminated: Bool
  }

  public let maximumLineLength: Int
  private var source: any ByteSource
  private let base: UnsafeMutablePointer<UInt8>
  private let capacity: Int
  private var start = 0
  private var end = 0
  private var atEndOfInput = false
  private var lineNumber = 0
  private var skippingRestOfLongLine = false
  /// Set when any byte read so far was an escape (0x1B), which ANSI colour codes start with.
  public private(set) var hasSeenEscape = false
  /// Bytes read from the source so far.
  public private(set) var bytesRead = 0

  public init(source: any ByteSource, bufferSize: Int = 1 << 20) {
    self.source = source
    self.maximumLineLength = max(bufferSize, 64)
    self.capacity = max(bufferSize, 64)
    self.base = UnsafeMutablePointer<UInt8>.allocate(capacity: self.capacity)
  }

  deinit { base.deallocate() }

  public func next() throws -> Line? {
    while true {
      if start < end, let newline = memchr(base + start, 0x0A, end - start) {
        let newlineIndex = UnsafeRawPointer(newline) - UnsafeRawPointer(base)
        let lineStart = start
        start = newlineIndex + 1
        if skippingRestOfLongLine {
          skippingRestOfLongLine = false
          continue
        }
        lineNumber += 1
        var length = newlineIndex - lineStart
        if length > 0, base[lineStart + length - 1] == 0x0D { length -= 1 }
        return Line(
          bytes: ByteSlice(base: base + lineStart, count: length), number: lineNumber,
          isCut: false, isUnterminated: false)
      }
      if atEndOfInput {
        guard start < end else { return nil }
        let lineStart = start
        start = end
        if skippingRestOfLongLine { return nil }
        lineNumber += 1
        var length = end - lineStart
        if base[lineStart + length - 1] == 0x0D { length -= 1 }
        return Line(
          bytes: ByteSlice(base: base + lineStart, count: length), number: lineNumber,
          isCut: false, isUnterminated: true)
      }
      if start == 0 && end == capacity {
        // The buffer holds one unfinished line: hand out its beginning and drop the rest.
        start = end
        if skippingRestOfLongLine { continue }
        skippingRestOfLongLine = true
        lineNumber += 1
        return Line(
          bytes: ByteSlice(base: base, count: end), number: lineNumber, isCut: true,
          isUnterminated: false)
      }
      if start == end {
        start = 0
        end = 0
      } else if start > 0 {
        memmove(base, base + start, end - start)
        end -= start
        start = 0
      }
      let n = try source.read(
        into: UnsafeMutableRawBufferPointer(start: base + end, count: capacity - end))
      if n == 0 {
        atEndOfInput = true
      } else {
        if !hasSeenEscape, memchr(base + end, 0x1B, n) != nil { hasSeenEscape = true }
        end += n
        bytesRead += n
      }
    }
  }
}
