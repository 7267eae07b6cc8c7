/// What an HTML report holds at most, whatever the dump: a dump of 200,000 distinct stacks
/// still gives a page a browser opens at once.
enum HTMLLimits {
  /// Stacks listed per section (`--top` and `--all` choose fewer or more, up to this).
  static let groupsPerSection = 200
  /// Rows of a bar chart.
  static let bars = 30
  /// Dumps of a `show` report that get a section of their own.
  static let snapshots = 10
  /// Stacks shown open when the page loads, per section.
  static let openStacks = 5
}
