/// Names what tells apart stacks that block at the same site: the first caller that differs
/// (`pollA`, `pollB`), else the first caller line that differs (`pollA at main.go:24`), else
/// the creator (`created by serve`, or `created at main.go:45`). Stacks that differ only in what
/// none of these show (argument values under `--group-by exact`) share a name.
enum RouteNamer {
  static func names(of groups: [Group], dialect: any LanguageDialect) -> [String] {
    let callers = groups.map { group in Array(group.frames.dropFirst((group.siteIndex ?? 0) + 1)) }
    let depth = callers.map(\.count).max() ?? 0
    for level in 0..<depth {
      let functions = callers.map { $0.count > level ? $0[level].function : nil }
      guard Set(functions).count > 1 else { continue }
      return zip(functions, groups).map { function, group in
        if let function { return dialect.shortName(of: function) }
        return creatorName(group, dialect: dialect)
      }
    }
    for level in 0..<depth {
      let frames = callers.map { $0.count > level ? $0[level] : nil }
      guard Set(frames.map { $0.map { "\($0.file):\($0.line)" } }).count > 1 else { continue }
      return frames.map { frame in
        guard let frame else { return "no caller" }
        return "\(dialect.shortName(of: frame.function)) at \(frame.shortLocation)"
      }
    }
    let creators = groups.map { creatorName($0, dialect: dialect) }
    if Set(creators).count > 1 { return creators }
    let creatorLines = groups.map { group in
      group.createdBy.map { "created at \($0.shortLocation)" } ?? "no creator"
    }
    if Set(creatorLines).count > 1 { return creatorLines }
    return groups.map { _ in dialect.shortName(of: groups[0].frames.first?.function ?? "") }
  }

  private static func creatorName(_ group: Group, dialect: any LanguageDialect) -> String {
    group.createdBy.map { "created by " + dialect.shortName(of: $0.function) } ?? "no creator"
  }

  /// `pollA +48, pollB +36, stream +24`: stacks of one name summed, largest first, at most
  /// `limit` names and then how many more.
  static func summary(_ routes: [(name: String, delta: Int)], limit: Int = 5) -> String {
    var order: [String] = []
    var sums: [String: Int] = [:]
    for route in routes {
      if sums[route.name] == nil { order.append(route.name) }
      sums[route.name, default: 0] += route.delta
    }
    let ranked = order.enumerated().sorted { a, b in
      let (x, y) = (sums[a.element] ?? 0, sums[b.element] ?? 0)
      return x != y ? x > y : a.offset < b.offset
    }.map(\.element)
    var parts = ranked.prefix(limit).map { "\($0) \(GroupSummary.signed(sums[$0] ?? 0))" }
    if ranked.count > limit { parts.append("and \(ranked.count - limit) more") }
    return parts.joined(separator: ", ")
  }
}
