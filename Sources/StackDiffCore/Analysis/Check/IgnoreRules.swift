/// goleak-style rules for goroutines that a check should not count.
public struct IgnoreRule: Sendable, CustomStringConvertible {
  public enum Kind: String, Sendable, CaseIterable {
    /// The innermost frame matches.
    case top
    /// Any frame matches.
    case any
    /// The `created by` function matches.
    case createdBy = "created-by"
    /// The state matches.
    case state
  }

  public var kind: Kind
  public var pattern: FramePattern

  public init(_ kind: Kind, _ pattern: FramePattern) {
    self.kind = kind
    self.pattern = pattern
  }

  public var description: String { "\(kind.rawValue): \(pattern.text)" }

  public func matches(_ group: Group) -> Bool {
    switch kind {
    case .top: return group.frames.first.map(pattern.matches) ?? false
    case .any: return pattern.matches(anyFrameOf: group)
    case .createdBy: return group.createdBy.map { pattern.matches($0.function) } ?? false
    case .state: return group.state.map { pattern.matches($0) } ?? false
    }
  }
}

public struct IgnoreRules: Sendable {
  public var rules: [IgnoreRule]
  /// Also ignore the runtime's own goroutines, the dump taker and the test harness.
  public var usesDefaults: Bool

  public init(rules: [IgnoreRule] = [], usesDefaults: Bool = true) {
    self.rules = rules
    self.usesDefaults = usesDefaults
  }

  /// Goroutines every Go program or test binary has: signal handling, the testing runner,
  /// tracing. The runtime's system goroutines (GC workers, finalizers, …) are recognized by
  /// having only runtime frames, and the dump taker, by `GrowthNoise`.
  public static let defaults: [IgnoreRule] = {
    let specs: [(IgnoreRule.Kind, String)] = [
      (.any, "os/signal.signal_recv"), (.any, "os/signal.loop"), (.any, "runtime.ensureSigM"),
      (.any, "testing.RunTests"), (.any, "testing.runTests"), (.any, "testing.(*M).Run"),
      (.top, "testing.(*T).Run"), (.top, "testing.(*T).Parallel"), (.top, "testing.(*F).Fuzz"),
      (.any, "runtime/trace.Start"), (.any, "runtime.ReadTrace"),
    ]
    return specs.compactMap { kind, text in
      (try? FramePattern(text)).map { IgnoreRule(kind, $0) }
    }
  }()

  /// Why `group` is ignored, or nil when it counts.
  public func reason(toIgnore group: Group) -> String? {
    if let rule = rules.first(where: { $0.matches(group) }) { return rule.description }
    guard usesDefaults else { return nil }
    switch GrowthNoise.kind(of: group) {
    case .dumpTaker: return "default: takes the dump"
    case .runtime: return "default: runtime goroutine"
    case nil: break
    }
    if let rule = Self.defaults.first(where: { $0.matches(group) }) { return "default \(rule.description)" }
    return nil
  }

  public func filter(_ groups: [Group]) -> [Group] {
    groups.filter { reason(toIgnore: $0) == nil }
  }

  /// Reads an ignore file: one rule per line (`top: F`, `any: F`, `created-by: F`,
  /// `state: S`), `#` comments and blank lines skipped.
  public static func parseFile(_ text: String, name: String, isRegex: Bool) throws -> [IgnoreRule] {
    var rules: [IgnoreRule] = []
    // `isNewline`: a CRLF file's "\r\n" is one Character, which splitting on "\n" would miss.
    for (index, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
      .enumerated()
    {
      var line = Substring(rawLine)
      if let hash = line.firstIndex(of: "#"), line[..<hash].allSatisfy(\.isWhitespace) { continue }
      line = line.drop(while: \.isWhitespace)
      while let last = line.last, last.isWhitespace || last == "\r" { line = line.dropLast() }
      guard !line.isEmpty else { continue }
      guard let colon = line.firstIndex(of: ":"),
        let kind = IgnoreRule.Kind(rawValue: String(line[..<colon]).trimmedWhitespace)
      else {
        throw InputError(
          source: "\(name):\(index + 1)",
          reason: "expected 'top:', 'any:', 'created-by:' or 'state:' followed by a pattern")
      }
      let pattern = String(line[line.index(after: colon)...]).trimmedWhitespace
      guard !pattern.isEmpty else {
        throw InputError(source: "\(name):\(index + 1)", reason: "rule '\(kind.rawValue):' has no pattern")
      }
      do {
        rules.append(IgnoreRule(kind, try FramePattern(pattern, isRegex: isRegex)))
      } catch let error as FramePattern.InvalidPattern {
        throw InputError(source: "\(name):\(index + 1)", reason: error.description)
      }
    }
    return rules
  }
}

extension String {
  var trimmedWhitespace: String {
    String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
  }
}
