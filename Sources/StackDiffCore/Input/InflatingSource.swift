import CZlib
import Synchronization

/// Decompresses a gzip or zlib stream with the system zlib, chunk by chunk, so the
/// decompressed text never has to fit in memory. Concatenated gzip members are read one after
/// another; damage and excess are input errors.
public final class InflatingSource: ByteSource {
  public enum Container: String, Sendable { case gzip, zlib }

  private let name: String
  private let container: Container
  private var source: any ByteSource
  private let limit: UInt64
  private var stream = z_stream()
  private let inputCapacity = 256 * 1024
  private let input: UnsafeMutablePointer<UInt8>
  private var isInitialized = false
  private var sourceExhausted = false
  private var memberEnded = false
  private var finished = false
  /// Compressed bytes consumed so far, for error messages.
  private var consumed: UInt64 = 0
  /// Compressed bytes read from the source so far, readable from another thread (the parser's,
  /// while this one inflates ahead): with the bytes delivered, the compression ratio.
  private let compressedRead = Atomic<UInt64>(0)

  public var compressedBytesRead: UInt64 { compressedRead.load(ordering: .relaxed) }
  public private(set) var produced: UInt64 = 0

  /// The container format of `head`, from its magic bytes, or nil.
  public static func container(of head: [UInt8]) -> Container? {
    guard head.count >= 2 else { return nil }
    if head[0] == 0x1F && head[1] == 0x8B { return .gzip }
    // zlib with a 32 KiB window and one of the four compression-level flags.
    if head[0] == 0x78, [0x01, 0x5E, 0x9C, 0xDA].contains(head[1]) { return .zlib }
    return nil
  }

  public init(name: String, container: Container, source: any ByteSource, limit: UInt64) throws {
    self.name = name
    self.container = container
    self.source = source
    self.limit = limit
    self.input = UnsafeMutablePointer<UInt8>.allocate(capacity: inputCapacity)
    // 15 window bits, +32: detect the gzip or zlib header.
    let status = inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
    guard status == Z_OK else {
      input.deallocate()
      throw InputError(source: name, reason: "cannot start zlib (\(status))")
    }
    isInitialized = true
  }

  deinit {
    if isInitialized { inflateEnd(&stream) }
    input.deallocate()
  }

  public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
    guard let base = buffer.baseAddress, buffer.count > 0, !finished else { return 0 }
    while true {
      if stream.avail_in == 0 && !sourceExhausted { try refill() }
      if memberEnded {
        guard try startNextMember() else {
          finished = true
          return 0
        }
      }
      stream.next_out = base.assumingMemoryBound(to: UInt8.self)
      stream.avail_out = UInt32(min(buffer.count, Int(UInt32.max)))
      let availableBefore = stream.avail_in
      let status = inflate(&stream, Z_NO_FLUSH)
      consumed += UInt64(availableBefore - stream.avail_in)
      let n = buffer.count - Int(stream.avail_out)
      produced += UInt64(n)
      if produced > limit {
        throw InputError(
          source: name,
          reason: "decompressed data exceeds \(Self.describe(bytes: limit)) (--max-input-bytes)")
      }
      switch status {
      case Z_STREAM_END:
        memberEnded = true
      case Z_OK:
        break
      case Z_BUF_ERROR where stream.avail_in == 0 && sourceExhausted:
        throw corrupt("unexpected end of data")
      case Z_BUF_ERROR:
        break
      default:
        let message = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
        throw corrupt(message)
      }
      if n > 0 { return n }
      if status == Z_OK && stream.avail_in == 0 && sourceExhausted {
        throw corrupt("unexpected end of data")
      }
    }
  }

  /// After one gzip member: another member may follow, or zero bytes that pad the file to a
  /// block size (tape and some uploaders do this); anything else is damage.
  private func startNextMember() throws -> Bool {
    while true {
      if stream.avail_in == 0 && !sourceExhausted { try refill() }
      if stream.avail_in == 0 { return false }
      guard stream.next_in[0] == 0 else { break }
      stream.next_in += 1
      stream.avail_in -= 1
      consumed += 1
    }
    guard container == .gzip, stream.next_in[0] == 0x1F else {
      throw corrupt("trailing data after the compressed stream")
    }
    inflateReset(&stream)
    memberEnded = false
    return true
  }

  private func refill() throws {
    let n = try source.read(into: UnsafeMutableRawBufferPointer(start: input, count: inputCapacity))
    if n == 0 {
      sourceExhausted = true
    }
    compressedRead.add(UInt64(n), ordering: .relaxed)
    stream.next_in = input
    stream.avail_in = UInt32(n)
  }

  private func corrupt(_ message: String) -> InputError {
    InputError(
      source: name, reason: "corrupt \(container.rawValue) data (\(message)) after \(consumed) bytes")
  }

  static func describe(bytes: UInt64) -> String {
    if bytes >= 1 << 30 && bytes % (1 << 30) == 0 { return "\(bytes >> 30) GiB" }
    if bytes >= 1 << 20 && bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
    if bytes >= 1 << 10 && bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
    return "\(bytes) bytes"
  }
}
