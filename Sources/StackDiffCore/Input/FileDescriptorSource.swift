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

  /// Standard input, named `-` in messages; with `timeout`, reading gives up that many seconds
  /// after it started (a pipe that never closes).
  public static func standardInput(timeout: Double? = nil) -> FileDescriptorSource {
    let source = FileDescriptorSource(name: "-", descriptor: 0, ownsDescriptor: false)
    source.timeout = timeout
    return source
  }

  /// Seconds from the first read after which reading fails.
  private var timeout: Double?
  private var deadline: Double?

  /// Opens `path` for reading; directories and missing files are reported as input errors.
  public static func open(path: String) throws -> FileDescriptorSource {
    let fd = openForReading(path)
    guard fd >= 0 else {
      let code = errno
      var reason = Self.describe(errno: code)
      if code == ENOENT, let url = Self.urlWithoutScheme(path) {
        reason += " (a URL needs its scheme: \(url))"
      }
      throw InputError(source: path, reason: reason)
    }
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
    if let timeout { try waitForInput(timeout: timeout) }
    while true {
      let n = readBytes(descriptor, base, buffer.count)
      if n >= 0 { return n }
      if errno == EINTR { continue }
      throw InputError(source: name, reason: Self.describe(errno: errno))
    }
  }

  /// `localhost:6060/debug/pprof/goroutine?debug=2` as typed without `http://`: the URL meant.
  static func urlWithoutScheme(_ path: String) -> String? {
    guard let colon = path.firstIndex(of: ":"), colon > path.startIndex else { return nil }
    let host = path[..<colon]
    let rest = path[path.index(after: colon)...]
    let port = rest.prefix { $0.isASCII && $0.isNumber }
    guard !port.isEmpty, rest.dropFirst(port.count).first.map({ $0 == "/" }) ?? true,
      host.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" })
    else { return nil }
    return "http://" + path
  }

  static func describe(errno code: Int32) -> String {
    switch code {
    case ENOENT: return "no such file"
    case EACCES: return "permission denied"
    case EISDIR: return "is a directory"
    default: return String(cString: strerror(code)).lowercased()
    }
  }

  /// Waits until input is ready or the time is up.
  private func waitForInput(timeout: Double) throws {
    let now = Self.monotonicSeconds()
    let deadline = self.deadline ?? now + timeout
    self.deadline = deadline
    while true {
      let remaining = deadline - Self.monotonicSeconds()
      let seconds = timeout == timeout.rounded() ? String(Int(timeout)) : String(timeout)
      guard remaining > 0 else {
        throw InputError(
          source: name, reason: "no end of input after \(seconds) s (--timeout \(seconds))", kind: .transient)
      }
      var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
      let ready = poll(&request, 1, Int32(min(remaining * 1000, 1_000_000)) + 1)
      if ready > 0 { return }
      if ready < 0 && errno != EINTR { return }  // let read(2) report it
    }
  }

  private static func monotonicSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
  }
}

private func openForReading(_ path: String) -> Int32 {
  path.withCString { open($0, O_RDONLY | O_CLOEXEC) }
}

private func readBytes(_ fd: Int32, _ base: UnsafeMutableRawPointer, _ count: Int) -> Int {
  read(fd, base, count)
}
