#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads a byte stream in large chunks of whole lines, without copying lines out of its buffer.
///
/// A chunk's bytes stay valid until the next call to `nextChunk()`; the consumer splits the
/// lines itself, which keeps the per-line cost to one `memchr`. A line longer than the buffer is
/// handed out cut at `maximumLineLength` and the rest of it is skipped, so one enormous line
/// costs neither memory nor quadratic rescans.
public final class LineReader {
  // One parse, one thread: the `@exclusivity(unchecked)` fields skip runtime exclusivity
  // checks, which would cost more than the parsing itself (README, Performance).
  public enum ChunkKind {
    /// One or more lines, each ending in `\n`.
    case lines
    /// The beginning of a line longer than the buffer; its rest is skipped.
    case cutLine
    /// The last line of the input, which has no `\n`.
    case unterminatedLine
  }

  public struct Chunk {
    public var bytes: ByteSlice
    public var kind: ChunkKind
  }

  public let maximumLineLength: Int
  @exclusivity(unchecked) private var source: any ByteSource
  private let base: UnsafeMutablePointer<UInt8>
  private let capacity: Int
  @exclusivity(unchecked) private var start = 0
  @exclusivity(unchecked) private var end = 0
  @exclusivity(unchecked) private var atEndOfInput = false
  @exclusivity(unchecked) private var skippingRestOfLongLine = false
  /// Set when any byte read so far was an escape (0x1B), which ANSI colour codes start with.
  @exclusivity(unchecked) public private(set) var hasSeenEscape = false
  /// Bytes read from the source so far.
  @exclusivity(unchecked) public private(set) var bytesRead: UInt64 = 0
  /// Lines end in a bare CR (old Mac, some terminals): set when a full buffer, or the whole
  /// input, has carriage returns and no newline; every CR read from then on ends a line.
  @exclusivity(unchecked) private var carriageReturnsEndLines = false

  public init(source: any ByteSource, bufferSize: Int = 1 << 20) {
    self.source = source
    self.capacity = max(bufferSize, 64)
    self.maximumLineLength = capacity
    self.base = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
  }

  deinit { base.deallocate() }

  /// Scans back from the end: the last line of a buffer is short, so this is cheap.
  private func lastNewline(in range: Range<Int>) -> Int? {
    var i = range.upperBound - 1
    while i >= range.lowerBound {
      if base[i] == 0x0A { return i }
      i -= 1
    }
    return nil
  }

  public func nextChunk() throws -> Chunk? {
    while true {
      if start < end, let lastNewline = lastNewline(in: start..<end) {
        let stop = lastNewline + 1
        var chunkStart = start
        start = stop
        if skippingRestOfLongLine {
          // Drop the tail of the long line, up to and including its newline.
          skippingRestOfLongLine = false
          guard let newline = memchr(base + chunkStart, 0x0A, stop - chunkStart) else { continue }
          chunkStart = UnsafeRawPointer(newline) - UnsafeRawPointer(base) + 1
          if chunkStart >= stop { continue }
        }
        return Chunk(bytes: ByteSlice(base: base + chunkStart, count: stop - chunkStart), kind: .lines)
      }
      if start < end && !skippingRestOfLongLine && !carriageReturnsEndLines
        && (atEndOfInput || start == 0 && end == capacity), memchr(base + start, 0x0D, end - start) != nil
      {
        carriageReturnsEndLines = true
        endLinesAtCarriageReturns(start..<end)
        continue
      }
      if atEndOfInput {
        guard start < end else { return nil }
        let lineStart = start
        start = end
        if skippingRestOfLongLine { return nil }
        return Chunk(
          bytes: ByteSlice(base: base + lineStart, count: end - lineStart), kind: .unterminatedLine)
      }
      if start == 0 && end == capacity {
        // The buffer holds one unfinished line: hand out its beginning and drop the rest.
        start = end
        if skippingRestOfLongLine { continue }
        skippingRestOfLongLine = true
        return Chunk(bytes: ByteSlice(base: base, count: end), kind: .cutLine)
      }
      if start == end {
        start = 0
        end = 0
      } else if start > 0 {
        memmove(base, base + start, end - start)
        end -= start
        start = 0
      }
      let n = try source.read(into: UnsafeMutableRawBufferPointer(start: base + end, count: capacity - end))
      if n == 0 {
        atEndOfInput = true
      } else {
        bytesRead += UInt64(n)
        if !hasSeenEscape, memchr(base + end, 0x1B, n) != nil { hasSeenEscape = true }
        if carriageReturnsEndLines { endLinesAtCarriageReturns(end..<(end + n)) }
        end += n
      }
    }
  }

  private func endLinesAtCarriageReturns(_ range: Range<Int>) {
    var index = range.lowerBound
    while index < range.upperBound, let found = memchr(base + index, 0x0D, range.upperBound - index) {
      let at = UnsafeRawPointer(found) - UnsafeRawPointer(base)
      base[at] = 0x0A
      index = at + 1
    }
  }
}
