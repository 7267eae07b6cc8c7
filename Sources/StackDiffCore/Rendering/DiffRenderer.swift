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

  public func sections(_ diff: SnapshotDiff) -> DiffSections {
    DiffSections(diff, minimumDelta: limits.minimumDelta, top: limits.top)
  }

  // MARK: Text

  public func text(_ diff: SnapshotDiff) -> String { text(sections(diff)) }

  public func text(_ report: DiffSections) -> String {
    let diff = report.diff
    let dialect = diff.dialect
    var out = style.bold(Self.title(diff)) + "\n"
    out += Self.totals(report) + "\n"
    if !report.suspects.isEmpty {
      out += "\n"
      for suspect in report.suspects.shown {
        out +=
          style.boldRed(
            GroupSummary.describe(suspect, format: diff.formatWithoutStates, fullPaths: fullPaths))
          + "\n"
      }
    }

    let stack = StackTextFormatter(style: style, fullPaths: fullPaths)
    if report.growing.isEmpty {
      out += "\nno group grew by \(report.minimumDelta) or more\n"
    } else {
      out += "\n" + style.bold(report.growing.title("Growing")) + "\n"
      for change in report.growing.shown {
        out += "\n" + changeHeadline(change) + "\n"
        for line in stack.lines(for: change.group, noun: report.noun) { out += line + "\n" }
      }
    }

    out += shortSection("Also new", report.alsoNew, dialect: dialect)
    out += shortSection("Shrinking", report.shrinking, dialect: dialect)
    out += shortSection("Vanished", report.vanished, dialect: dialect)

    if !report.noise.isEmpty {
      let parts = report.noise.map { total in
        switch total.kind {
        case .runtime: return "runtime \(report.noun.plural) \(total.before) → \(total.after)"
        case .dumpTaker: return "\(report.noun.plural) taking the dump \(total.before) → \(total.after)"
        case .crashed: return "crashed \(report.noun.plural) \(total.before) → \(total.after)"
        }
      }
      out += "\n" + style.dim("not counted as growth: " + parts.joined(separator: ", ")) + "\n"
    }

    if !report.functions.isEmpty {
      out += "\n" + style.bold(report.functions.title("Functions in more \(report.noun.plural)")) + "\n"
      out += style.dim("  before   after   delta  function") + "\n"
      for function in report.functions.shown {
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
      ? diff.after.format.name : "\(diff.before.format.name) → \(diff.after.format.name)"
    return "\(name(diff.before)) → \(name(diff.after)) · \(formats)"
  }

  /// `goroutines 3 → 18 (+15)`
  static func totals(_ report: DiffSections) -> String {
    let diff = report.diff
    return
      "\(report.noun.plural) \(diff.before.total) → \(diff.after.total) (\(GroupSummary.signed(diff.totalDelta)))"
  }

  static func name(_ snapshot: Snapshot) -> String {
    snapshot.index > 1 ? "\(snapshot.source) (dump \(snapshot.index))" : snapshot.source
  }

  /// `+15 · 0 → 15 · chan receive · 1–3 minutes · new`
  private func changeHeadline(_ change: GroupChange) -> String {
    var parts = [style.bold(GroupSummary.signed(change.delta)), "\(change.before) → \(change.after)"]
    if let state = change.group.state { parts.append(style.yellow(state)) }
    if let names = GroupSummary.names(change.group) { parts.append(names) }
    if let wait = ShowRenderer.describeWait(change.group) { parts.append(wait) }
    if change.kind == .new { parts.append("new") }
    return parts.joined(separator: " · ")
  }

  private func shortSection(
    _ title: String, _ section: ReportSection<GroupChange>, dialect: any LanguageDialect
  ) -> String {
    guard !section.isEmpty else { return "" }
    var out = "\n" + style.bold(section.title(title)) + "\n"
    for change in section.shown {
      var line = "  " + pad(GroupSummary.signed(change.delta), 6) + "  \(change.before) → \(change.after)"
      if let state = change.group.state { line += " · " + state }
      line += " · " + GroupSummary.place(change.group, dialect: dialect, fullPaths: fullPaths)
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
    if filtersJSON {
      changes = ReportSection(changes.filter { $0.delta >= limits.minimumDelta }, top: limits.top).shown
    }
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

  public func markdown(_ diff: SnapshotDiff) -> String { markdown(sections(diff)) }

  public func markdown(_ report: DiffSections) -> String {
    let diff = report.diff
    let dialect = diff.dialect
    var out = "### stackdiff: `\(Self.name(diff.before))` → `\(Self.name(diff.after))`\n\n"
    out += "**\(Self.totals(report))**\n\n"
    if !report.suspects.isEmpty {
      for suspect in report.suspects.shown {
        out +=
          "- :warning: "
          + Markdown.inline(
            GroupSummary.describe(suspect, format: diff.formatWithoutStates, fullPaths: fullPaths))
          + "\n"
      }
      out += "\n"
    }
    let growing = report.growing.shown
    guard !growing.isEmpty else {
      return out + "No group grew by \(report.minimumDelta) or more.\n"
    }
    out += "| Δ | before | after | state | where | created by |\n|---:|---:|---:|---|---|---|\n"
    for change in growing {
      let group = change.group
      out +=
        "| \(GroupSummary.signed(change.delta)) | \(change.before) | \(change.after) | "
        + Markdown.cell(group.state ?? "–") + " | "
        + Markdown.code(GroupSummary.place(group, dialect: dialect, fullPaths: fullPaths))
        + " | " + (group.createdBy.map { Markdown.code($0.function) } ?? "–") + " |\n"
    }
    out += "\n"
    let stack = StackTextFormatter(style: .plain, fullPaths: fullPaths)
    for change in growing {
      let place = GroupSummary.place(change.group, dialect: dialect, fullPaths: fullPaths)
      out +=
        "<details><summary>"
        + Markdown.html("\(GroupSummary.signed(change.delta)) \(change.group.state ?? "") at \(place)")
      out += "</summary>\n\n```\n"
      for line in stack.lines(for: change.group, noun: report.noun) { out += line + "\n" }
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
