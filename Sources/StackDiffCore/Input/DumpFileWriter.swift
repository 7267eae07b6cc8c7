import CZlib

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes a dump's bytes to a new file as they come, gzip-compressed with the system zlib or
/// copied as they are (bytes that are compressed already: a pprof profile is gzip).
///
/// A failed write is kept and reported by `finish()`, so the reading it rides along does not
/// stop halfway.
final class DumpFileWriter {
  enum Mode { case gzip, copy }

  let path: String
  private let mode: Mode
  private let descriptor: Int32
  private var stream = z_stream()
  private var isDeflating = false
  private let outputCapacity = 64 * 1024
  private let output: UnsafeMutablePointer<UInt8>
  /// The first failure (`errno` text or zlib's message); nothing is written after it.
  private var failure: String?

  /// Creates `path`, which must not exist.
  init(path: String, mode: Mode) throws {
    self.path = path
    self.mode = mode
    descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else {
      throw InputError(source: path, reason: "cannot save: \(FileDescriptorSource.describe(errno: errno))")
    }
    output = UnsafeMutablePointer<UInt8>.allocate(capacity: outputCapacity)
    guard mode == .gzip else { return }
    // 15 window bits, +16: a gzip header and trailer rather than zlib's.
    let status = deflateInit2_(
      &stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
      Int32(MemoryLayout<z_stream>.size))
    if status == Z_OK { isDeflating = true } else { failure = "cannot start zlib (\(status))" }
  }

  deinit {
    if isDeflating { deflateEnd(&stream) }
    output.deallocate()
    close(descriptor)
  }

  func write(_ bytes: UnsafeRawBufferPointer) {
    guard failure == nil, let base = bytes.baseAddress, bytes.count > 0 else { return }
    switch mode {
    case .copy:
      writeOut(bytes)
    case .gzip:
      // Chunks are read buffers, far below 4 GiB.
      stream.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: UInt8.self))
      stream.avail_in = UInt32(bytes.count)
      deflateAll(flush: Z_NO_FLUSH)
    }
  }

  /// Completes the file; throws the first failure.
  func finish() throws {
    if mode == .gzip && failure == nil {
      stream.next_in = nil
      stream.avail_in = 0
      deflateAll(flush: Z_FINISH)
    }
    if let failure { throw InputError(source: path, reason: "cannot save: \(failure)") }
  }

  /// Deflates what `stream` holds, writing each full output buffer, until zlib wants more input
  /// (or, finishing, until the stream ends).
  private func deflateAll(flush: Int32) {
    while failure == nil {
      stream.next_out = output
      stream.avail_out = UInt32(outputCapacity)
      let status = deflate(&stream, flush)
      guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
        failure = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
        return
      }
      let produced = outputCapacity - Int(stream.avail_out)
      if produced > 0 { writeOut(UnsafeRawBufferPointer(start: output, count: produced)) }
      if flush == Z_FINISH ? status == Z_STREAM_END : stream.avail_out > 0 { return }
    }
  }

  private func writeOut(_ bytes: UnsafeRawBufferPointer) {
    guard let base = bytes.baseAddress else { return }
    var offset = 0
    while offset < bytes.count && failure == nil {
      let n = systemWrite(descriptor, base + offset, bytes.count - offset)
      if n < 0 {
        if errno == EINTR { continue }
        failure = FileDescriptorSource.describe(errno: errno)
        return
      }
      offset += n
    }
  }
}

#if canImport(Glibc)
  private let systemWrite = Glibc.write
#elseif canImport(Musl)
  private let systemWrite = Musl.write
#elseif canImport(Darwin)
  private let systemWrite = Darwin.write
#endif
