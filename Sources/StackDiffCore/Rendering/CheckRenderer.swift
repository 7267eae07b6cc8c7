/// `stackdiff check` reports: text for people, JSON, JUnit XML for CI dashboards, and GitHub
/// workflow annotations.
public struct CheckRenderer: Sendable {
  public var style: TextStyle
  public var fullPaths: Bool
  /// Groups printed per failed assertion.
  public var top: Int
  /// For `github` annotations: how a dump's paths map to the repository.
  public var paths: RepositoryPaths

  public init(
    style: TextStyle = .plain, fullPaths: Bool = false, top: Int = 10, workingDirectory: String? = nil,
    paths: RepositoryPaths? = nil
  ) {
    self.style = style
    self.fullPaths = fullPaths
    self.top = top
    self.paths = paths ?? RepositoryPaths(workingDirectory: workingDirectory)
  }

  private func title(_ report: CheckReport) -> String {
    var text = DiffRenderer.name(report.snapshot)
    if let baseline = report.baseline { text = "\(DiffRenderer.name(baseline)) → " + text }
    text +=
      " · \(report.snapshot.format.name) · \(noun(report).count(report.snapshot.total))"
    if report.ignoredCount > 0 { text += " (\(report.ignoredCount) ignored)" }
    return text
  }

  private func noun(_ report: CheckReport) -> TraceNoun { report.snapshot.format.dialect.traceNoun }

  public func text(_ report: CheckReport) -> String {
    var out = style.bold(title(report)) + "\n"
    if !report.ignoredBy.isEmpty {
      // Which rule removed how many: a gate's reader must see what it did not count.
      out += "ignored: " + report.ignoredBy.map { "\($0.count) by \($0.rule)" }.joined(separator: ", ") + "\n"
    }
    let stack = StackTextFormatter(style: style, fullPaths: fullPaths, indent: "    ")
    for result in report.results {
      let verdict = result.passed ? style.green("PASS") : style.boldRed("FAIL")
      out += "\(verdict) \(result.assertion): \(result.summary)\n"
      guard !result.passed else { continue }
      for change in result.groups.prefix(top) {
        out += "  " + headline(change, of: result, noun: noun(report)) + "\n"
        for line in stack.lines(for: change.group, noun: noun(report)) { out += line + "\n" }
      }
      if result.groups.count > top {
        out += "  … \(GroupSummary.count(result.groups.count - top, "more group"))\n"
      }
    }
    if !report.shifts.isEmpty {
      // A gate's reader must see why a group that appeared did not count as growth.
      let dialect = report.snapshot.format.dialect
      out += "moved between states, not growth:\n"
      for shift in report.shifts.prefix(top) {
        out += "  " + GroupSummary.describe(shift, dialect: dialect, fullPaths: fullPaths) + "\n"
      }
      if report.shifts.count > top {
        out += "  … \(GroupSummary.count(report.shifts.count - top, "more shift"))\n"
      }
    }
    let failed = report.results.filter { !$0.passed }.count
    out +=
      failed == 0
      ? style.green("check passed: \(report.results.count) of \(report.results.count) assertions hold") + "\n"
      : style.boldRed("check failed: \(failed) of \(report.results.count) assertions failed") + "\n"
    return out
  }

  public func json(_ report: CheckReport) -> String {
    var json = JSONWriter()
    json.object { json in
      json.field("schemaVersion", 1)
      json.field("passed", report.passed)
      json.key("dump")
      json.object { $0.snapshotSummary(report.snapshot) }
      if let baseline = report.baseline {
        json.key("baseline")
        json.object { $0.snapshotSummary(baseline) }
      }
      json.field("ignored", report.ignoredCount)
      if !report.ignoredBy.isEmpty {
        json.key("ignoredBy")
        json.array { json in
          for ignored in report.ignoredBy {
            json.object { json in
              json.field("rule", ignored.rule)
              json.field("count", ignored.count)
            }
          }
        }
      }
      if report.baseline != nil {
        json.key("stateShifts")
        json.array { json in
          for shift in report.shifts { json.shift(shift, dialect: report.snapshot.format.dialect) }
        }
      }
      json.key("assertions")
      json.array { json in
        for result in report.results {
          json.object { json in
            json.field("assertion", result.assertion.name)
            if let pattern = result.assertion.pattern { json.field("pattern", pattern.text) }
            if let limit = result.assertion.limit { json.field("limit", limit) }
            json.field("passed", result.passed)
            json.field("matches", result.matches)
            json.field("summary", result.summary)
            json.key("groups")
            json.array { json in
              for change in result.groups {
                // Without a baseline there is nothing before: a group's count, as `show` gives it.
                if report.baseline == nil {
                  json.object { json in
                    json.field("count", change.after)
                    json.field("after", change.after)
                    json.groupFields(change.group)
                  }
                } else {
                  json.change(change)
                }
              }
            }
          }
        }
      }
    }
    return json.output + "\n"
  }

  /// One `<testcase>` per assertion, with a `<failure>` holding the text report of its groups.
  public func junit(_ report: CheckReport) -> String {
    let failures = report.results.filter { !$0.passed }.count
    var out = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
    out += "<testsuites tests=\"\(report.results.count)\" failures=\"\(failures)\">\n"
    out +=
      "  <testsuite name=\"stackdiff check \(XML.escape(DiffRenderer.name(report.snapshot)))\" tests=\"\(report.results.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"0\">\n"
    let plain = CheckRenderer(style: .plain, fullPaths: fullPaths, top: top)
    for result in report.results {
      out +=
        "    <testcase classname=\"stackdiff.check\" name=\"\(XML.escape(result.assertion.description))\""
      if result.passed {
        out += "/>\n"
        continue
      }
      out += ">\n      <failure message=\"\(XML.escape(result.summary))\" type=\"\(result.assertion.name)\">"
      out += XML.escape(plain.groupText(result, noun: noun(report)))
      out += "</failure>\n    </testcase>\n"
    }
    if !report.shifts.isEmpty {
      let dialect = report.snapshot.format.dialect
      let lines = report.shifts.map { GroupSummary.describe($0, dialect: dialect, fullPaths: fullPaths) }
      out +=
        "    <system-out>\(XML.escape("moved between states, not growth:\n" + lines.joined(separator: "\n")))</system-out>\n"
    }
    out += "  </testsuite>\n</testsuites>\n"
    return out
  }

