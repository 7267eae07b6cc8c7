import Testing

@testable import StackDiffCore

/// A diff does not depend on the order a reader left the after snapshot in, and
/// `ChangeOrdering.moving` orders exactly what the text report lists: the changes whose net
/// delta is not 0.
@Suite struct ChangeOrderingTests {
  /// Pairs of real dumps of one program, with growth, shrinking, state shifts and groups that
  /// did not change.
  static let pairs: [(String, String)] = [
    ("go/services/healthy/idle-1.txt", "go/services/healthy/idle-2.txt"),
    ("go/services/healthy/load-1.txt", "go/services/healthy/load-2.txt"),
    ("go/services/healthy/idle-2.txt", "go/services/healthy/load-1.txt"),
    ("go/services/hub/before.txt", "go/services/hub/after.txt"),
    ("go/services/hub/after.txt", "go/services/hub/later.txt"),
    ("go/services/fanout/before.txt", "go/services/fanout/after.txt"),
    ("go/services/rwmutex/after.txt", "go/services/rwmutex/before.txt"),
    ("go/services/slow-downstream/before.txt", "go/services/slow-downstream/later.txt"),
    ("go/mixed/go1.22/mixed.debug1.txt", "go/mixed/go1.22/mixed-trimpath.txt"),
    ("go/mixed/go1.22/mixed.txt", "go/mixed/go1.22/mixed-sigquit-system.txt"),
    ("swift/lldb/hubthreads.bt-all.before.txt", "swift/lldb/hubthreads.bt-all.after.txt"),
    ("swift/swift-inspect/server-before.txt", "swift/swift-inspect/server-after.txt"),
    ("swift/backtracer/blockedthreads.n4.txt", "swift/backtracer/blockedthreads.n20.txt"),
  ]

  static let modes: [GroupingMode] = [.lines, .functions]

  /// The before snapshot as the diff command reads it, and the after one sorted and not.
  private func snapshots(_ pair: (String, String)) throws -> (
    before: Snapshot, sorted: Snapshot, unsorted: Snapshot
  ) {
    var unsorted = DumpReader.Options()
    unsorted.sortsGroups = false
    return (
      try Samples.snapshot(pair.0, unsorted), try Samples.snapshot(pair.1),
      try Samples.snapshot(pair.1, unsorted)
    )
  }

  @Test(arguments: pairs, modes)
  func theAfterSnapshotsOrderChangesNothing(pair: (String, String), mode: GroupingMode) throws {
    let (before, sorted, unsorted) = try snapshots(pair)
    // The pair must be a real test: its after side comes out of order unsorted.
    #expect(unsorted.groups != sorted.groups, "\(pair.1) is already in report order")
    let expected = Differ.diff(before: before, after: sorted, mode: mode)
    let diff = Differ.diff(before: before, after: unsorted, mode: mode)
    #expect(Self.lines(diff.changes) == Self.lines(expected.changes), "\(pair)")
    #expect(diff.changes == expected.changes, "\(pair)")
    #expect(diff.shifts == expected.shifts, "\(pair)")
    #expect(diff.suspects == expected.suspects, "\(pair)")
    #expect(diff.smallChanges == expected.smallChanges, "\(pair)")
  }

