import CHTTP

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The body of an `http://` or `https://` input (a live `/debug/pprof/goroutine`), read as it
/// arrives: libcurl runs on its own thread and hands the body over in a bounded queue, so memory
/// stays small however much the server sends, and parsing overlaps the transfer.
///
/// libcurl is the system's, loaded by the small C target `CHTTP` only when a URL is given;
/// Foundation's URLSession would cost every run about 10 ms of start-up and 15 MB.
final class HTTPSource: ByteSource, @unchecked Sendable {
  private let address: String
  private let timeout: Double
  private let limit: UInt64
  private var mutex = pthread_mutex_t()
  private var changed = pthread_cond_t()
  // Guarded by `mutex`.
  private var chunks: [[UInt8]] = []
  private var chunkStart = 0
  private var queuedBytes = 0
  private var received: UInt64 = 0
  private var statusCode = 0
  private var statusLine: String?
  private var transferEnded = false
  private var transferError: InputError?
  private var consumerGone = false
  private var transfer: NativeThread?

  /// The body waits in memory up to this much for the parser; the transfer waits beyond it.
  private static let queueLimit = 4 << 20

  init(address: String, timeout: Double, limit: UInt64) throws {
    self.address = address
    self.timeout = timeout
    self.limit = limit
    pthread_mutex_init(&mutex, nil)
    pthread_cond_init(&changed, nil)
    guard let thread = NativeThread.start({ [self] in run() }) else {
      throw InputError(source: address, reason: "cannot start a thread to fetch it", kind: .transient)
    }
    transfer = thread
  }

  deinit {
    pthread_cond_destroy(&changed)
    pthread_mutex_destroy(&mutex)
  }

  /// Stops the transfer (if the parser stopped reading first) and waits for its thread.
  func close() {
    pthread_mutex_lock(&mutex)
    consumerGone = true
    pthread_cond_broadcast(&changed)
    pthread_mutex_unlock(&mutex)
    transfer?.join()
    transfer = nil
  }

  func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
    guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
    pthread_mutex_lock(&mutex)
    defer { pthread_mutex_unlock(&mutex) }
    while chunks.isEmpty && !transferEnded { pthread_cond_wait(&changed, &mutex) }
    // A failed transfer says why (a redirect loop ends on a 302); a completed one, its status.
    if chunks.isEmpty, let transferError { throw transferError }
    if let error = statusError() { throw error }
    guard let chunk = chunks.first else { return 0 }
    let n = min(buffer.count, chunk.count - chunkStart)
    chunk.withUnsafeBytes { bytes in
      if let from = bytes.baseAddress { base.copyMemory(from: from + chunkStart, byteCount: n) }
    }
    chunkStart += n
    queuedBytes -= n
    if chunkStart == chunk.count {
      chunks.removeFirst()
      chunkStart = 0
    }
    pthread_cond_broadcast(&changed)
    return n
  }

  /// An answer that is not a success: its body is an error page, not a dump.
  private func statusError() -> InputError? {
    guard statusCode != 0, !(200..<300).contains(statusCode) else { return nil }
    let comesBack =
      statusCode == 408 || statusCode == 425 || statusCode == 429 || (500..<600).contains(statusCode)
    return InputError(
      source: address, reason: statusLine ?? "HTTP status \(statusCode)",
      kind: comesBack ? .transient : .permanent)
  }

  private func run() {
    var status = 0
    var message = [CChar](repeating: 0, count: 512)
    let context = Unmanaged.passUnretained(self).toOpaque()
    let code = message.withUnsafeMutableBufferPointer { error in
      stackdiff_http_get(
        address, max(1, Int(timeout * 1000)), httpBody, httpHeader, context, &status, error.baseAddress,
        error.count)
    }
    let text = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    pthread_mutex_lock(&mutex)
    if statusCode == 0 { statusCode = Int(status) }
    if code != 0 && !consumerGone && transferError == nil {
      transferError = Self.error(code: code, message: text, address: address, timeout: timeout)
    }
    transferEnded = true
    pthread_cond_broadcast(&changed)
    pthread_mutex_unlock(&mutex)
  }

  private static func error(code: Int32, message: String, address: String, timeout: Double) -> InputError {
    switch code {
    case ..<0: return InputError(source: address, reason: message, kind: .unavailable)
    case 28:
      let seconds = timeout == timeout.rounded() ? String(Int(timeout)) : String(timeout)
      return InputError(
        source: address, reason: "timed out after \(seconds) s (--timeout \(seconds))", kind: .transient)
    case 47:
      return InputError(
        source: address, reason: "too many redirects (more than \(STACKDIFF_HTTP_MAX_REDIRECTS))")
    default:
      let reason = "cannot fetch: " + (message.first.map { $0.lowercased() + message.dropFirst() } ?? "")
      return InputError(
        source: address, reason: reason,
        kind: transientTransferErrors.contains(code) ? .transient : .permanent)
    }
  }

  /// Called on the transfer thread with part of the body; waits while the queue is full.
  fileprivate func receive(_ bytes: UnsafeRawBufferPointer) -> Bool {
    pthread_mutex_lock(&mutex)
    defer { pthread_mutex_unlock(&mutex) }
    received += UInt64(bytes.count)
    if received > limit {
      transferError = InputError(
        source: address,
        reason: "response exceeds \(InflatingSource.describe(bytes: limit)) (--max-input-bytes)")
      return false
    }
    // An error page is not worth keeping: the status says all.
    if statusCode != 0 && !(200..<300).contains(statusCode) { return true }
    while queuedBytes >= Self.queueLimit && !consumerGone { pthread_cond_wait(&changed, &mutex) }
    if consumerGone { return false }
    chunks.append(Array(bytes))
    queuedBytes += bytes.count
    pthread_cond_broadcast(&changed)
    return true
  }

  /// Called on the transfer thread with each header line; the last status line is the answer's
  /// (redirects bring several).
  fileprivate func receiveHeader(_ line: String) {
    guard line.hasPrefix("HTTP/") else { return }
    let status = line.prefix { !$0.isNewline }
    let parts = status.split(separator: " ")
    pthread_mutex_lock(&mutex)
    statusLine = String(status)
    statusCode = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
    pthread_mutex_unlock(&mutex)
  }
}

/// libcurl's codes for a failed transfer that may work when tried again: proxy or host not
/// resolved, connection refused, partial file, HTTP/2 errors, TLS handshake, timeout, empty
/// reply, send and receive errors.
private let transientTransferErrors: Set<Int32> = [5, 6, 7, 16, 18, 28, 35, 52, 55, 56, 92]

private func httpBody(_ data: UnsafePointer<CChar>?, _ length: Int, _ context: UnsafeMutableRawPointer?)
  -> Int
{
  guard let data, let context else { return 0 }
  let source = Unmanaged<HTTPSource>.fromOpaque(context).takeUnretainedValue()
  return source.receive(UnsafeRawBufferPointer(start: data, count: length)) ? length : 0
}

private func httpHeader(_ data: UnsafePointer<CChar>?, _ length: Int, _ context: UnsafeMutableRawPointer?)
  -> Int
{
  guard let data, let context else { return 0 }
  let line = data.withMemoryRebound(to: UInt8.self, capacity: length) {
    String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
  }
  Unmanaged<HTTPSource>.fromOpaque(context).takeUnretainedValue().receiveHeader(line)
  return length
}
