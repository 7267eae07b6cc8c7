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
    var out = ""
    text(report) { out += $0 }
    return out
  }

  /// Writes the text report to `sink` in pieces as it is produced (`--all` may list hundreds of
  /// thousands of groups).
  public func text(_ report: DiffSections, to sink: @escaping (String) -> Void) {
    let diff = report.diff
    let dialect = diff.dialect
    var out = ChunkedText(sink: sink)
    out += style.bold(Self.title(diff)) + "\n"
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
    out += smallChangesText(report)

    let stack = StackTextFormatter(style: style, fullPaths: fullPaths)
    if report.growing.isEmpty {
      out += "\nno group grew by \(report.minimumDelta) or more\n"
    } else {
      out += "\n" + style.bold(report.growing.title("Growing")) + "\n"
      for change in report.growing.shown {
        out += "\n" + changeHeadline(change) + "\n"
        out.append { stack.append(change.group, noun: report.noun, to: &$0) }
      }
    }

    out += shortSection("Also new", report.alsoNew, dialect: dialect)
    out += shortSection("Shrinking", report.shrinking, dialect: dialect)
    out += shortSection("Vanished", report.vanished, dialect: dialect)
    if !report.shifts.isEmpty {
      out += "\n" + style.bold(report.shifts.title("Moved between states, not growth")) + "\n"
      for shift in report.shifts.shown {
        out += "  " + GroupSummary.describe(shift, dialect: dialect, fullPaths: fullPaths) + "\n"
      }
    }

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
          + pad(GroupSummary.signed(function.netDelta), 6) + "  " + function.function
        if function.netDelta < function.delta {
          out += style.dim(" (\(function.delta - function.netDelta) moved in from other states)")
        } else if function.netDelta > function.delta {
          out += style.dim(" (\(function.netDelta - function.delta) moved out to other states)")
        }
        out += "\n"
      }
    }
    out.flush()
  }

  /// Sites that grew by a request or two in stacks already there, with how to settle them.
  private func smallChangesText(_ report: DiffSections) -> String {
    guard !report.smallChanges.isEmpty else { return "" }
    var out = "\n"
    for small in report.smallChanges.shown {
      out +=
        "small change: "
        + GroupSummary.describeSite(small, format: report.diff.formatWithoutStates, fullPaths: fullPaths)
        + "\n"
    }
    out +=
      style.dim(
        "  a small change is not a suspect: at most \(SuspectFinder.smallChangeLimit) more at a site that already had some, none waiting for minutes, is what a busy service's in-flight requests look like; `stackdiff trend` over more snapshots, or a later snapshot, settles it"
      ) + "\n"
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

  /// `+15 · 0 → 15 · chan receive · 1–3 minutes · new`; the net change leads, and members that
  /// only changed state are said.
  func changeHeadline(_ change: GroupChange) -> String {
    var parts = [style.bold(GroupSummary.signed(change.netDelta)), "\(change.before) → \(change.after)"]
    if let state = change.group.state { parts.append(style.yellow(state)) }
    if let names = GroupSummary.names(change.group) { parts.append(names) }
    if let wait = ShowRenderer.describeWait(change.group) { parts.append(wait) }
    if change.movedIn > 0 { parts.append("\(change.movedIn) moved in from other states") }
    if change.isNew { parts.append("new") }
    return parts.joined(separator: " · ")
  }

  private func shortSection(
    _ title: String, _ section: ReportSection<GroupChange>, dialect: any LanguageDialect
  ) -> String {
    guard !section.isEmpty else { return "" }
    var out = "\n" + style.bold(section.title(title)) + "\n"
    for change in section.shown {
      var line = "  " + pad(GroupSummary.signed(change.netDelta), 6) + "  \(change.before) → \(change.after)"
      if let state = change.group.state { line += " · " + state }
      line += " · " + GroupSummary.place(change.group, dialect: dialect, fullPaths: fullPaths)
      if change.movedOut > 0 { line += " · \(change.movedOut) moved to other states" }
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
    var out = ""
    json(diff, filtersJSON: filtersJSON) { out += $0 }
    return out
  }

  /// Writes the JSON report to `sink` in pieces, as it is produced.
  public func json(_ diff: SnapshotDiff, filtersJSON: Bool, to sink: @escaping (String) -> Void) {
    var changes = diff.changes
    if filtersJSON {
      changes = ReportSection(changes.filter { $0.netDelta >= limits.minimumDelta }, top: limits.top).shown
    }
    var json = JSONWriter(sink: sink)
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
            json.field("netDelta", function.netDelta)
          }
        }
      }
      json.key("suspects")
      json.array { json in
        for suspect in diff.suspects { json.suspect(suspect, format: diff.formatWithoutStates) }
      }
      json.key("smallChanges")
      json.array { json in
        for small in diff.smallChanges {
          json.suspect(small, format: diff.formatWithoutStates, label: "small change")
        }
      }
      json.key("stateShifts")
      json.array { json in
        for shift in diff.shifts { json.shift(shift, dialect: diff.dialect) }
      }
    }
    json.flush()
    sink("\n")
  }

  // MARK: Markdown

  private func growingTable(_ growing: [GroupChange], dialect: any LanguageDialect) -> String {
    var out = "| Δ | before | after | state | where | created by |\n|---:|---:|---:|---|---|---|\n"
    for change in growing {
      let group = change.group
      out +=
        "| \(GroupSummary.signed(change.netDelta)) | \(change.before) | \(change.after) | "
        + Markdown.cell(group.state ?? "–") + " | "
        + Markdown.code(GroupSummary.place(group, dialect: dialect, fullPaths: fullPaths))
        + " | " + (group.createdBy.map { Markdown.code($0.function) } ?? "–") + " |\n"
    }
    return out + "\n"
  }

  public func markdown(_ diff: SnapshotDiff) -> String { markdown(sections(diff)) }

  public func markdown(_ report: DiffSections) -> String {
    var out = ""
    markdown(report) { out += $0 }
    return out
  }

  /// Writes the Markdown report to `sink` in pieces as it is produced.
  public func markdown(_ report: DiffSections, to sink: @escaping (String) -> Void) {
    let diff = report.diff
    let dialect = diff.dialect
    var out = ChunkedText(sink: sink)
    out += "### stackdiff: `\(Self.name(diff.before))` → `\(Self.name(diff.after))`\n\n"
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
    for small in report.smallChanges.shown {
      out +=
        "- small change, not a suspect (a request or two more in a stack already there): "
        + Markdown.inline(
          GroupSummary.describeSite(small, format: diff.formatWithoutStates, fullPaths: fullPaths)) + "\n"
    }
    if !report.smallChanges.isEmpty { out += "\n" }
    let growing = report.growing.shown
    if growing.isEmpty {
      out += "No group grew by \(report.minimumDelta) or more.\n"
    } else {
      out += growingTable(growing, dialect: dialect)
      let stack = StackTextFormatter(style: .plain, fullPaths: fullPaths)
      for change in growing {
        let place = GroupSummary.place(change.group, dialect: dialect, fullPaths: fullPaths)
        out +=
          "<details><summary>"
          + Markdown.html("\(GroupSummary.signed(change.netDelta)) \(change.group.state ?? "") at \(place)")
        out += "</summary>\n\n```\n"
        out.append { stack.append(change.group, noun: report.noun, to: &$0) }
        out += "```\n\n</details>\n\n"
      }
    }
    if !report.shifts.isEmpty {
      out += (growing.isEmpty ? "\n" : "") + "Moved between states, not growth: "
      out +=
        report.shifts.shown.map {
          Markdown.inline(GroupSummary.describe($0, dialect: dialect, fullPaths: fullPaths))
        }.joined(separator: "; ") + "\n"
    }
    out.flush()
  }
}