  @Test(arguments: pairs, modes)
  func movingOrdersEveryListedChange(pair: (String, String), mode: GroupingMode) throws {
    let (before, sorted, unsorted) = try snapshots(pair)
    let expected = Differ.diff(before: before, after: sorted, mode: mode)
    let diff = Differ.diff(before: before, after: unsorted, mode: mode, ordering: .moving)
    let moving = diff.changes.filter { $0.netDelta != 0 }
    let expectedMoving = expected.changes.filter { $0.netDelta != 0 }
    #expect(Self.lines(moving) == Self.lines(expectedMoving), "\(pair)")
    #expect(moving == expectedMoving, "\(pair)")
    // Those of net delta 0, in the order the diff met them, stand between growth and shrinking.
    let unchanged = expected.changes.filter { $0.netDelta == 0 }
    let start = diff.changes.firstIndex { $0.netDelta <= 0 } ?? diff.changes.count
    let end = diff.changes.firstIndex { $0.netDelta < 0 } ?? diff.changes.count
    #expect(diff.changes[start..<end].allSatisfy { $0.netDelta == 0 })
    #expect(end - start == unchanged.count)
    #expect(unchanged.allSatisfy { diff.changes[start..<end].contains($0) })
    let isConsistent = (unsorted.groups + before.groups).allSatisfy(ASCIIOrder.isConsistent(for:))
    if diff.key.keepsParsedGroups && isConsistent {
      // In the order met: the after snapshot's, as the reader left it.
      let positions = diff.changes[start..<end].compactMap { change in
        unsorted.groups.firstIndex { $0 == change.group }
      }
      #expect(positions == positions.sorted())
    }
    #expect(diff.suspects == expected.suspects && diff.shifts == expected.shifts)
    let renderer = DiffRenderer()
    #expect(renderer.text(diff) == renderer.text(expected), "\(pair)")
    #expect(renderer.markdown(diff) == renderer.markdown(expected), "\(pair)")
  }

