/// Names what tells apart stacks that block at the same site: the first caller that differs
/// (`pollA`, `pollB`), else the first line that differs, else the creator.
enum RouteNamer {
  static func names(of groups: [Group], dialect: any LanguageDialect) -> [String] {
    let callers = groups.map { group in Array(group.frames.dropFirst((group.siteIndex ?? 0) + 1)) }
    let depth = callers.map(\.count).max() ?? 0
    for level in 0..<depth {
      let functions = callers.map { $0.count > level ? $0[level].function : nil }
      guard Set(functions).count > 1 else { continue }
      return zip(functions, groups).map { function, group in
        if let function { return dialect.shortName(of: function) }
        return group.createdBy.map { "created by " + dialect.shortName(of: $0.function) } ?? "no caller"
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
    let creators = groups.map { $0.createdBy.map { "created by " + dialect.shortName(of: $0.function) } }
    if Set(creators).count > 1 { return creators.map { $0 ?? "no creator" } }
    return groups.indices.map { "stack \($0 + 1)" }
  }
}
