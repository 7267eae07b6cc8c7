/// `stackdiff diff`: what grew between two snapshots.
public struct DiffRenderer: Sendable {
  public struct Limits: Sendable {
    /// Smallest delta worth a line.
    public var minimumDelta: Int
    /// Most groups per section (nil: no limit).
    public var top: Int?

    public init(minimumDelta: Int = 1, top: Int? = 10) {
      self.minimumDelta = minimumDelta
      self.top = top
    }
  }

  public var style: TextStyle
  public var fullPaths: Bool
  public var limits: Limits

  public init(style: TextStyle = .plain, fullPaths: Bool = false, limits: Limits = Limits()) {
    self.style = style
    self.fullPaths = fullPaths
    self.limits = limits
  }

  private func limited<T>(_ items: [T]) -> [T] {
    guard let top = limits.top else { return items }
    return Array(items.prefix(top))
  }

  // MARK: Text

  public func text(_ diff: SnapshotDiff) -> String {
    var out = style.bold(Self.title(diff)) + "\n"
    out += "goroutines \(diff.before.total) → \(diff.after.total) (\(GroupSummary.signed(diff.totalDelta)))\n"
    if !diff.suspects.isEmpty {
      out += "\n"
      for suspect in limited(diff.suspects) {
        out +=
          style.boldRed(
            GroupSummary.describe(suspect, format: diff.formatWithoutStates, fullPaths: fullPaths))
          + "\n"
      }
    }

    let reportable = diff.changes.filter { $0.noise == nil }
    let growing = reportable.filter { $0.delta >= limits.minimumDelta }
    let shownGrowing = limited(growing)
    let stack = StackTextFormatter(style: style, fullPaths: fullPaths)
    if shownGrowing.isEmpty {
      out += "\nno group grew by \(limits.minimumDelta) or more\n"
    } else {
      out += "\n" + style.bold(sectionTitle("Growing", shown: shownGrowing.count, of: growing.count)) + "\n"
      for change in shownGrowing {
        out += "\n" + changeHeadline(change) + "\n"
        for line in stack.lines(for: change.group, goroot: diff.after.goroot ?? diff.before.goroot) {
          out += line + "\n"
        }
      }
    }

    // Growing groups come first in `reportable`, so the shown ones are its first entries.
    let otherNew = reportable.dropFirst(shownGrowing.count).filter { $0.kind == .new }
    let vanished = reportable.filter { $0.kind == .vanished && -$0.delta >= limits.minimumDelta }
    let shrunk = reportable.filter { $0.kind == .shrunk && -$0.delta >= limits.minimumDelta }
    out += shortSection("Also new", otherNew)
    out += shortSection("Shrinking", shrunk.sorted { $0.delta < $1.delta })
    out += shortSection("Vanished", vanished.sorted { $0.delta < $1.delta })

    let noise = diff.changes.filter { $0.noise != nil && $0.delta != 0 }
    if !noise.isEmpty {
      let runtime = noise.filter { $0.noise == .runtime }
      let takers = noise.filter { $0.noise == .dumpTaker }
      var parts: [String] = []
      if !runtime.isEmpty {
        let before = runtime.reduce(0) { $0 + $1.before }
        let after = runtime.reduce(0) { $0 + $1.after }
        parts.append("runtime goroutines \(before) → \(after)")
      }
      if !takers.isEmpty {
        let before = takers.reduce(0) { $0 + $1.before }
        let after = takers.reduce(0) { $0 + $1.after }
        parts.append("goroutines taking the dump \(before) → \(after)")
      }
      out += "\n" + style.dim("not counted as growth: " + parts.joined(separator: ", ")) + "\n"
    }

    let functions = diff.functions.filter { $0.delta >= limits.minimumDelta }
    let shownFunctions = limited(functions)
    if !shownFunctions.isEmpty {
      out +=
        "\n"
        + style.bold(
          sectionTitle("Functions in more goroutines", shown: shownFunctions.count, of: functions.count))
        + "\n"
      out += style.dim("  before   after   delta  function") + "\n"
      for function in shownFunctions {
        out +=
          "  " + pad(function.before, 6) + "  " + pad(function.after, 6) + "  "
          + pad(GroupSummary.signed(function.delta), 6) + "  " + function.function + "\n"
      }
    }
    return out
  }

  static func title(_ diff: SnapshotDiff) -> String {
    let formats =
      diff.before.format == diff.after.format
      ? diff.after.format.rawValue : "\(diff.before.format.rawValue) → \(diff.after.format.rawValue)"
    return "\(name(diff.before)) → \(name(diff.after)) · \(formats)"
  }

  static func name(_ snapshot: Snapshot) -> String {
    snapshot.index > 1 ? "\(snapshot.source) (dump \(snapshot.index))" : snapshot.source
  }

  private func sectionTitle(_ title: String, shown: Int, of total: Int) -> String {
    shown == total ? "\(title) (\(total))" : "\(title) (top \(shown) of \(total))"
  }

