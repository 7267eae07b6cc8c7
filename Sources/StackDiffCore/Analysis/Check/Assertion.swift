/// One condition `stackdiff check` tests.
public enum Assertion: Sendable, CustomStringConvertible {
  /// No trace has a matching frame.
  case absent(FramePattern)
  /// Some trace has a matching frame.
  case present(FramePattern)
  /// At most N traces have a matching frame.
  case max(FramePattern, Int)
  /// At most N traces in all.
  case maxTotal(Int)
  /// No group grew by more than N since the baseline.
  case maxGrowth(Int)
  /// Traces with a matching frame grew by at most N since the baseline.
  case maxGrowthOf(FramePattern, Int)
  /// At most N groups are new since the baseline.
  case maxNewGroups(Int)

  public var name: String {
    switch self {
    case .absent: return "absent"
    case .present: return "present"
    case .max: return "max"
    case .maxTotal: return "max-total"
    case .maxGrowth: return "max-growth"
    case .maxGrowthOf: return "max-growth-of"
    case .maxNewGroups: return "max-new-groups"
    }
  }

  public var pattern: FramePattern? {
    switch self {
    case .absent(let p), .present(let p), .max(let p, _), .maxGrowthOf(let p, _): return p
    default: return nil
    }
  }

  public var limit: Int? {
    switch self {
    case .max(_, let n), .maxTotal(let n), .maxGrowth(let n), .maxGrowthOf(_, let n), .maxNewGroups(let n):
      return n
    default: return nil
    }
  }

  public var needsBaseline: Bool {
    switch self {
    case .maxGrowth, .maxGrowthOf, .maxNewGroups: return true
    default: return false
    }
  }

  /// `absent (*Server).logsContainer`, `max worker=3`, `max-total 100`
  public var description: String {
    switch self {
    case .absent(let p), .present(let p): return "\(name) \(p.text)"
    case .max(let p, let n), .maxGrowthOf(let p, let n): return "\(name) \(p.text)=\(n)"
    case .maxTotal(let n), .maxGrowth(let n), .maxNewGroups(let n): return "\(name) \(n)"
    }
  }
}

/// The outcome of one assertion, with the groups that made it fail (or would have).
public struct AssertionResult: Sendable {
  public var assertion: Assertion
  public var passed: Bool
  /// Matching traces (or growth, or new groups, depending on the assertion).
  public var matches: Int
  /// The groups behind `matches`, largest first.
  public var groups: [GroupChange]
  /// One line: what was found against what was allowed.
  public var summary: String
}

public struct CheckReport: Sendable {
  public var snapshot: Snapshot
  public var baseline: Snapshot?
  public var results: [AssertionResult]
  /// Goroutines left out by ignore rules.
  public var ignoredCount: Int
  /// The same, rule by rule.
  public var ignoredBy: [IgnoredCount] = []
  /// With a baseline: members that only moved between states of a stack, never growth.
  public var shifts: [StateShift] = []

  public var passed: Bool { results.allSatisfy(\.passed) }
}
