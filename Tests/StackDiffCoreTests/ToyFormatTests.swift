import Testing

@testable import StackDiffCore

/// A format registered in a few lines gets show, diff and check, with its own dialect's rules,
/// and is found beside Go dumps in one log.
@Suite struct ToyFormatTests {
  /// `task 7 [waiting]`, then `  at app.handler (app.toy:12)` per frame, innermost first.
  struct ToyFormat: LineFormat {
    let format = DumpFormat(
      name: "toy", dialect: ToyDialect(),
      capabilities: .init(states: .printed, creators: .absent, depth: .whole, dumpTaker: .unknownPosition))
    let traceStartMarker: [UInt8]? = nil

    func makeParser(builder: SnapshotBuilder, cursor: LineCursor) -> any LineParser {
      ToyParser(format: format, builder: builder, cursor: cursor)
    }
  }

  final class ToyParser: LineParser {
    let format: DumpFormat, builder: SnapshotBuilder, cursor: LineCursor
    var header: (id: Int, state: String)?
    var frames: [Frame] = []

    init(format: DumpFormat, builder: SnapshotBuilder, cursor: LineCursor) {
      (self.format, self.builder, self.cursor) = (format, builder, cursor)
    }

    func take(_ line: ByteSlice) -> LineVerdict {
      let text = line.string
      if text.hasPrefix("task "), let open = text.firstIndex(of: "["),
        let id = Int(text.dropFirst(5).prefix { $0 != " " })
      {
        finish()
        header = (id, String(text[text.index(after: open)...].dropLast()))
      } else if header != nil, text.hasPrefix("  at "), let open = text.firstIndex(of: "("),
        let colon = text.lastIndex(of: ":")
      {
        let function = String(text[text.index(text.startIndex, offsetBy: 5)..<open].dropLast())
        let file = String(text[text.index(after: open)..<colon])
        frames.append(
          Frame(function: function, file: file, line: Int(text[text.index(after: colon)...].dropLast()) ?? 0))
      } else {
        finish()
        return text.isEmpty ? .taken : .declined
      }
      return .taken
    }

    func finish() {
      if let header { builder.add(format, state: header.state, frames: frames, id: header.id) }
      (header, frames) = (nil, [])
    }
  }

  struct ToyDialect: LanguageDialect {
    var name: String { "toy" }
    var traceNoun: TraceNoun { TraceNoun("task", plural: "tasks") }
    var possiblyCutDepth: Int? { nil }
    var defaultIgnores: [IgnoreRule] { [] }
    func classify(_ frame: inout Frame, in layout: ProgramLayout) {
      frame.origin = frame.function.hasPrefix("app.") ? .user : .runtime
    }
    func isBlocked(state: String) -> Bool { state == "waiting" }
    func noise(of group: Group) -> GrowthNoise? { group.site == nil ? .runtime : nil }
    func shortName(of function: String) -> String { String(function.split(separator: ".").last ?? "") }
  }

  static let registry = FormatRegistry.standard.adding(ToyFormat())

  static func dump(waiting: Int) -> String {
    var text = "task 1 [running]\n  at sched.loop (sched.toy:4)\n\n"
    for id in 0..<waiting {
      text += "task \(id + 2) [waiting]\n  at queue.pop (queue.toy:30)\n  at app.handler (app.toy:12)\n\n"
    }
    return text
  }

  static func read(_ text: String, name: String) throws -> [Snapshot] {
    try DumpReader.read(MemorySource(text), name: name, options: .init(formats: registry))
  }

  @Test func showGroupsToyTasks() throws {
    let snapshots = try Self.read(Self.dump(waiting: 3), name: "after.toy")
    #expect(snapshots.map(\.format.name) == ["toy"])
    let text = ShowRenderer().text(snapshots)
    #expect(
      text.hasPrefix(
        "after.toy · toy · 4 tasks in 2 groups\n\n3 tasks · waiting\n    queue.pop    queue.toy:30\n  > app.handler  app.toy:12\n"
      ))
  }

  @Test func diffNamesTheToySuspectAndCheckFails() throws {
    let before = try #require(try Self.read(Self.dump(waiting: 1), name: "before.toy").first)
    let after = try #require(try Self.read(Self.dump(waiting: 4), name: "after.toy").first)
    let diff = Differ.diff(before: before, after: after)
    let text = DiffRenderer().text(diff)
    #expect(text.contains("tasks 2 → 5 (+3)\n"))
    #expect(text.contains("suspect: +3 tasks blocked in waiting at app.toy:12 in handler\n"))
    let report = Checker.check(
      after, baseline: before, assertions: [.absent(try FramePattern("app.handler")), .maxGrowth(0)],
      ignoring: IgnoreRules())
    #expect(!report.passed)
    #expect(
      report.results.map(\.summary) == [
        "4 tasks in 1 group match", "1 group grew by more than 0 (largest +3)",
      ])
  }

  /// One log, a goroutine dump and a toy dump: two snapshots, each with its own format and words.
  @Test func aLogHoldsBothKinds() throws {
    let go = try Samples.text("go/prodcons/prodcons-before.txt")
    let log = "2026-11-29 server started\n" + go + "\nlog line between dumps\n" + Self.dump(waiting: 2)
    let snapshots = try Self.read(log, name: "mixed.log")
    #expect(snapshots.map(\.format.name) == ["go-text", "toy"])
    #expect(snapshots.map(\.total) == [2, 3])
    #expect(
      ShowRenderer.title(snapshots[1], among: snapshots)
        == "mixed.log (dump 2 of 2) · toy · 3 tasks in 2 groups")
    #expect(snapshots.allSatisfy { $0.diagnostics.unknownLineCount == 0 })
  }

  /// No prose between the two: the change of format alone ends the goroutine dump.
  @Test func aFormatFollowsAnotherDirectly() throws {
    let go = try Samples.text("go/prodcons/prodcons-before.txt")
    let snapshots = try Self.read(go + "\n" + Self.dump(waiting: 2) + go, name: "adjacent.log")
    #expect(snapshots.map(\.format.name) == ["go-text", "toy", "go-text"])
    #expect(snapshots.map(\.total) == [2, 3, 2])
  }
}
