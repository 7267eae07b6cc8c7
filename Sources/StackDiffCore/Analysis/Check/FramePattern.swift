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
    matches(frame.function) || matches(frame.location) || (frame.rawName.map(matches) ?? false)
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
