#if canImport(Glibc)
  import Glibc
#endif

/// The few file operations the bench needs, straight from libc. Linux gives a spawned child its
/// parent's resident memory as the starting point of its peak RSS, so the bench stays small:
/// Foundation alone would add ~10 MB to every measured peak.
enum FileSystem {
  static func readFile(_ path: String) throws -> [UInt8] {
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else { throw BenchError("cannot read \(path): \(lastError())") }
    defer { close(descriptor) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 64 << 10)
    while true {
      let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
      if count < 0 && errno == EINTR { continue }
      guard count >= 0 else { throw BenchError("cannot read \(path): \(lastError())") }
      if count == 0 { return bytes }
      bytes.append(contentsOf: chunk[..<count])
    }
  }

  /// The first `limit` bytes of a file (all of it when shorter).
  static func readFile(_ path: String, limit: Int) throws -> [UInt8] {
    var bytes: [UInt8] = []
    try forEachChunk(path) { chunk in
      bytes.append(contentsOf: chunk.prefix(limit - bytes.count))
      return bytes.count < limit
    }
    return bytes
  }

  /// How often `pattern` occurs in a file, read in chunks. `pattern` must not overlap itself
  /// (no proper prefix equal to a suffix), so a mismatch can restart the match at this byte.
  static func countOccurrences(of pattern: [UInt8], in path: String) throws -> Int {
    var count = 0
    var matched = 0
    try forEachChunk(path) { chunk in
      for byte in chunk {
        if byte == pattern[matched] {
          matched += 1
          if matched == pattern.count {
            count += 1
            matched = 0
          }
        } else {
          matched = byte == pattern[0] ? 1 : 0
        }
      }
      return true
    }
    return count
  }

  /// Calls `body` with each 1 MiB chunk of a file until it returns false or the file ends.
  static func forEachChunk(_ path: String, _ body: (ArraySlice<UInt8>) throws -> Bool) throws {
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else { throw BenchError("cannot read \(path): \(lastError())") }
    defer { close(descriptor) }
    var chunk = [UInt8](repeating: 0, count: 1 << 20)
    while true {
      let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
      if count < 0 && errno == EINTR { continue }
      guard count >= 0 else { throw BenchError("cannot read \(path): \(lastError())") }
      if count == 0 { return }
      guard try body(chunk[..<count]) else { return }
    }
  }

  static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

  static func isExecutableFile(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG && access(path, X_OK) == 0
  }

  static func size(_ path: String) throws -> Int {
    var info = stat()
    guard stat(path, &info) == 0 else { throw BenchError("cannot stat \(path): \(lastError())") }
    return Int(info.st_size)
  }

  /// Seconds since the epoch, or nil.
  static func modificationTime(_ path: String) -> Int? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return Int(info.st_mtim.tv_sec)
  }

  static func removeFile(_ path: String) { unlink(path) }

  static func removeDirectory(_ path: String) { rmdir(path) }

  /// `mkdir -p`.
  static func makeDirectories(_ path: String) throws {
    var prefix = path.hasPrefix("/") ? "" : "."
    for component in path.split(separator: "/") {
      prefix += "/" + component
      if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
        throw BenchError("cannot create \(prefix): \(lastError())")
      }
    }
  }

  static var currentDirectory: String {
    guard let buffer = getcwd(nil, 0) else { return "." }
    defer { free(buffer) }
    return String(cString: buffer)
  }

  static func absolute(_ path: String) -> String {
    path.hasPrefix("/") ? path : currentDirectory + "/" + path
  }

  /// The running executable, from /proc/self/exe.
  static func executablePath() -> String? {
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    guard count > 0 else { return nil }
    return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  /// Bytes free for an unprivileged user on the file system holding `path`.
  static func availableBytes(at path: String) -> Int? {
    var stats = statvfs()
    guard statvfs(path, &stats) == 0 else { return nil }
    return Int(stats.f_bavail) * Int(stats.f_frsize)
  }

  static func environment(_ name: String) -> String? {
    getenv(name).map { String(cString: $0) }
  }

  static func lastError() -> String { String(cString: strerror(errno)) }
}

/// Removes the bench's own RSS high-water mark down to its current RSS, so the generators'
/// peak does not become the floor of the next child's measured peak. Best effort.
func resetPeakRSS() {
  let descriptor = open("/proc/self/clear_refs", O_WRONLY)
  guard descriptor >= 0 else { return }
  _ = write(descriptor, "5", 1)
  close(descriptor)
}

func printError(_ message: String) {
  let line = Array((message + "\n").utf8)
  _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}

func fileName(_ path: String) -> String {
  path.split(separator: "/").last.map(String.init) ?? path
}
