import Foundation
import Testing

@testable import StackDiffCore

/// `--format folded`, read back as flamegraph.pl reads it: the count after the last space, the
/// frames split at `;`.
@Suite struct FoldedOutputTests {
  /// `stack → count` (show) or `stack → [before, after]` (diff), failing on a line that does
  /// not read back, or a stack listed twice.
  private static func readBack(_ text: String, columns: Int) -> [String: [Int]] {
    var counts: [String: [Int]] = [:]
    for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
      var fields = line.split(separator: " ", omittingEmptySubsequences: false)
      var numbers: [Int] = []
      for _ in 0..<columns {
        guard let last = fields.popLast(), let number = Int(last) else {
          Issue.record("line without \(columns) counts: \(line)")
          return [:]
        }
        numbers.insert(number, at: 0)
      }
      let stack = fields.joined(separator: " ")
      #expect(counts[stack] == nil, "stack listed twice: \(stack)")
      counts[stack] = numbers
    }
    #expect(text.isEmpty || text.hasSuffix("\n"))
    return counts
  }

  /// The path a group's stack folds to, built here independently: functions outermost first,
  /// after the marker of a stack whose outermost frames were cut (Swift's `...` row).
  private static func expectedStack(_ group: Group) -> String {
    let cut = group.elision == .trailing ? ["...additional frames elided..."] : []
    return (cut + group.frames.reversed().map(\.function)).joined(separator: ";")
  }

  static let samples = [
    "go/logsfollow/leaky-after.txt", "go/logsfollow/leaky-after.debug1.txt",
    "go/logsfollow/leaky-after.debug0.pb.gz", "go/services/hub/after.txt", "go/sumserver/sumserver-1500.txt",
    "go/prodcons/prodcons-after.txt", "swift/backtracer/continuations.n100.txt",
    "swift/lldb/continuations.tasks.n100.txt",
  ]

  /// Each stack's count is the sum of the snapshot's groups with that path, and the counts sum
  /// to the snapshot's total.
  @Test(arguments: samples) func showReadsBackAsTheSnapshotsStacks(_ sample: String) throws {
    let snapshot = try Samples.snapshot(sample)
    #expect(
      snapshot.groups.allSatisfy { !$0.frames.isEmpty && ($0.elision == .none || $0.elision == .trailing) })
    var expected: [String: [Int]] = [:]
    for group in snapshot.groups { expected[Self.expectedStack(group), default: [0]][0] += group.count }
    let folded = Self.readBack(FoldedRenderer().show([snapshot]), columns: 1)
    #expect(folded == expected)
    #expect(folded.values.reduce(0) { $0 + $1[0] } == snapshot.total)
  }

  static let pairs = [
    ("go/logsfollow/leaky-before.txt", "go/logsfollow/leaky-after.txt"),
    ("go/logsfollow/leaky-before.txt", "go/logsfollow/leaky-after.debug0.pb.gz"),
    ("go/services/hub/before.txt", "go/services/hub/after.txt"),
    ("go/services/healthy/idle-1.txt", "go/services/healthy/load-1.txt"),
    ("go/sumserver/sumserver-0500.txt", "go/sumserver/sumserver-1000.txt"),
    ("swift/lldb/continuations.tasks.n10.txt", "swift/lldb/continuations.tasks.n100.txt"),
  ]

  /// The before and after columns sum to the diff's totals, and each is that side's own
  /// folded stacks (0 where a stack is absent).
  @Test(arguments: pairs) func diffColumnsSumToTheTotals(_ pair: (String, String)) throws {
    let before = try Samples.snapshot(pair.0)
    let after = try Samples.snapshot(pair.1)
    let diff = Differ.diff(before: before, after: after)
    let folded = Self.readBack(FoldedRenderer().diff(diff), columns: 2)
    #expect(folded.values.reduce(0) { $0 + $1[0] } == diff.before.total)
    #expect(folded.values.reduce(0) { $0 + $1[1] } == diff.after.total)
    let beforeAlone = Self.readBack(FoldedRenderer().show([before]), columns: 1)
    let afterAlone = Self.readBack(FoldedRenderer().show([after]), columns: 1)
    #expect(Set(folded.keys) == Set(beforeAlone.keys).union(afterAlone.keys))
    for (stack, counts) in folded {
      #expect(counts == [beforeAlone[stack]?[0] ?? 0, afterAlone[stack]?[0] ?? 0], "\(stack)")
    }
  }

  /// The leak of the logsfollow pair is one line, absent before.
  @Test func theLeakIsOneLineAbsentBefore() throws {
    let diff = Differ.diff(
      before: try Samples.snapshot("go/logsfollow/leaky-before.txt"),
      after: try Samples.snapshot("go/logsfollow/leaky-after.txt"))
    let lines = FoldedRenderer().diff(diff).split(separator: "\n")
    #expect(
      lines.contains(
        "net/http.(*conn).serve;net/http.serverHandler.ServeHTTP;net/http.(*ServeMux).ServeHTTP;net/http.(*ServeMux).ServeHTTP;net/http.HandlerFunc.ServeHTTP;example.com/logdemo/daemon/server.(*Server).logsContainer 0 15"
      ))
  }

  /// Lines sorted by their bytes; the same input gives the same bytes.
  @Test func sortedAndDeterministic() throws {
    let snapshots = try Samples.read("go/mixed/go1.22/mixed-sigquit-system.txt")
    let text = FoldedRenderer().show(snapshots)
    let stacks = text.split(separator: "\n").map { String($0[..<($0.lastIndex(of: " ") ?? $0.endIndex)]) }
    #expect(stacks == stacks.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
    #expect(FoldedRenderer().show(try Samples.read("go/mixed/go1.22/mixed-sigquit-system.txt")) == text)
  }

  /// Where the runtime cut a stack, the text report's marker is a frame: in the middle for
  /// `...N frames elided...`, outermost for `...additional frames elided...`.
  @Test func elisionMarkersAreFrames() throws {
    let middle = try Samples.snapshot("go/crash/go1.27/stack-overflow.txt")
    let cutInMiddle = try #require(
      middle.groups.first { if case .middle = $0.elision { true } else { false } })
    let stack = FoldedRenderer.stack(cutInMiddle).split(separator: ";")
    #expect(stack.contains("...6710774 frames elided..."))
    #expect(stack.count == cutInMiddle.frames.count + 1)
    #expect(stack.last.map(String.init) == cutInMiddle.frames.first?.function)

    let trailing = try Samples.snapshot("go/crash/go1.19/stack-overflow.txt")
    let cutOff = try #require(trailing.groups.first { $0.elision == .trailing })
    let cutStack = FoldedRenderer.stack(cutOff).split(separator: ";")
    #expect(cutStack.first == "...additional frames elided...")
    #expect(cutStack.count == cutOff.frames.count + 1)
  }

  /// A goroutine caught running on another thread has no frames: its folded stack is the text
  /// report's marker, worded alike.
  @Test func anUnavailableStackIsTheTextReportsMarker() throws {
    let snapshot = try Samples.snapshot("go/crash/go1.19/busy-other-thread.txt")
    let unavailable = try #require(snapshot.groups.first { $0.isStackUnavailable && $0.frames.isEmpty })
    let marker = "(stack unavailable: running on another thread)"
    #expect(FoldedRenderer.stack(unavailable) == marker)
    let text = StackTextFormatter(style: .plain, fullPaths: false).lines(
      for: unavailable, noun: snapshot.format.dialect.traceNoun)
    #expect(text.contains { $0.hasSuffix(marker) })
  }

  /// Names whose characters the readers would misread: `;` splits frames, a line break ends
  /// the line, a trailing ` 12` is a count.
  @Test func namesTheReadersCannotMisread() {
    #expect(FoldedRenderer.name("semi;colon") == "semi:colon")
    #expect(FoldedRenderer.name("line\nbreak\r\ttab") == "line break  tab")
    #expect(FoldedRenderer.name("line\u{2028}separator") == "line separator")
    #expect(FoldedRenderer.name("frame 12") == "frame_12")
    #expect(FoldedRenderer.name("frame\t12") == "frame_12")
    #expect(FoldedRenderer.name("closure #1 in run()") == "closure #1 in run()")
    #expect(FoldedRenderer.name("libfoo.so+0x1105") == "libfoo.so+0x1105")
    #expect(FoldedRenderer.name("f12") == "f12")
    #expect(FoldedRenderer.name("12") == "12")
    #expect(FoldedRenderer.name("") == "?")
  }

  /// The hand-made dump with markup and `;` in its names: every line still reads back as one
  /// stack and one count, with the names as the folding rules make them.
  @Test func hostileNamesReadBack() throws {
    let snapshot = try Samples.snapshot("malformed/hostile-names-after.txt")
    let folded = Self.readBack(FoldedRenderer().show([snapshot]), columns: 1)
    #expect(folded.values.reduce(0) { $0 + $1[0] } == snapshot.total)
    #expect(
      folded["main.main;example.com/evil.semi:colon;example.com/evil.(*T).</script><script>alert(1)</script>"]
        == [5])
    #expect(folded["example.com/evil.line sep;example.com/evil.<!--comment"] == [2])
  }
}
