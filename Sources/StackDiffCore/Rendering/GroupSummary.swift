/// Short phrases about groups that several reports share.
public enum GroupSummary {
  /// `(*Server).logsContainer` from `example.com/x/server.(*Server).logsContainer`: the name
  /// without its import path and package.
  public static func shortFunction(_ function: String) -> String {
    let afterSlash =
      function.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? function
    guard let dot = afterSlash.firstIndex(of: ".") else { return afterSlash }
    let rest = afterSlash[afterSlash.index(after: dot)...]
    return rest.isEmpty ? afterSlash : String(rest)
  }

  /// The frame that best names a group: its site, else its first frame.
  public static func headlineFrame(_ group: Group) -> Frame? { group.site ?? group.frames.first }

  /// `server.go:31 in (*Server).logsContainer`
  public static func place(_ group: Group, fullPaths: Bool) -> String {
    guard let frame = headlineFrame(group) else { return "(no frames)" }
    let location = fullPaths ? frame.location : frame.shortLocation
    return "\(location) in \(shortFunction(frame.function))"
  }

  /// `1 goroutine`, `2 goroutines`.
  public static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

  /// `+15`, `-3`, `0`
  public static func signed(_ value: Int) -> String { value > 0 ? "+\(value)" : "\(value)" }

  /// `suspect: +15 goroutines blocked in chan receive for up to 3 minutes at server.go:31 in
  /// (*Server).logsContainer, created by net/http.(*conn).serve`
  public static func describe(_ suspect: Suspect, format: DumpFormat, fullPaths: Bool) -> String {
    let group = suspect.change.group
    let noun = suspect.change.delta == 1 ? "goroutine" : "goroutines"
    var text = "suspect: \(signed(suspect.change.delta)) \(noun)"
    if let state = group.state {
      text += " blocked in \(state)"
    } else {
      text += " parked (\(format.rawValue) has no states)"
    }
    if let minutes = suspect.longestWaitMinutes, minutes > 0 {
      text += " for up to \(minutes) \(minutes == 1 ? "minute" : "minutes")"
    }
    text += " at \(place(group, fullPaths: fullPaths))"
    if let creator = group.createdBy { text += ", created by \(creator.function)" }
    return text
  }
}
