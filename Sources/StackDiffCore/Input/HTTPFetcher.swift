import CHTTP

/// Fetches `http://` and `https://` inputs (a live `/debug/pprof/goroutine` endpoint) with the
/// system libcurl, which the small C target `CHTTP` loads only when a URL is given.
///
/// Not Foundation's URLSession: linking Foundation costs every run of the tool about 10 ms of
/// start-up and 15 MB of memory, for a feature most runs never use. The body is held in memory:
/// endpoints cap what they serve (debug=2 stops at 64 MB), and `limit` guards against more.
public enum HTTPFetcher {
  public static func isURL(_ argument: String) -> Bool {
    argument.hasPrefix("http://") || argument.hasPrefix("https://")
  }

  public static func fetch(_ address: String, timeout: Double, limit: UInt64 = 4 << 30) throws -> [UInt8] {
    let response = Response(limit: limit)
    var status = 0
    var message = [CChar](repeating: 0, count: 512)
    let code = message.withUnsafeMutableBufferPointer { error in
      stackdiff_http_get(
        address, max(1, Int(timeout * 1000)), receiveBody, receiveHeader,
        Unmanaged.passUnretained(response).toOpaque(), &status, error.baseAddress, error.count)
    }
    if response.exceededLimit {
      throw InputError(
        source: address,
        reason: "response exceeds \(InflatingSource.describe(bytes: limit)) (--max-input-bytes)")
    }
    guard code == 0 else {
      let text = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
      guard code > 0 else { throw InputError(source: address, reason: text) }
      throw InputError(
        source: address, reason: "cannot fetch: \(text.lowercasedFirst)",
        kind: transientTransferErrors.contains(code) ? .transient : .permanent)
    }
    guard (200..<300).contains(status) else {
      let comesBack = status == 408 || status == 425 || status == 429 || (500..<600).contains(status)
      throw InputError(
        source: address, reason: response.statusLine ?? "HTTP status \(status)",
        kind: comesBack ? .transient : .permanent)
    }
    return response.body
  }
}

/// libcurl's codes for a failed transfer that may work when tried again: proxy or host not
/// resolved, connection refused, partial file, HTTP/2 errors, TLS handshake, timeout, empty
/// reply, send and receive errors.
private let transientTransferErrors: Set<Int32> = [5, 6, 7, 16, 18, 28, 35, 52, 55, 56, 92]

/// Collects what libcurl hands to the callbacks.
private final class Response {
  var body: [UInt8] = []
  /// The last status line seen (`HTTP/1.1 404 Not Found`); redirects bring several.
  var statusLine: String?
  let limit: UInt64
  var exceededLimit = false

  init(limit: UInt64) { self.limit = limit }
}

private func receiveBody(_ data: UnsafePointer<CChar>?, _ length: Int, _ context: UnsafeMutableRawPointer?)
  -> Int
{
  guard let data, let context else { return 0 }
  let response = Unmanaged<Response>.fromOpaque(context).takeUnretainedValue()
  guard UInt64(response.body.count + length) <= response.limit else {
    response.exceededLimit = true
    return 0
  }
  data.withMemoryRebound(to: UInt8.self, capacity: length) {
    response.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: length))
  }
  return length
}

private func receiveHeader(_ data: UnsafePointer<CChar>?, _ length: Int, _ context: UnsafeMutableRawPointer?)
  -> Int
{
  guard let data, let context else { return 0 }
  let line = data.withMemoryRebound(to: UInt8.self, capacity: length) {
    String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
  }
  if line.hasPrefix("HTTP/") {
    let response = Unmanaged<Response>.fromOpaque(context).takeUnretainedValue()
    response.statusLine = String(line.prefix { !$0.isNewline })
  }
  return length
}

extension String {
  fileprivate var lowercasedFirst: String {
    guard let first else { return self }
    return first.lowercased() + dropFirst()
  }
}
