import Foundation
import Testing

@testable import StackDiffCore

/// The HTML reports: strings from a dump stay text in every context, the summary is the text
/// report's, the flame graph adds up and stays bounded, and the bytes are stable.
@Suite struct HTMLReportTests {
  static let hostileBefore = "malformed/hostile-names-before.txt"
  static let hostileAfter = "malformed/hostile-names-after.txt"

  private static func hostileDiff() throws -> SnapshotDiff {
    Differ.diff(before: try Samples.snapshot(hostileBefore), after: try Samples.snapshot(hostileAfter))
  }

  /// Every page of the hostile dumps: show, diff and trend.
  private static func hostilePages() throws -> [String] {
    let before = try Samples.snapshot(hostileBefore)
    let after = try Samples.snapshot(hostileAfter)
    return [
      ShowHTMLRenderer().html([before, after]),
      DiffHTMLRenderer().html(Differ.diff(before: before, after: after)),
      TrendHTMLRenderer().html(TrendAnalyzer.analyze([before, after])),
    ]
  }

  /// The page's JSON data element's content.
  private static func data(of page: String) throws -> String {
    let start = try #require(page.range(of: "<script type=\"application/json\" id=\"stackdiff-data\">"))
    let end = try #require(page[start.upperBound...].range(of: "</script>"))
    return String(page[start.upperBound..<end.lowerBound])
  }

  /// The page without its style and script elements' contents (stackdiff's own constants and
  /// the JSON data, checked apart).
  private static func markup(of page: String) -> String {
    var rest = page
    for (open, close) in [("<style>", "</style>"), ("<script", "</script>")] {
      while let start = rest.range(of: open), let end = rest[start.upperBound...].range(of: close) {
        rest.replaceSubrange(start.lowerBound..<end.upperBound, with: "")
      }
    }
    return rest
  }

  /// Tag names the renderers write; any other tag would have come from a dump.
  static let knownTags: Set<String> = [
    "html", "head", "meta", "title", "body", "header", "nav", "label", "input", "span", "a", "main",
    "section",
    "h1", "h2", "p", "div", "ul", "li", "details", "summary", "pre", "table", "thead", "tbody", "tr", "th",
    "td",
    "footer", "noscript", "button", "svg", "polyline", "circle",
  ]

