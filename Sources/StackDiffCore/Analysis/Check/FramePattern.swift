/// What `--absent`, `--present`, `--max` and ignore rules look for in a frame: a literal
/// substring by default (`(*Server).logsContainer` needs no escaping), or a regular expression.
/// It matches a frame's function name, its `file:line`, or the mangled name the dump printed.
public struct FramePattern: Sendable, CustomStringConvertible {
  public let text: String
  private let regex: CompiledRegex?

  public struct InvalidPattern: Error, CustomStringConvertible {
    public var pattern: String
    public var reason: String
    public var description: String { "invalid regular expression '\(pattern)': \(reason)" }
  }

  public init(_ text: String, isRegex: Bool = false) throws {
    self.text = text
    if isRegex {
      do {
        regex = CompiledRegex(try Regex(text))
      } catch {
        throw InvalidPattern(pattern: text, reason: "\(error)")
      }
    } else {
      regex = nil
    }
  }

  public var description: String { text }

  public func matches(_ text: String) -> Bool {
    if let regex { return text.contains(regex.regex) }
    return text.contains(self.text)
  }

  public func matches(_ frame: Frame) -> Bool {
    matches(function: frame.function) || matches(frame.location)
      || (frame.rawName.map { matches($0) } ?? false)
  }

  /// Matches a function name, as printed or, for a frame without labels, by its base name.
  public func matches(function: String) -> Bool {
    matches(function) || (regex == nil && Self.matchesUnlabeled(pattern: text, function: function))
  }

  /// lldb prints a Swift frame's parameter names with values, never its argument labels, so
  /// its frames end in `(…)`. A literal pattern ending in a label list, `consumeEvents(from:)`
  /// or `f()`, matches such a frame when the pattern without the list ends the frame's base
  /// name (`SubscriptionHandler.consumeEvents`): any labels match, since the dump cannot tell.
  static func matchesUnlabeled(pattern: String, function: String) -> Bool {
    guard function.hasSuffix(Frame.unknownLabels), let name = withoutLabelList(pattern), !name.isEmpty else {
      return false
    }
    return function.dropLast(Frame.unknownLabels.count).hasSuffix(name)
  }

  /// `consumeEvents(from:)` → `consumeEvents`; nil unless `pattern` ends in `(`, zero or more
  /// `label:`, and `)`.
  static func withoutLabelList(_ pattern: String) -> Substring? {
    guard pattern.hasSuffix(")"), let open = pattern.lastIndex(of: "(") else { return nil }
    let labels = pattern[pattern.index(after: open)..<pattern.index(before: pattern.endIndex)]
    var wordLength = 0
    for character in labels {
      if character == ":" {
        guard wordLength > 0 else { return nil }
        wordLength = 0
      } else if character.isLetter || character.isNumber || character == "_" {
        wordLength += 1
      } else {
        return nil
      }
    }
    guard wordLength == 0 else { return nil }
    return pattern[..<open]
  }

  /// True when any of the group's frames matches.
  public func matches(anyFrameOf group: Group) -> Bool {
    group.frames.contains(where: matches)
  }
}

/// `Regex` is not declared Sendable, but a compiled pattern is only ever read.
private final class CompiledRegex: @unchecked Sendable {
  let regex: Regex<AnyRegexOutput>

  init(_ regex: Regex<AnyRegexOutput>) { self.regex = regex }
}
