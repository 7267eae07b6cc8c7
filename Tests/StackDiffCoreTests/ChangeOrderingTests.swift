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
    #expect(diff.suspects == expected.suspects && diff.shifts == expected.shifts)
    let renderer = DiffRenderer()
    #expect(renderer.text(diff) == renderer.text(expected), "\(pair)")
    #expect(renderer.markdown(diff) == renderer.markdown(expected), "\(pair)")
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
