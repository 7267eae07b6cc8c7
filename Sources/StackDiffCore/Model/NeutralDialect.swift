/// The rules of no language in particular: every frame is user code, no state blocks, nothing
/// is noise. Used where no dump says which language applies (a trend over no snapshots).
public struct NeutralDialect: LanguageDialect {
  public let name = "neutral"
  public let traceNoun = TraceNoun("trace", plural: "traces")
  public let possiblyCutDepth: Int? = nil
  public let defaultIgnores: [IgnoreRule] = []

  public init() {}

  public func classify(_ frame: inout Frame, in layout: ProgramLayout) {
    frame.origin = .user
    frame.isHidden = false
  }

  public func isBlocked(state: String) -> Bool { false }
  public func noise(of group: Group) -> GrowthNoise? { nil }
  public func shortName(of function: String) -> String { function }
}
