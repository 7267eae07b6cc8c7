import StackDiffCore

/// Small text files such as ignore lists, read whole, up to `limit` bytes (`/dev/zero` is not
/// an ignore list).
enum TextFile {
  static let limit = 1 << 20

  static func read(_ path: String) throws -> String {
    let source = try FileDescriptorSource.open(path: path)
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 64 * 1024)
    while true {
      let n = try chunk.withUnsafeMutableBytes { try source.read(into: $0) }
      if n == 0 { break }
      bytes += chunk[0..<n]
      if bytes.count > limit {
        throw InputError(source: path, reason: "larger than 1 MiB, which no ignore file is")
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }
}
