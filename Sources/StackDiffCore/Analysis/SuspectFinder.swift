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
    findings(in: changes, dialect: dialect, changesAreInOrder: false)
  }

  /// `changesAreInOrder`: `changes` are sorted by `Differ.isOrderedBefore`, as a diff's are, so
  /// their positions give the stack order wherever their ranks tie.
  static func findings(in changes: [GroupChange], dialect: any LanguageDialect, changesAreInOrder: Bool)
    -> (suspects: [Suspect], smallChanges: [Suspect])
  {
    var order: [SiteKey] = []
    var sites: [SiteKey: Site] = [:]
    for (position, change) in changes.enumerated() where change.noise == nil && change.netDelta != 0 {
      let group = change.group
      // A stack cut to a lone wait has no site, but its growth is still the thing to blame.
      guard group.mayHaveUserCode else { continue }
      if let state = group.state {
        guard dialect.isBlocked(state: state) else { continue }
      }
      let key = SiteKey(group)
      if sites[key] == nil { order.append(key) }
      sites[key, default: Site()].add(change, at: position)
    }
    var suspects: [Suspect] = []
    var smallChanges: [Suspect] = []
    var suspectPositions: [Int] = []
    var smallChangePositions: [Int] = []
    for key in order {
      guard let site = sites[key], site.net > 0, !site.growing.isEmpty else { continue }
      let suspect = makeSuspect(site, dialect: dialect)
      let isSmall =
        suspect.delta <= smallChangeLimit && (suspect.longestWaitMinutes ?? 0) == 0 && site.before > 0
      if isSmall {
        smallChanges.append(suspect)
        smallChangePositions.append(site.firstGrowingPosition)
      } else {
        suspects.append(suspect)
        suspectPositions.append(site.firstGrowingPosition)
      }
    }
    return (
      inOrder(suspects, positions: changesAreInOrder ? suspectPositions : nil),
      inOrder(smallChanges, positions: changesAreInOrder ? smallChangePositions : nil)
    )
  }

  /// What orders suspects before their stacks do: long waits first, then the site's delta,
  /// then the largest stack's as `Differ.isOrderedBefore` ranks changes. Taken out once per
  /// suspect.
  private struct Rank {
    var hasLongWait: Bool
    var delta: Int
    var netDelta: Int
    var mayHaveUserCode: Bool
    var after: Int

    init(_ suspect: Suspect) {
      hasLongWait = (suspect.longestWaitMinutes ?? 0) > 0
      delta = suspect.delta
      netDelta = suspect.change.netDelta
      mayHaveUserCode = suspect.change.group.mayHaveUserCode
      after = suspect.change.after
    }

    /// The order of two ranks; nil when they tie and the stacks decide.
    static func isBefore(_ a: Rank, _ b: Rank) -> Bool? {
      if a.hasLongWait != b.hasLongWait { return a.hasLongWait }
      if a.delta != b.delta { return a.delta > b.delta }
      if let decided = GrowthOrder.isBefore(
        a.netDelta, userCode: a.mayHaveUserCode, b.netDelta, userCode: b.mayHaveUserCode)
      {
        return decided
      }
      if a.after != b.after { return a.after > b.after }
      return nil
    }
  }

  /// `suspects` by rank, then stack: ranks are taken out first because, with thousands of
  /// suspects (a diff of many distinct stacks), each comparison found both sites in their stacks.
  /// `positions`, when given, are those of each suspect's largest stack among changes sorted by
  /// `Differ.isOrderedBefore`: where two ranks tie, so do those changes' growth and counts,
  /// and their positions give their stack order without reading the stacks (0.03 s of a
  /// diff with 20,000 suspects).
  private static func inOrder(_ suspects: [Suspect], positions: [Int]?) -> [Suspect] {
    let ranks = suspects.map(Rank.init)
    let order = suspects.indices.sorted { a, b in
      if let decided = Rank.isBefore(ranks[a], ranks[b]) { return decided }
      if let positions { return positions[a] < positions[b] }
      return Group.isOrderedByStack(suspects[a].change.group, suspects[b].change.group)
    }
    return order.map { suspects[$0] }
  }

  /// The blocked groups at one site: those that grew, and the net change of all of them.
  private struct Site {
    var growing: [GroupChange] = []
    var net = 0
    var before = 0
    /// Where the first of `growing` is among the changes.
    var firstGrowingPosition = 0

    mutating func add(_ change: GroupChange, at position: Int) {
      net += change.netDelta
      before += change.before
      guard change.netDelta > 0 else { return }
      if growing.isEmpty { firstGrowingPosition = position }
      growing.append(change)
    }
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