extension JSONWriter {
  /// Members that moved between states: how many, in words, and the two groups.
  mutating func shift(_ shift: StateShift, dialect: any LanguageDialect) {
    object { json in
      json.field("count", shift.count)
      json.field("message", GroupSummary.describe(shift, dialect: dialect, fullPaths: false))
      json.key("from")
      json.object { $0.groupFields(shift.from) }
      json.key("to")
      json.object { $0.groupFields(shift.to) }
    }
  }

  /// A suspect (or small change): its sentence, the site's net delta and each growing stack.
  mutating func suspect(_ suspect: Suspect, format: DumpFormat, label: String = "suspect") {
    object { json in
      json.field(
        "message", "\(label): " + GroupSummary.describeSite(suspect, format: format, fullPaths: false))
      json.field("delta", suspect.delta)
      json.field("longestWaitMinutes", suspect.longestWaitMinutes)
      json.field("stateKnown", !suspect.stateIsUnknown)
      json.key("group")
      json.change(suspect.change)
      json.key("stacks")
      json.array { json in
        for route in suspect.stacks {
          json.object { json in
            if let via = route.via { json.field("via", via) }
            json.key("group")
            json.change(route.change)
          }
        }
      }
    }
  }

  mutating func change(_ change: GroupChange) {
    object { json in
      json.field("before", change.before)
      json.field("after", change.after)
      json.field("delta", change.delta)
      json.field("netDelta", change.netDelta)
      if change.movedIn > 0 { json.field("movedIn", change.movedIn) }
      if change.movedOut > 0 { json.field("movedOut", change.movedOut) }
      json.field("kind", change.kind.rawValue)
      if let noise = change.noise { json.field("noise", noise.rawValue) }
      json.groupFields(change.group)
    }
  }
}
