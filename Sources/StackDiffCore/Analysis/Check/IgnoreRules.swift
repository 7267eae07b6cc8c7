/// goleak-style rules for traces that a check should not count.
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
    case .createdBy: return group.createdBy.map { pattern.matches(function: $0.function) } ?? false
    case .state: return group.state.map { pattern.matches($0) } ?? false
    }
  }
}

public struct IgnoreRules: Sendable {
  public var rules: [IgnoreRule]
  /// Also ignore what the dialect calls noise (runtime traces, the dump taker) and its
  /// default rules (signal handling, the test harness, …).
  public var usesDefaults: Bool

  public init(rules: [IgnoreRule] = [], usesDefaults: Bool = true) {
    self.rules = rules
    self.usesDefaults = usesDefaults
  }

  /// Why `group` is ignored, or nil when it counts. `crashIsDumpSignal`: the dump's crashed
  /// trace is only where a dump signal landed (else it ran the code that crashed, and counts).
  public func reason(toIgnore group: Group, dialect: any LanguageDialect, crashIsDumpSignal: Bool = false)
    -> String?
  {
    if let rule = rules.first(where: { $0.matches(group) }) { return rule.description }
    guard usesDefaults else { return nil }
    switch group.noise(in: dialect) {
    case .dumpTaker: return "default: takes the dump"
    case .runtime: return "default: runtime \(dialect.traceNoun.singular)"
    case .crashed where crashIsDumpSignal: return "default: the dump signal's \(dialect.traceNoun.singular)"
    case .crashed, nil: break
    }
    if let rule = dialect.defaultIgnores.first(where: { $0.matches(group) }) {
      return "default \(rule.description)"
    }
    return nil
  }

  /// The groups of `snapshot` that count.
  public func filter(_ snapshot: Snapshot) -> [Group] { partition(snapshot).kept }

  /// The groups of `snapshot` that count, and how many traces each rule left out, in the order
  /// the rules first applied.
  public func partition(_ snapshot: Snapshot) -> (kept: [Group], ignored: [IgnoredCount]) {
    let dialect = snapshot.format.dialect
    let crashIsDumpSignal = dialect.crashIsDumpSignal(events: snapshot.events)
    var kept: [Group] = []
    var ignored: [IgnoredCount] = []
    for group in snapshot.groups {
      guard let rule = reason(toIgnore: group, dialect: dialect, crashIsDumpSignal: crashIsDumpSignal) else {
        kept.append(group)
        continue
      }
      if let index = ignored.firstIndex(where: { $0.rule == rule }) {
        ignored[index].count += group.count
      } else {
        ignored.append(IgnoredCount(rule: rule, count: group.count))
      }
    }
    return (kept, ignored)
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

/// How many traces one ignore rule left out of a check.
public struct IgnoredCount: Equatable, Sendable {
  /// The rule as `IgnoreRules.reason(toIgnore:)` names it: `default: takes the dump`.
  public var rule: String
  public var count: Int
}
