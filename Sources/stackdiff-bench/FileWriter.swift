#if canImport(Glibc)
  import Glibc
#endif

/// A buffered writer, so generating a 1 GB dump keeps the bench's own memory at a few MB.
struct FileWriter: ~Copyable {
  let path: String
  private let descriptor: Int32
  private var buffer: [UInt8] = []
  private(set) var bytesWritten = 0
  /// Bytes written so far, buffered ones included.
  var byteCount: Int { bytesWritten + buffer.count }
  private static let flushThreshold = 1 << 20

  init(path: String) throws {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard descriptor >= 0 else {
      throw BenchError("cannot create \(path): \(FileSystem.lastError())")
    }
    self.path = path
    self.descriptor = descriptor
    buffer.reserveCapacity(Self.flushThreshold + 64 << 10)
  }

  deinit { close(descriptor) }

  mutating func write(_ bytes: [UInt8]) throws {
    buffer.append(contentsOf: bytes)
    if buffer.count >= Self.flushThreshold { try flush() }
  }

  mutating func write(_ text: String) throws {
    try write(Array(text.utf8))
  }

  /// Writes `value` in decimal without going through String.
  mutating func writeDecimal(_ value: Int) throws {
    let start = buffer.count
    var rest = value
    repeat {
      buffer.append(UInt8(ascii: "0") + UInt8(rest % 10))
      rest /= 10
    } while rest > 0
    buffer[start...].reverse()
  }

  /// Writes `value` in lowercase hex, zero-padded to at least `digits` digits, without `0x`.
  mutating func writeHex(_ value: Int, digits: Int) throws {
    let start = buffer.count
    var rest = value
    repeat {
      buffer.append(Self.hexDigits[rest & 0xf])
      rest >>= 4
    } while rest > 0 || buffer.count - start < digits
    buffer[start...].reverse()
  }

  private static let hexDigits = Array("0123456789abcdef".utf8)

  /// Flushes and closes (deinit); returns the file's size.
  consuming func finish() throws -> Int {
    try flush()
    return bytesWritten
  }

  mutating func flush() throws {
    var offset = 0
    while offset < buffer.count {
      let written = buffer.withUnsafeBytes { raw in
        Glibc.write(descriptor, raw.baseAddress.map { $0 + offset }, raw.count - offset)
      }
      if written < 0 {
        if errno == EINTR { continue }
        throw BenchError("cannot write \(path): \(FileSystem.lastError())")
      }
      offset += written
    }
    bytesWritten += buffer.count
    buffer.removeAll(keepingCapacity: true)
  }
}

/// Number of decimal digits of a non-negative number: sizes are planned before anything is written.
func decimalDigits(_ value: Int) -> Int {
  var count = 1
  var rest = value
  while rest >= 10 {
    rest /= 10
    count += 1
  }
  return count
}
