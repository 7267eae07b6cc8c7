/// What a language calls one trace in reports: "goroutine", "thread", "task".
public struct TraceNoun: Hashable, Sendable {
  public var singular: String
  public var plural: String

  public init(_ singular: String, plural: String) {
    self.singular = singular
    self.plural = plural
  }

  /// `1 goroutine`, `2 goroutines`.
  public func count(_ n: Int) -> String { "\(n) \(n == 1 ? singular : plural)" }
}