  /// `+15 (0 → 15) · chan receive · 1–3 minutes`, or `15 goroutines · chan receive` for a
  /// group that had nothing to grow from: the same figures in text and JUnit.
  private func headline(_ change: GroupChange, of result: AssertionResult, noun: TraceNoun) -> String {
    var parts = [
      change.before > 0 || result.assertion.needsBaseline
        ? "\(GroupSummary.signed(change.netDelta)) (\(change.before) → \(change.after))"
        : noun.count(change.after)
    ]
    if change.movedIn > 0 { parts.append("\(change.movedIn) moved in from other states") }
    if let state = change.group.state { parts.append(style.yellow(state)) }
    if let wait = ShowRenderer.describeWait(change.group) { parts.append(wait) }
    return parts.joined(separator: " · ")
  }

  func groupText(_ result: AssertionResult, noun: TraceNoun) -> String {
    let stack = StackTextFormatter(style: .plain, fullPaths: fullPaths)
    var out = "\(result.assertion): \(result.summary)\n"
    for change in result.groups.prefix(top) {
      out += headline(change, of: result, noun: noun) + "\n"
      for line in stack.lines(for: change.group, noun: noun) { out += line + "\n" }
    }
    return out
  }

  /// `::error file=…,line=…,title=…::message`, one per site (the frame in user code) of a
  /// failing assertion's groups: a leak reached through three routes is one annotation. Only a
  /// site whose path maps into the repository gets `file=`; a group without user code gets none.
  public func github(_ report: CheckReport) -> String {
    var out = ""
    let dialect = report.snapshot.format.dialect
    for result in report.results where !result.passed {
      let title = "stackdiff check \(result.assertion)"
      if result.groups.isEmpty {
        out +=
          "::error title=\(GitHubAnnotation.property(title))::\(GitHubAnnotation.message(result.summary))\n"
        continue
      }
      let sites = AnnotatedSite.gather(result.groups, byGrowth: result.assertion.needsBaseline)
      for site in sites.prefix(top) {
        let group = site.group
        let figure =
          result.assertion.needsBaseline
          ? "\(GroupSummary.signed(site.count)) \(site.count == 1 ? noun(report).singular : noun(report).plural)"
          : noun(report).count(site.count)
        var message = "\(result.summary): \(figure)"
        if let state = group.state { message += " in \(state)" }
        message += " at \(GroupSummary.place(group, dialect: dialect, fullPaths: true))"
        if site.stacks > 1 { message += ", across \(site.stacks) stacks" }
        var properties = ""
        if let (frame, path) = annotatedFrame(group) {
          properties = "file=\(GitHubAnnotation.property(path)),line=\(frame.line),"
        }
        out +=
          "::error \(properties)title=\(GitHubAnnotation.property(title))::\(GitHubAnnotation.message(message))\n"
      }
    }
    return out
  }
}

extension CheckRenderer {
  /// The first frame in user code, from the site outward, whose file is in the repository: a
  /// dependency's frame (another module, a vendored path outside the checkout) passes to its
  /// caller in the repository's own code.
  fileprivate func annotatedFrame(_ group: Group) -> (Frame, String)? {
    guard let site = group.siteIndex else { return nil }
    for frame in group.frames[site...] where frame.origin == .user {
      if let path = paths.repositoryPath(of: frame.file) { return (frame, path) }
    }
    return nil
  }
}

/// The groups of a failed assertion gathered by site, largest first.
private struct AnnotatedSite {
  var group: Group
  var count: Int
  var stacks: Int

  static func gather(_ changes: [GroupChange], byGrowth: Bool) -> [AnnotatedSite] {
    var order: [SiteKey] = []
    var sites: [SiteKey: AnnotatedSite] = [:]
    for change in changes {
      let key = SiteKey(change.group, includingState: false)
      let count = byGrowth ? change.netDelta : change.after
      if var site = sites[key] {
        site.count += count
        site.stacks += 1
        sites[key] = site
      } else {
        order.append(key)
        sites[key] = AnnotatedSite(group: change.group, count: count, stacks: 1)
      }
    }
    return order.compactMap { sites[$0] }.sorted { $0.count > $1.count }
  }
}

enum XML {
  static func escape(_ text: String) -> String {
    text.replacingScalars { scalar in
      switch scalar {
      case "&": "&amp;"
      case "<": "&lt;"
      case ">": "&gt;"
      case "\"": "&quot;"
      case "'": "&apos;"
      case "\n", "\t", "\r": nil
      // Characters XML 1.0 cannot hold at all.
      case let c where c.value < 0x20: "?"
      default: nil
      }
    }
  }
}

/// Escaping for GitHub workflow commands.
enum GitHubAnnotation {
  static func message(_ text: String) -> String {
    text.replacing("%", with: "%25").replacing("\r", with: "%0D").replacing("\n", with: "%0A")
  }

  static func property(_ text: String) -> String {
    message(text).replacing(":", with: "%3A").replacing(",", with: "%2C")
  }
}