  @Test func hostileNamesOpenNoElementAndNoScript() throws {
    for (position, page) in try Self.hostilePages().enumerated() {
      // The page's two script elements, and no other.
      #expect(page.components(separatedBy: "<script").count - 1 == 2)
      #expect(page.components(separatedBy: "</script>").count - 1 == 2)
      let markup = Self.markup(of: page)
      #expect(!markup.contains("<!--"))
      let tags = try Regex(#"<(/?)([A-Za-z][A-Za-z0-9]*)([^>]*)>"#)
      for match in markup.matches(of: tags) {
        let name = String(match.output[2].substring ?? "").lowercased()
        let attributes = String(match.output[3].substring ?? "")
        #expect(Self.knownTags.contains(name) || name == "!doctype", "unexpected tag <\(name)>")
        // No event handler attribute: ` on…=` outside a quoted value.
        let unquoted = attributes.replacing(try Regex(#""[^"]*""#), with: "\"\"")
        #expect(!unquoted.lowercased().contains(" on"), "attribute in <\(name)\(attributes)>")
        #expect(!attributes.contains("'"), "single quote in <\(name)\(attributes)>")
      }
      // The names read as written, escaped for text.
      #expect(markup.contains("example.com/evil.(*T).&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"))
      // Only `show` lists the group that did not change.
      if position == 0 {
        #expect(markup.contains("example.com/evil.&#39;single&#39;&amp;amp;&quot;double&quot;"))
      }
      #expect(markup.contains("&lt;img src=x onerror=alert(3)&gt;"))
      #expect(markup.contains("start&lt;svg/onload=alert(2)&gt;"))
      #expect(markup.contains("it&#39;s&lt;x&gt;.go:12"))
    }
    // Full paths, in text and in the place that labels a bar.
    let full = DiffHTMLRenderer(fullPaths: true).html(try Self.hostileDiff())
    #expect(Self.markup(of: full).contains("/src/a&amp;b/&quot;quoted&quot;/it&#39;s&lt;x&gt;.go:12"))
  }

  @Test func hostileNamesAreJSONDataThatCannotEndItsElement() throws {
    for page in try Self.hostilePages() {
      let data = try Self.data(of: page)
      for character in ["<", ">", "&", "\u{2028}", "\u{2029}"] {
        #expect(!data.contains(character), "\(character) in the JSON data")
      }
      let parsed = try #require(try JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any])
      let flames = try #require(parsed["flames"] as? [[String: Any]])
      let names = Set(flames.flatMap { $0["names"] as? [String] ?? [] })
      #expect(names.contains("example.com/evil.(*T).</script><script>alert(1)</script>"))
      #expect(names.contains("example.com/evil.'single'&amp;\"double\""))
      #expect(names.contains("example.com/evil.line\u{2028}sep"))
      #expect(names.contains("example.com/evil.<!--comment"))
      #expect(names.contains("example.com/evil.semi;colon"))
    }
  }

  /// One helper escapes for text and attributes; one for JSON in a script element.
  @Test func escapeHelpers() {
    #expect(
      HTMLEscape.text(#"<a href="x" title='y'>&amp;</a>"#)
        == "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;")
    #expect(HTMLEscape.text("plain (*T).f") == "plain (*T).f")
    #expect(
      HTMLEscape.scriptJSON(#"{"a":"</script><!--&\u2028"}"#)
        == #"{"a":"\u003c/script\u003e\u003c!--\u0026\u2028"}"#)
    #expect(HTMLEscape.scriptJSON("{\"a\":\"\u{2028}\u{2029}\"}") == #"{"a":"\u2028\u2029"}"#)
  }

  static let pairs = [
    ("go/logsfollow/leaky-before.txt", "go/logsfollow/leaky-after.txt"),
    ("go/services/hub/before.txt", "go/services/hub/after.txt"),
    ("go/services/healthy/idle-1.txt", "go/services/healthy/load-1.txt"),
    (hostileBefore, hostileAfter),
  ]

  /// The summary is the text report's: every suspect and small-change line, the title and the
  /// totals, word for word (escaped).
  @Test(arguments: pairs) func diffSummaryIsTheTextReports(_ pair: (String, String)) throws {
    let diff = Differ.diff(before: try Samples.snapshot(pair.0), after: try Samples.snapshot(pair.1))
    let text = DiffRenderer().text(diff)
    let page = DiffHTMLRenderer().html(diff)
    let lines = text.split(separator: "\n").map(String.init)
    let summary =
      lines.prefix(2) + lines.filter { $0.hasPrefix("suspect: ") || $0.hasPrefix("small change: ") }
    for line in summary { #expect(page.contains(HTMLEscape.text(line)), "missing: \(line)") }
    if diff.suspects.isEmpty { #expect(page.contains("No suspect.")) }
  }

  @Test func trendFindingsAreTheTextReports() throws {
    let snapshots = try ["before", "after", "later"].map { try Samples.snapshot("go/services/hub/\($0).txt") }
    let report = TrendAnalyzer.analyze(snapshots)
    let page = TrendHTMLRenderer().html(report)
    let findings = TrendRenderer().text(report).split(separator: "\n").filter {
      $0.hasPrefix("strongest evidence: ")
    }
    #expect(findings.count == 1)
    for line in findings { #expect(page.contains(HTMLEscape.text(String(line)))) }
  }

  /// The flame graph of the hub diff: each node as wide as its children or wider, the root the
  /// after total, and the leak's path with its before and after counts.
  @Test func flameGraphAddsUp() throws {
    let diff = Differ.diff(
      before: try Samples.snapshot("go/services/hub/before.txt"),
      after: try Samples.snapshot("go/services/hub/after.txt"))
    let graph = FlameGraph(
      diff.changes.map { .init(path: StackPath($0.group), after: $0.after, before: $0.before) })
    let nodes = graph.nodes
    #expect(nodes[0].after == diff.after.total && nodes[0].before == diff.before.total)
    var childAfter = Array(repeating: 0, count: nodes.count)
    var childBefore = Array(repeating: 0, count: nodes.count)
    for node in nodes.dropFirst() {
      #expect(node.parent >= 0 && node.parent < nodes.count)
      childAfter[node.parent] += node.after
      childBefore[node.parent] += node.before
    }
    for (index, node) in nodes.enumerated() {
      #expect(childAfter[index] <= node.after && childBefore[index] <= node.before)
    }
    // Parents come first, each subtree a run: a node's parent is the nearest earlier node one
    // level up.
    #expect(nodes.indices.dropFirst().allSatisfy { nodes[$0].parent < $0 })
    let pollB = try #require(nodes.firstIndex { $0.name == "main.pollB" })
    let wait = try #require(nodes.firstIndex { $0.name == "main.(*Hub).wait" && $0.parent == pollB })
    #expect(nodes[pollB].after == 38 && nodes[pollB].before == 2)
    #expect(nodes[wait].kind == .user)
  }

  /// 20,000 distinct stacks of 8 frames: the graph keeps within its budget and merges what is
  /// too narrow to see; the show page lists the page's limit of stacks and says how many more.
  @Test func manyDistinctStacksStayBounded() throws {
    let groups = (0..<20_000).map { index in
      Group(
        count: 1 + index % 3, state: "chan receive",
        frames: (0..<8).map { depth in
          Frame(
            function: depth < 2
              ? "example.com/app.shared\(depth)" : "example.com/app/pkg\(index % 48).f\(index)_\(depth)",
            file: "/src/app/f.go", line: depth + 1)
        }, createdBy: nil)
    }
    let total = groups.reduce(0) { $0 + $1.count }
    let snapshot = Snapshot(source: "many.txt", format: .goText, total: total, groups: groups)
    let graph = FlameGraph(groups.map { .init(path: StackPath($0), after: $0.count, before: 0) })
    #expect(graph.nodes.count <= 2 * FlameGraph.defaultBudget)
    #expect(graph.nodes[0].after == total)
    #expect(graph.nodes.contains { $0.kind == .merged })
    let page = ShowHTMLRenderer().html([snapshot])
    #expect(page.components(separatedBy: "<details").count - 1 == HTMLLimits.groupsPerSection)
    #expect(page.contains("\(groups.count - HTMLLimits.groupsPerSection) more groups not listed here"))
    #expect(page.utf8.count < 2_000_000)
  }

  /// `--top` cuts a section as in the text report (`Growing (top 1 of 3)`); only the page's own
  /// limit earns a line about groups left out.
  @Test func topCutsSectionsAsTheTextReportDoes() throws {
    let snapshots = try ["before", "after", "later"].map { try Samples.snapshot("go/services/hub/\($0).txt") }
    let diff = DiffHTMLRenderer(limits: .init(minimumDelta: 1, top: 1)).html(
      Differ.diff(before: snapshots[0], after: snapshots[1]))
    #expect(diff.contains("<h2>Growing (top 1 of 3)</h2>"))
    #expect(diff.components(separatedBy: "<details").count - 1 == 1)
    #expect(!diff.contains("not listed here"))
    let trend = TrendHTMLRenderer(top: 2).html(TrendAnalyzer.analyze(snapshots))
    #expect(trend.contains("<h2>Growing (top 2 of 3)</h2>"))
    #expect(!trend.contains("not listed here"))
  }

  /// Same input, same bytes; nothing that changes from run to run.
  @Test func sameInputSameBytes() throws {
    let first = try Self.hostilePages()
    let second = try Self.hostilePages()
    #expect(first == second)
    let diff = Differ.diff(
      before: try Samples.snapshot("go/services/hub/before.txt"),
      after: try Samples.snapshot("go/services/hub/after.txt"))
    #expect(DiffHTMLRenderer().html(diff) == DiffHTMLRenderer().html(diff))
  }

  /// Stacks have the text report's rows; the site's row is marked, each name is in a `fn` span.
  @Test func stacksAreTheTextReportsRows() throws {
    let snapshot = try Samples.snapshot("go/logsfollow/leaky-after.txt")
    let page = ShowHTMLRenderer().html([snapshot])
    #expect(
      page.contains(
        "<span class=\"row site\">  &gt; <span class=\"fn\">example.com/logdemo/daemon/server.(*Server).logsContainer</span>  server.go:80</span>"
      ))
    #expect(page.contains("<span class=\"fn\">net/http.(*ServeMux).ServeHTTP ×2</span>"))
    #expect(
      page.contains(
        "<span class=\"row marker\">    created by <span class=\"fn\">net/http.(*Server).Serve</span>  server.go:3360</span>"
      ))
  }
}
