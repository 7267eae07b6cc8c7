import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A real HTTP server on 127.0.0.1 serving the sample dumps, for URL-input tests.
///
/// `GET /<path under SampleDumps>` returns the file; `/status/<code>` answers with that status;
/// `/sequence/<a>,<b>,…` answers with the listed entries (files or `status/<code>`) one per
/// request, then repeats the last (for retries). Each sequence counts its own requests.
/// `/loop` redirects to itself; `/endless` sends a goroutine dump's lines forever; `/slow/<s>`
/// sends its headers, then nothing for s seconds. Each connection has its own thread.
final class SampleServer: @unchecked Sendable {
  let port: UInt16
  private let socket: Int32
  private let root: String
  private let lock = NSLock()
  private var sequenceIndex: [String: Int] = [:]

  init(root: String) throws {
    self.root = root
    let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw ServerError.setup("socket") }
    var yes: Int32 = 1
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard bound == 0, listen(fd, 16) == 0 else { throw ServerError.setup("bind") }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    socket = fd
    port = UInt16(bigEndian: address.sin_port)
    let thread = Thread { [self] in serve() }
    thread.start()
  }

  func url(_ path: String) -> String { "http://127.0.0.1:\(port)/\(path)" }

  /// How many requests for `path` (`sequence/…`) have arrived: a test can wait for a poll.
  func requests(of path: String) -> Int {
    lock.lock()
    defer { lock.unlock() }
    return sequenceIndex[path, default: 0]
  }

  private func serve() {
    while true {
      let client = accept(socket, nil, nil)
      if client < 0 { return }
      Thread { [self] in
        handle(client)
        close(client)
      }.start()
    }
  }

  private func handle(_ client: Int32) {
    var request = [UInt8]()
    var buffer = [UInt8](repeating: 0, count: 4096)
    while !request.containsHeaderEnd {
      let n = read(client, &buffer, buffer.count)
      if n <= 0 { return }
      request += buffer[0..<n]
    }
    let line = String(decoding: request.prefix { $0 != 0x0D && $0 != 0x0A }, as: UTF8.self)
    let parts = line.split(separator: " ")
    var file = parts.count > 1 ? String(parts[1].dropFirst()) : ""
    if file.hasPrefix("sequence/") {
      let entries = file.dropFirst(9).split(separator: ",").map(String.init)
      lock.lock()
      let index = sequenceIndex[file, default: 0]
      sequenceIndex[file] = index + 1
      lock.unlock()
      file = entries[min(index, entries.count - 1)]
    }
    if file == "loop" {
      sendText(
        client, "HTTP/1.1 302 Found\r\nLocation: /loop\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
      return
    }
    if file == "endless" {
      sendText(client, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n")
      var id = 1
      while true {
        var text = ""
        for _ in 0..<1000 {
          text += "goroutine \(id) [chan send]:\nmain.leak()\n\t/app/main.go:7 +0x1\n\n"
          id += 1
        }
        if !sendText(client, text) { return }
      }
    }
    if file.hasPrefix("slow/"), let seconds = UInt32(file.dropFirst(5)) {
      sendText(client, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n")
      sleep(seconds)
      return
    }
    if file.hasPrefix("status/"), let code = Int(file.dropFirst(7)) {
      respond(client, status: code, body: Data("status \(code)\n".utf8))
      return
    }
    guard let body = FileManager.default.contents(atPath: root + "/" + file) else {
      respond(client, status: 404, body: Data("not found\n".utf8))
      return
    }
    respond(client, status: 200, body: body)
  }

  private func respond(_ client: Int32, status: Int, body: Data) {
    let reason = status == 200 ? "OK" : status == 404 ? "Not Found" : "Status"
    var response = Data(
      "HTTP/1.1 \(status) \(reason)\r\nContent-Length: \(body.count)\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n"
        .utf8)
    response.append(body)
    response.withUnsafeBytes { raw in
      var offset = 0
      while offset < raw.count {
        // A client that hung up must not SIGPIPE the test run (as in `sendText`).
        let n = send(client, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
        if n <= 0 { return }
        offset += n
      }
    }
  }

  /// Writes all of `text`; false when the client went away.
  @discardableResult
  private func sendText(_ client: Int32, _ text: String) -> Bool {
    var bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
      let n = bytes.withUnsafeMutableBytes { raw -> Int in
        guard let base = raw.baseAddress else { return -1 }
        // No SIGPIPE for a client that hung up: that would end the test run.
        return Glibc.send(client, base + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
      }
      if n <= 0 { return false }
      offset += n
    }
    return true
  }

  enum ServerError: Error { case setup(String) }
}

extension Array where Element == UInt8 {
  fileprivate var containsHeaderEnd: Bool {
    guard count >= 4 else { return false }
    for i in 0...(count - 4)
    where self[i] == 0x0D && self[i + 1] == 0x0A && self[i + 2] == 0x0D && self[i + 3] == 0x0A {
      return true
    }
    return false
  }
}
