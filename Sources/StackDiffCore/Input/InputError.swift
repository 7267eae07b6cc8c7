/// Why an input could not be read. The description is the part after `<path>: ` in
/// `stackdiff: error: <path>: <reason>`.
public struct InputError: Error, Equatable, Sendable, CustomStringConvertible {
  /// Whether trying again can succeed: what retries (`check --retry`) look at.
  public enum Kind: Sendable {
    /// The network failed or timed out, or the server said to come back (HTTP 408, 429, 5xx).
    case transient
    /// The same input will fail the same way: a missing file, damaged data, a client error.
    case permanent
    /// This machine cannot read such input at all (no libcurl for a URL): no retry, and no
    /// other input of the kind, can succeed.
    case unavailable
  }

  public var source: String
  public var reason: String
  public var kind: Kind

  public init(source: String, reason: String, kind: Kind = .permanent) {
    self.source = source
    self.reason = reason
    self.kind = kind
  }

  public var description: String { "\(source): \(reason)" }
}
