/// Names the growing groups that look like leaks.
///
/// A group is a suspect when it grew, is not dump noise, has a frame in the user's own code,
/// and is blocked (the dialect says which states block). Formats without states (profiles):
/// there a growing group in user code is a suspect with its state marked unknown.
/// Suspects with long waits (`N minutes`) in the after snapshot come first, then larger deltas.
public enum SuspectFinder {
  public static func suspects(in changes: [GroupChange], dialect: any LanguageDialect) -> [Suspect] {
    var suspects: [Suspect] = []
    for change in changes where change.delta > 0 && change.noise == nil {
      let group = change.group
      // A stack cut to a lone wait has no site, but its growth is still the thing to blame.
      guard group.siteIndex != nil || group.caveat == .callersLost else { continue }
      if let state = group.state {
        guard dialect.isBlocked(state: state) else { continue }
      }
      suspects.append(
        Suspect(
          change: change, longestWaitMinutes: group.waitMinutes?.upperBound,
          stateIsUnknown: group.state == nil))
    }
    suspects.sort { a, b in
      let aLong = (a.longestWaitMinutes ?? 0) > 0
      let bLong = (b.longestWaitMinutes ?? 0) > 0
      if aLong != bLong { return aLong }
      return Differ.isOrderedBefore(a.change, b.change)
    }
    return suspects
  }
}