  /// `+15 · 0 → 15 · chan receive · 1–3 minutes · new`
  private func changeHeadline(_ change: GroupChange) -> String {
    var parts = [style.bold(GroupSummary.signed(change.delta)), "\(change.before) → \(change.after)"]
    if let state = change.group.state { parts.append(style.yellow(state)) }
    if let wait = ShowRenderer.describeWait(change.group) { parts.append(wait) }
    if change.kind == .new { parts.append("new") }
    return parts.joined(separator: " · ")
  }

  private func shortSection(_ title: String, _ changes: [GroupChange]) -> String {
    guard !changes.isEmpty else { return "" }
    let shown = limited(changes)
    var out = "\n" + style.bold(sectionTitle(title, shown: shown.count, of: changes.count)) + "\n"
    for change in shown {
      var line = "  " + pad(GroupSummary.signed(change.delta), 6) + "  \(change.before) → \(change.after)"
      if let state = change.group.state { line += " · " + state }
      line += " · " + GroupSummary.place(change.group, fullPaths: fullPaths)
      out += line + "\n"
    }
    return out
  }

  private func pad(_ value: Int, _ width: Int) -> String { pad(String(value), width) }

  private func pad(_ text: String, _ width: Int) -> String {
    String(repeating: " ", count: max(0, width - text.count)) + text
  }

  // MARK: JSON

  /// With `filtersJSON`, only groups passing `--min-delta` and `--top` are listed.
  public func json(_ diff: SnapshotDiff, filtersJSON: Bool) -> String {
    var changes = diff.changes
    if filtersJSON { changes = limited(changes.filter { $0.delta >= limits.minimumDelta }) }
    var json = JSONWriter()
    json.object { json in
      json.field("schemaVersion", 1)
      json.key("before")
      json.object { $0.snapshotSummary(diff.before) }
      json.key("after")
      json.object { $0.snapshotSummary(diff.after) }
      json.key("groups")
      json.array { json in
        for change in changes { json.change(change) }
      }
      json.key("functions")
      json.array { json in
        for function in diff.functions {
          json.object { json in
            json.field("function", function.function)
            json.field("before", function.before)
            json.field("after", function.after)
            json.field("delta", function.delta)
          }
        }
      }
      json.key("suspects")
      json.array { json in
        for suspect in diff.suspects {
          json.object { json in
            json.field(
              "message", GroupSummary.describe(suspect, format: diff.formatWithoutStates, fullPaths: false))
            json.field("longestWaitMinutes", suspect.longestWaitMinutes)
            json.field("stateKnown", !suspect.stateIsUnknown)
            json.key("group")
            json.change(suspect.change)
          }
        }
      }
    }
    return json.output + "\n"
  }

  // MARK: Markdown

  public func markdown(_ diff: SnapshotDiff) -> String {
    var out = "### stackdiff: `\(Self.name(diff.before))` → `\(Self.name(diff.after))`\n\n"
    out +=
      "**goroutines \(diff.before.total) → \(diff.after.total) (\(GroupSummary.signed(diff.totalDelta)))**\n\n"
    if !diff.suspects.isEmpty {
      for suspect in limited(diff.suspects) {
        out +=
          "- :warning: "
          + Markdown.inline(
            GroupSummary.describe(suspect, format: diff.formatWithoutStates, fullPaths: fullPaths))
          + "\n"
      }
      out += "\n"
    }
    let growing = limited(diff.changes.filter { $0.noise == nil && $0.delta >= limits.minimumDelta })
    guard !growing.isEmpty else {
      return out + "No group grew by \(limits.minimumDelta) or more.\n"
    }
    out += "| Δ | before | after | state | where | created by |\n|---:|---:|---:|---|---|---|\n"
    for change in growing {
      let group = change.group
      out +=
        "| \(GroupSummary.signed(change.delta)) | \(change.before) | \(change.after) | "
        + Markdown.cell(group.state ?? "–") + " | "
        + Markdown.code(GroupSummary.place(group, fullPaths: fullPaths))
        + " | " + (group.createdBy.map { Markdown.code($0.function) } ?? "–") + " |\n"
    }
    out += "\n"
    let stack = StackTextFormatter(style: .plain, fullPaths: fullPaths)
    for change in growing {
      out +=
        "<details><summary>"
        + Markdown.html(
          "\(GroupSummary.signed(change.delta)) \(change.group.state ?? "") at \(GroupSummary.place(change.group, fullPaths: fullPaths))"
        )
      out += "</summary>\n\n```\n"
      for line in stack.lines(for: change.group, goroot: diff.after.goroot) { out += line + "\n" }
      out += "```\n\n</details>\n\n"
    }
    return out
  }
}

extension JSONWriter {
  mutating func change(_ change: GroupChange) {
    object { json in
      json.field("before", change.before)
      json.field("after", change.after)
      json.field("delta", change.delta)
      json.field("kind", change.kind.rawValue)
      if let noise = change.noise { json.field("noise", noise.rawValue) }
      json.groupFields(change.group)
    }
  }
}
