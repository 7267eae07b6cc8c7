import ArgumentParser

/// How much of a report is listed; shared by `diff` and `trend`.
struct ListingOptions: ParsableArguments {
  @Option(
    help: "Most groups (and functions) per section (default 10); with --format json, also limits the JSON.")
  var top: Int?

  @Flag(help: "List every group and function, however many.")
  var all = false

  func validate() throws {
    if let top, top < 1 { throw ValidationError("--top must be at least 1.") }
  }

  /// The per-section limit for text; nil for no limit.
  var textLimit: Int? { all ? nil : (top ?? 10) }

  /// Whether JSON output is limited too: only when `--top` was given.
  var limitsJSON: Bool { top != nil && !all }
}
