#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads a file or stdin with plain `read(2)` calls into the caller's buffer.
public final class FileDescriptorSource: ByteSource {
  public let name: String
  private let descriptor: Int32
  private let ownsDescriptor: Bool

  /// Standard input, named `-` in messages.
  public static func standardInput() -> FileDescriptorSource {
    FileDescriptorSource(name: "-", descriptor: 0, ownsDescriptor: false)
  }

  /// Opens `path` for reading; directories and missing files are reported as input errors.
  public static func open(path: String) throws -> FileDescriptorSource {
    let fd = openForReading(path)
    guard fd >= 0 else { throw InputError(source: path, reason: Self.describe(errno: errno)) }
    var info = stat()
    if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
      close(fd)
      throw InputError(source: path, reason: "is a directory")
    }
    return FileDescriptorSource(name: path, descriptor: fd, ownsDescriptor: true)
  }

  private init(name: String, descriptor: Int32, ownsDescriptor: Bool) {
    self.name = name
    self.descriptor = descriptor
    self.ownsDescriptor = ownsDescriptor
  }

  deinit {
    if ownsDescriptor { close(descriptor) }
  }

  public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
    guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
    while true {
      let n = readBytes(descriptor, base, buffer.count)
      if n >= 0 { return n }
      if errno == EINTR { continue }
      throw InputError(source: name, reason: Self.describe(errno: errno))
    }
  }

  static func describe(errno code: Int32) -> String {
    switch code {
    case ENOENT: return "no such file"
    case EACCES: return "permission denied"
    case EISDIR: return "is a directory"
    default: return String(cString: strerror(code)).lowercased()
    }
  }
}

private func openForReading(_ path: String) -> Int32 {
  path.withCString { open($0, O_RDONLY | O_CLOEXEC) }
}

private func readBytes(_ fd: Int32, _ base: UnsafeMutableRawPointer, _ count: Int) -> Int {
  read(fd, base, count)
}
