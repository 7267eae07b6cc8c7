/// Passes a source's bytes on unchanged and writes them to a file as they pass: `watch
/// --save-dir` keeps exactly what the endpoint sent while parsing it. Bytes that are compressed
/// already (a pprof profile) are copied; others are gzip-compressed.
final class RecordingSource: ByteSource, @unchecked Sendable {
  private var upstream: any ByteSource
  private let path: String
  /// The first bytes, held until they show whether the input is compressed.
  private var head: [UInt8] = []
  private var writer: DumpFileWriter?
  private var setupError: InputError?
  private static let magicLength = 2

  /// Records into `path`, which must not exist yet.
  init(_ upstream: any ByteSource, path: String) {
    self.upstream = upstream
    self.path = path
  }

  /// The container of the recorded file: gzip, unless the input came as zlib.
  private(set) var container = InflatingSource.Container.gzip

  func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
    let n = try upstream.read(into: buffer)
    record(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
    return n
  }

  /// Reads what the parser left unread (nothing, usually), so the file holds the whole input.
  func drain() throws {
    var chunk = [UInt8](repeating: 0, count: 64 * 1024)
    while try chunk.withUnsafeMutableBytes({ try read(into: $0) }) > 0 {}
  }

  /// Completes the file.
  func finish() throws {
    if writer == nil { startWriter() }
    if let setupError { throw setupError }
    try writer?.finish()
  }

  private func record(_ bytes: UnsafeRawBufferPointer) {
    guard setupError == nil else { return }
    if let writer {
      writer.write(bytes)
      return
    }
    head += bytes
    if head.count >= Self.magicLength { startWriter() }
  }

  private func startWriter() {
    guard writer == nil, setupError == nil else { return }
    let compressed = InflatingSource.container(of: head)
    container = compressed ?? .gzip
    do {
      let writer = try DumpFileWriter(path: path, mode: compressed == nil ? .gzip : .copy)
      head.withUnsafeBytes { writer.write($0) }
      head = []
      self.writer = writer
    } catch let error as InputError {
      setupError = error
    } catch {
      setupError = InputError(source: path, reason: "cannot save: \(error)")
    }
  }
}