  /// With `--group-by functions` the reader merges groups itself, sorted or not: the reports
  /// are the same.
  @Test(arguments: pairs)
  func groupingByFunctionsGivesTheSameReports(pair: (String, String)) throws {
    var sorted = DumpReader.Options()
    sorted.grouping = .functions
    var unsorted = sorted
    unsorted.sortsGroups = false
    let before = try Samples.snapshot(pair.0, unsorted)
    let expected = Differ.diff(before: before, after: try Samples.snapshot(pair.1, sorted), mode: .functions)
    let diff = Differ.diff(
      before: before, after: try Samples.snapshot(pair.1, unsorted), mode: .functions, ordering: .moving)
    let renderer = DiffRenderer()
    #expect(renderer.text(diff) == renderer.text(expected), "\(pair)")
    #expect(
      Self.lines(diff.changes.filter { $0.netDelta != 0 })
        == Self.lines(expected.changes.filter { $0.netDelta != 0 }))
  }

  /// One worker sleeps at line 42 before; after, it is joined by three at line 44. Grouped by
  /// function they are one group, which shows the larger member's line whether or not the
  /// reader sorted the groups before merging them.
  @Test func aMergedGroupShowsItsLargestMembersLine() throws {
    let idle = try Samples.text("go/services/healthy/idle-1.txt")
    let worker = try #require(
      Self.goroutines(of: idle).first { $0.contains("[sleep]") && $0.contains("(*pool).worker") })
    let moved = worker.replacingOccurrences(of: "main.go:42 ", with: "main.go:44 ")
    let before = Self.copies(of: worker, states: ["sleep"], firstID: 100)
    let after = before + "\n" + Self.copies(of: moved, states: ["sleep", "sleep", "sleep"], firstID: 200)
    var sorted = DumpReader.Options()
    sorted.grouping = .functions
    var unsorted = sorted
    unsorted.sortsGroups = false
    for options in [sorted, unsorted] {
      let parsedBefore = try #require(try Samples.parse(before, options).first)
      let parsedAfter = try #require(try Samples.parse(after, options).first)
      #expect(parsedAfter.groups.count == 1)
      #expect(parsedAfter.groups.first?.site?.line == 44)
      let diff = Differ.diff(before: parsedBefore, after: parsedAfter, mode: .functions, ordering: .moving)
      #expect(diff.changes.map { "\($0.before)→\($0.after) at \($0.group.site?.line ?? 0)" } == ["1→4 at 44"])
    }
  }

  /// A stack the runtime could not print is ordered against others by state alone, which is
  /// not transitive: there `.moving` must still order what it lists as `.all` does, whichever
  /// order the after dump printed its goroutines in.
  @Test(arguments: [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]])
  func anUnprintedStackDoesNotSplitTheOrders(order: [Int]) throws {
    let main = "goroutine 1 [chan receive]:\nmain.main()\n\t/src/app/main.go:3 +0x1\n\n"
    let unavailable = "goroutine 10 [runnable]:\n\tgoroutine running on other thread; stack unavailable\n\n"
    func library(_ id: Int, _ state: String, _ function: String) -> String {
      "goroutine \(id) [\(state)]:\nnet/http.\(function)(0x1)\n\t/usr/local/go/src/net/http/x.go:7 +0x45\n"
        + "net/http.loop()\n\t/usr/local/go/src/net/http/x.go:3 +0x22\n\n"
    }
    let blocks = [unavailable, library(11, "IO wait", "g"), library(12, "select", "f")]
    let afterText = main + order.map { blocks[$0] }.joined()
    var unsorted = DumpReader.Options()
    unsorted.sortsGroups = false
    let before = try #require(try Samples.parse(main + unavailable, unsorted).first)
    let expected = Differ.diff(before: before, after: try #require(try Samples.parse(afterText).first))
    let diff = Differ.diff(
      before: before, after: try #require(try Samples.parse(afterText, unsorted).first), ordering: .moving)
    #expect(
      Self.lines(diff.changes.filter { $0.netDelta != 0 })
        == Self.lines(expected.changes.filter { $0.netDelta != 0 }))
    #expect(diff.changes.filter { $0.netDelta > 0 }.count == 2)
    #expect(DiffRenderer().text(diff) == DiffRenderer().text(expected))
  }

  /// Three workers move out of `sleep`, one stack; two groups of three each rise into other
  /// states. The larger move in report order (`chan receive` before `select`) pairs first,
  /// whichever group the after dump printed first.
  @Test func equalRisesPairInReportOrder() throws {
    let idle = try Samples.text("go/services/healthy/idle-1.txt")
    let worker = try #require(
      Self.goroutines(of: idle).first { $0.contains("[sleep]") && $0.contains("(*pool).worker") })
    let before = Self.copies(of: worker, states: ["sleep", "sleep", "sleep", "sleep"], firstID: 100)
    let states = ["select", "select", "select", "chan receive", "chan receive", "chan receive"]
    let after = Self.copies(of: worker, states: states, firstID: 100)
    var unsorted = DumpReader.Options()
    unsorted.sortsGroups = false
    let parsedBefore = try #require(try Samples.parse(before).first)
    for options in [DumpReader.Options(), unsorted] {
      let parsedAfter = try #require(try Samples.parse(after, options).first)
      let diff = Differ.diff(before: parsedBefore, after: parsedAfter, ordering: .moving)
      #expect(diff.shifts.map { "\($0.count) \($0.to.state ?? "")" } == ["3 chan receive", "1 select"])
      let grown = diff.changes.filter { $0.netDelta > 0 }
      #expect(grown.map { "\($0.netDelta) \($0.group.state ?? "")" } == ["2 select"])
    }
  }

  /// A line per change, to read a failure by.
  static func lines(_ changes: [GroupChange]) -> [String] {
    changes.map { change in
      let frames = change.group.frames.prefix(3).map { "\($0.function):\($0.line)" }.joined(separator: " < ")
      return "\(change.before)→\(change.after) net \(change.netDelta) [\(change.group.state ?? "")] \(frames)"
    }
  }

  /// The goroutine blocks of a Go text dump.
  static func goroutines(of text: String) -> [String] {
    text.components(separatedBy: "\n\n").filter { $0.hasPrefix("goroutine ") }
  }

  /// `block` once per state, numbered from `firstID`, in that order.
  static func copies(of block: String, states: [String], firstID: Int) -> String {
    let body = block.drop { $0 != "\n" }
    return states.enumerated().map { "goroutine \(firstID + $0.offset) [\($0.element)]:\(body)" }
      .joined(separator: "\n\n") + "\n"
  }
}
