import StackDiffCore

/// Small text files such as ignore lists, read whole.
enum TextFile {
  static func read(_ path: String) throws -> String {
    let source = try FileDescriptorSource.open(path: path)
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 64 * 1024)
    while true {
      let n = try chunk.withUnsafeMutableBytes { try source.read(into: $0) }
      if n == 0 { break }
      bytes += chunk[0..<n]
    }
    return String(decoding: bytes, as: UTF8.self)
  }
}
