/// Short phrases about groups that several reports share.
public enum GroupSummary {
  /// The frame that best names a group: its site, else its first frame.
  public static func headlineFrame(_ group: Group) -> Frame? { group.site ?? group.frames.first }

  /// `server.go:31 in (*Server).logsContainer`
  public static func place(_ group: Group, dialect: any LanguageDialect, fullPaths: Bool) -> String {
    guard let frame = headlineFrame(group) else { return "(no frames)" }
    let location = fullPaths ? frame.location : frame.shortLocation
    let name = dialect.shortName(of: frame.function)
    return location.isEmpty ? name : "\(location) in \(name)"
  }

  /// `sem-waiter-# ×20, cond-waiter-# ×20, 1 other`: the members' folded thread names, the
  /// most common first three; nil when none has a name.
  public static func names(_ group: Group) -> String? {
    guard !group.names.isEmpty else { return nil }
    let single = group.names.count == 1 && group.unlistedNameCount == 0 && group.names[0].count == group.count
    if single { return group.names[0].name }
    let shown = group.names.prefix(3).map { "\($0.name) ×\($0.count)" }
    let others = group.names.dropFirst(3).reduce(group.unlistedNameCount) { $0 + $1.count }
    return (shown + (others > 0 ? [count(others, "other")] : [])).joined(separator: ", ")
  }

  /// `1 group`, `2 groups`.
  public static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

  /// `+15`, `-3`, `0`
  public static func signed(_ value: Int) -> String { value > 0 ? "+\(value)" : "\(value)" }

  /// `suspect: +15 goroutines blocked in chan receive for up to 3 minutes at server.go:31 in
  /// (*Server).logsContainer, created by net/http.(*conn).serve`; a site reached by several
  /// stacks adds `across 3 stacks (via pollA +48, pollB +36, stream +24)`. `format` is the one a
  /// missing state is blamed on.
  public static func describe(_ suspect: Suspect, format: DumpFormat, fullPaths: Bool) -> String {
    "suspect: " + describeSite(suspect, format: format, fullPaths: fullPaths)
  }

  /// A suspect's sentence without its `suspect: ` label.
  public static func describeSite(_ suspect: Suspect, format: DumpFormat, fullPaths: Bool) -> String {
    let group = suspect.change.group
    let dialect = format.dialect
    let noun = suspect.delta == 1 ? dialect.traceNoun.singular : dialect.traceNoun.plural
    var text = "\(signed(suspect.delta)) \(noun) " + waitPhrase(group.state, format: format)
    if let minutes = suspect.longestWaitMinutes, minutes > 0 {
      text += " for up to \(minutes) \(minutes == 1 ? "minute" : "minutes")"
    }
    let site = place(group, dialect: dialect, fullPaths: fullPaths)
    text += headlineFrame(group)?.file.isEmpty == false ? " at \(site)" : " in \(site)"
    text += routesAndCreator(
      suspect.stacks.map { ($0.via ?? "?", $0.change.netDelta) }, groups: suspect.stacks.map(\.change.group))
    // Names only when every stack has the same: the routes already tell them apart.
    let allNames = Set(suspect.stacks.map { names($0.change.group) })
    if allNames.count == 1, let names = names(group) { text += ", named \(names)" }
    return text
  }

  /// `blocked in chan receive`, `suspended`, or `(state not recorded in go-pprof-text dumps)`
  /// where `format` has no states.
  static func waitPhrase(_ state: String?, format: DumpFormat) -> String {
    state.map(format.dialect.blockedPhrase) ?? "(state not recorded in \(format.name) dumps)"
  }

  /// `, across 3 stacks (via pollA +48, pollB +36, stream +24), created by net/http.(*Server).Serve`
  /// for a site reached by the stacks of `groups` (the first leads), through `routes`; the
  /// creator only when every stack shares it.
  static func routesAndCreator(_ routes: [(name: String, delta: Int)], groups: [Group]) -> String {
    var text = ""
    if groups.count > 1 {
      text += ", across \(groups.count) stacks"
      // Stacks that differ only in argument values (`--group-by exact`) share one route.
      if Set(routes.map(\.name)).count > 1 { text += " (via \(RouteNamer.summary(routes)))" }
    }
    let creators = Set(groups.map { $0.createdBy?.function })
    if creators.count == 1, let creator = groups.first?.createdBy {
      text += ", created by \(creator.function)"
    }
    return text
  }

  /// `4 moved from sleep to chan receive at worker.go:31 in worker`; members whose state and
  /// site stayed the same waited through other library or runtime frames (another Go version).
  public static func describe(_ shift: StateShift, dialect: any LanguageDialect, fullPaths: Bool) -> String {
    let from = place(shift.from, dialect: dialect, fullPaths: fullPaths)
    let to = place(shift.to, dialect: dialect, fullPaths: fullPaths)
    switch (shift.from.state, shift.to.state) {
    case (let before?, let after?) where before != after:
      return from == to
        ? "\(shift.count) moved from \(before) to \(after) at \(to)"
        : "\(shift.count) moved from \(before) at \(from) to \(after) at \(to)"
    default:
      let state = shift.to.state.map { " in \($0)" } ?? ""
      return from == to
        ? "\(shift.count)\(state) at \(to) waits through other library or runtime frames"
        : "\(shift.count) moved from \(from) to \(to)"
    }
  }
}
