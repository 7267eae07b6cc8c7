/// A kind of input stackdiff reads (`go-text`, `go-pprof-proto`, …): its name, its language's
/// dialect, and what its traces can carry. Formats are registered in `FormatRegistry`.
public struct DumpFormat: Hashable, Sendable, CustomStringConvertible {
  /// As `--input-format` and reports name it: `go-text`.
  public let name: String
  public let dialect: any LanguageDialect
  public let capabilities: FormatCapabilities

  public init(name: String, dialect: any LanguageDialect, capabilities: FormatCapabilities) {
    self.name = name
    self.dialect = dialect
    self.capabilities = capabilities
  }

  public var description: String { name }

  public static func == (a: DumpFormat, b: DumpFormat) -> Bool { a.name == b.name }
  public func hash(into hasher: inout Hasher) { hasher.combine(name) }
}

/// What a format's traces carry. Every capability is an enum that consumers switch over without
/// a default, so a new capability or a new format cannot compile until each case is decided.
public struct FormatCapabilities: Sendable {
  public enum States: Sendable {
    /// Each trace prints why it waits (`chan receive`, `suspended`).
    case printed
    /// Traces have no state (profiles).
    case absent
  }

  public enum Creators: Sendable {
    /// Each trace prints what started it (`created by …`).
    case printed
    case absent
  }

  public enum Depth: Sendable {
    /// Stacks are printed whole, or cut with a marker (or past the dialect's `possiblyCutDepth`).
    case whole
    /// Only about this many innermost frames are comparable (a profile records a fixed number
    /// of program counters, runtime frames included).
    case innermost(Int)
  }

  public enum DumpTaker: Sendable {
    /// Outside a crash, the first trace printed is the one that asked for the dump.
    case printedFirst
    /// Where the dump taker is, if anywhere, only its frames can tell.
    case unknownPosition
  }

  public var states: States
  public var creators: Creators
  public var depth: Depth
  public var dumpTaker: DumpTaker

  public init(states: States, creators: Creators, depth: Depth, dumpTaker: DumpTaker) {
    self.states = states
    self.creators = creators
    self.depth = depth
    self.dumpTaker = dumpTaker
  }

  public var hasStates: Bool {
    switch states {
    case .printed: return true
    case .absent: return false
    }
  }

  public var hasCreators: Bool {
    switch creators {
    case .printed: return true
    case .absent: return false
    }
  }

  /// How many innermost frames comparisons may use; nil for whole stacks.
  public var comparableDepth: Int? {
    switch depth {
    case .whole: return nil
    case .innermost(let frames): return frames
    }
  }

  public var firstTraceMayTakeDump: Bool {
    switch dumpTaker {
    case .printedFirst: return true
    case .unknownPosition: return false
    }
  }
}
