import Dispatch
import Foundation

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// Fetches `http://` and `https://` inputs (a live `/debug/pprof/goroutine` endpoint).
///
/// The body is held in memory: endpoints cap what they serve (debug=2 stops at 64 MB), and
/// files are the way to feed anything larger.
public enum HTTPFetcher {
  public static func isURL(_ argument: String) -> Bool {
    argument.hasPrefix("http://") || argument.hasPrefix("https://")
  }

  public static func fetch(_ address: String, timeout: Double) throws -> [UInt8] {
    guard let url = URL(string: address) else {
      throw InputError(source: address, reason: "not a valid URL")
    }
    var request = URLRequest(url: url, timeoutInterval: timeout)
    request.setValue("stackdiff", forHTTPHeaderField: "User-Agent")
    let box = ResultBox()
    let done = DispatchSemaphore(value: 0)
    let configuration = URLSessionConfiguration.ephemeral
    configuration.timeoutIntervalForRequest = timeout
    configuration.timeoutIntervalForResource = timeout
    let session = URLSession(configuration: configuration)
    let task = session.dataTask(with: request) { data, response, error in
      box.set(data: data, response: response, error: error)
      done.signal()
    }
    task.resume()
    done.wait()
    session.finishTasksAndInvalidate()
    let (data, response, error) = box.get()
    if let error {
      throw InputError(source: address, reason: "cannot fetch: \(error.localizedDescription)")
    }
    guard let http = response as? HTTPURLResponse else {
      throw InputError(source: address, reason: "no HTTP response")
    }
    guard (200..<300).contains(http.statusCode) else {
      let phrase = HTTPURLResponse.localizedString(forStatusCode: http.statusCode)
      throw InputError(source: address, reason: "HTTP \(http.statusCode) \(phrase)")
    }
    return [UInt8](data ?? Data())
  }
}

/// Carries the completion handler's values back to the waiting thread.
private final class ResultBox: @unchecked Sendable {
  private let lock = NSLock()
  private var data: Data?
  private var response: URLResponse?
  private var error: (any Error)?

  func set(data: Data?, response: URLResponse?, error: (any Error)?) {
    lock.lock()
    defer { lock.unlock() }
    self.data = data
    self.response = response
    self.error = error
  }

  func get() -> (Data?, URLResponse?, (any Error)?) {
    lock.lock()
    defer { lock.unlock() }
    return (data, response, error)
  }
}
