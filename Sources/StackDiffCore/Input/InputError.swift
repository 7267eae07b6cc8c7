/// Why an input could not be read. The description is the part after `<path>: ` in
/// `stackdiff: error: <path>: <reason>`.
public struct InputError: Error, Equatable, Sendable, CustomStringConvertible {
  public var source: String
  public var reason: String

  public init(source: String, reason: String) {
    self.source = source
    self.reason = reason
  }

  public var description: String { "\(source): \(reason)" }
}
