/// Names the growing sites that look like leaks.
///
/// A group counts toward a suspect when it grew (net of state shifts), is not dump noise, has
/// a frame in the user's own code, and is blocked (the dialect says which states block).
/// Formats without states (profiles): a growing group in user code counts, its state marked
/// unknown. Groups are gathered by site (the blocking frame in user code and the state), so a
/// leak reached through several routes is one suspect, its delta the site's net change. A site
/// that grew by at most `smallChangeLimit` and already had members, none waiting for minutes,
/// is a small change: a busy service's in-flight requests look like that. Suspects with long waits come
/// first, then larger deltas.
public enum SuspectFinder {
  public static let smallChangeLimit = 2

  public static func suspects(in changes: [GroupChange], dialect: any LanguageDialect) -> [Suspect] {
    findings(in: changes, dialect: dialect).suspects
  }

  public static func findings(in changes: [GroupChange], dialect: any LanguageDialect)
    -> (suspects: [Suspect], smallChanges: [Suspect])
  {
    var order: [SiteKey] = []
    var sites: [SiteKey: Site] = [:]
    for change in changes where change.noise == nil && change.netDelta != 0 {
      let group = change.group
      // A stack cut to a lone wait has no site, but its growth is still the thing to blame.
      guard group.mayHaveUserCode else { continue }
      if let state = group.state {
        guard dialect.isBlocked(state: state) else { continue }
      }
      let key = SiteKey(group)
      if sites[key] == nil { order.append(key) }
      sites[key, default: Site()].add(change)
    }
    var suspects: [Suspect] = []
    var smallChanges: [Suspect] = []
    for key in order {
      guard let site = sites[key], site.net > 0, !site.growing.isEmpty else { continue }
      let suspect = makeSuspect(site, dialect: dialect)
      let isSmall =
        suspect.delta <= smallChangeLimit && (suspect.longestWaitMinutes ?? 0) == 0 && site.before > 0
      if isSmall { smallChanges.append(suspect) } else { suspects.append(suspect) }
    }
    return (suspects.sorted(by: isOrderedBefore), smallChanges.sorted(by: isOrderedBefore))
  }

  /// The blocked groups at one site: those that grew, and the net change of all of them.
  private struct Site {
    var growing: [GroupChange] = []
    var net = 0
    var before = 0

    mutating func add(_ change: GroupChange) {
      net += change.netDelta
      before += change.before
      if change.netDelta > 0 { growing.append(change) }
    }
  }

  static func isOrderedBefore(_ a: Suspect, _ b: Suspect) -> Bool {
    let aLong = (a.longestWaitMinutes ?? 0) > 0
    let bLong = (b.longestWaitMinutes ?? 0) > 0
    if aLong != bLong { return aLong }
    if a.delta != b.delta { return a.delta > b.delta }
    return Differ.isOrderedBefore(a.change, b.change)
  }

  private static func makeSuspect(_ site: Site, dialect: any LanguageDialect) -> Suspect {
    let stacks = site.growing.sorted(by: Differ.isOrderedBefore)
    let names = stacks.count > 1 ? RouteNamer.names(of: stacks.map(\.group), dialect: dialect) : []
    let routes = stacks.enumerated().map { index, change in
      Suspect.Route(change: change, via: names.isEmpty ? nil : names[index])
    }
    let longest = stacks.compactMap { $0.group.waitMinutes?.upperBound }.max()
    return Suspect(
      stacks: routes, delta: site.net, longestWaitMinutes: longest,
      stateIsUnknown: stacks[0].group.state == nil)
  }
}
