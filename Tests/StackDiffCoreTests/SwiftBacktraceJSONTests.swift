import Foundation
import Testing

@testable import StackDiffCore

/// The backtracer's JSON reports (SampleDumps/swift/backtracer-json): the same groups as the
/// text reports of the same programs, on one line after the banner, in a file of their own, or
/// pretty-printed.
@Suite struct SwiftBacktraceJSONTests {
  typealias Shape = SwiftBacktraceTests.Shape

  @Test(arguments: [
    ("continuations.n10", "continuations.n10"), ("asyncstream.n100", "asyncstream.n100"),
    ("actorstarve.n10", "actorstarve.n10"), ("blockedthreads.n4", "blockedthreads.n4"),
    ("blockedthreads.n20", "blockedthreads.n20"), ("crash", "crash.full"), ("crash.release", "crash.release"),
  ])
  func jsonAndTextGiveTheSameGroups(_ json: String, _ text: String) throws {
    let fromJSON = try Samples.snapshot("swift/backtracer-json/\(json).json")
    let fromText = try Samples.snapshot("swift/backtracer/\(text).txt")
    #expect(fromJSON.format.name == "swift-backtrace-json")
    #expect(fromJSON.groups.map(Shape.init) == fromText.groups.map(Shape.init))
    #expect(fromJSON.groups.map(\.crashedCount) == fromText.groups.map(\.crashedCount))
    #expect(fromJSON.groups.map(\.caveat) == fromText.groups.map(\.caveat))
    #expect(fromJSON.diagnostics == Diagnostics())
  }

  @Test func pairsDiffLikeText() throws {
    let diff = Differ.diff(
      before: try Samples.snapshot("swift/backtracer-json/blockedthreads.n4.json"),
      after: try Samples.snapshot("swift/backtracer-json/blockedthreads.n20.json"))
    #expect(diff.changes.filter { $0.delta > 0 }.map(\.delta) == [32, 16])
    for program in ["continuations", "asyncstream", "actorstarve"] {
      let unchanged = Differ.diff(
        before: try Samples.snapshot("swift/backtracer-json/\(program).n10.json"),
        after: try Samples.snapshot("swift/backtracer-json/\(program).n100.json"))
      #expect(unchanged.changes.allSatisfy { $0.delta == 0 }, "\(program)")
    }
  }

  /// `output-to=DIR` writes the report alone; jq pretty-prints it over many lines.
  @Test func aReportFileAloneOrPrettyPrinted() throws {
    let alone = try Samples.snapshot("swift/backtracer-json/crash.output-to-dir.json")
    #expect(alone.total == 8)
    #expect(alone.events == ["Program crashed: Illegal instruction at 0x00007f53896f9361"])

    let line = try #require(
      try Samples.text("swift/backtracer-json/crash.json").split(separator: "\n").first {
        $0.hasPrefix("{")
      })
    let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
    let pretty = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted])
    let prose = "starting\n{\n  \"unrelated\": 1\n}\n"
    let snapshots = try Samples.parse(bytes: Array(prose.utf8) + Array(pretty) + Array("\nbye\n".utf8))
    #expect(snapshots.count == 1)
    let snapshot = try #require(snapshots.first)
    #expect(
      snapshot.groups.map(Shape.init)
        == (try Samples.snapshot("swift/backtracer-json/crash.json")).groups.map(Shape.init))
    #expect(snapshot.diagnostics == Diagnostics())
  }

  /// A logger's prefix on every line, as on the banner and the report.
  @Test func aReportInsideAPrefixedLog() throws {
    let text = try Samples.text("swift/backtracer-json/crash.json")
    let prefixed = text.split(separator: "\n", omittingEmptySubsequences: false).map {
      "2026-11-29T10:00:00.123Z app[4242]: " + $0
    }.joined(separator: "\n")
    let snapshot = try #require(try Samples.parse(prefixed).first)
    #expect(snapshot.total == 8)
    #expect(
      snapshot.groups.map(Shape.init)
        == (try Samples.snapshot("swift/backtracer-json/crash.json")).groups.map(Shape.init))
  }

  /// A report cut short is one damaged line, reported with its number, not a crash or silence.
  @Test func aCutReportIsOneDamagedLine() throws {
    let text = try Samples.text("swift/backtracer-json/continuations.n10.json")
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    let reportLine = try #require(lines.firstIndex { $0.hasPrefix("{") })
    var damaged = lines.map(String.init)
    damaged[reportLine] = String(damaged[reportLine].prefix(damaged[reportLine].count / 2))
    let good = try Samples.text("swift/backtracer/continuations.n10.txt")
    let snapshots = try Samples.parse(damaged.joined(separator: "\n") + "\n" + good)
    #expect(snapshots.count == 1)
    #expect(snapshots.last?.total == 5)
    let diagnostics = try #require(snapshots.last?.diagnostics)
    #expect(diagnostics.unknownLineCount == 1)
    #expect(diagnostics.firstUnknownLine == reportLine + 1)
  }

  /// A pretty-printed report cut short ends at the first line that cannot continue it: the
  /// report is one damaged line, at its first line, and what follows is read.
  @Test func aCutPrettyReportEndsAtTheNextReport() throws {
    let sample = "malformed/swift-json-cut-then-text.txt"
    let snapshots = try Samples.read(sample)
    #expect(snapshots.count == 1)
    let snapshot = try #require(snapshots.first)
    #expect(snapshot.format.name == "swift-backtrace")
    #expect(snapshot.total == 5)
    #expect(
      snapshot.groups.map(Shape.init)
        == (try Samples.snapshot("swift/backtracer/continuations.n10.txt")).groups.map(Shape.init))
    #expect(snapshot.diagnostics.unknownLineCount == 1)
    #expect(snapshot.diagnostics.firstUnknownLine == 1)
    #expect(
      DiagnosticMessages.warnings(for: snapshot) == [
        "stackdiff: warning: 1 line not understood, first at \(Samples.path(sample)):1"
      ])

    // A cut report followed by a whole one, both pretty-printed; then both indented alike.
    let line = try #require(
      try Samples.text("swift/backtracer-json/crash.json").split(separator: "\n").first { $0.hasPrefix("{") })
    let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
    let pretty = try #require(
      String(
        data: try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted]), encoding: .utf8))
    let whole = try Samples.snapshot("swift/backtracer-json/crash.json")
    for indent in ["", "    "] {
      let lines = pretty.split(separator: "\n").map { indent + $0 }
      let text = (lines.prefix(lines.count / 3) + lines).joined(separator: "\n") + "\n"
      let read = try Samples.parse(text)
      #expect(read.count == 1)
      #expect(read.first?.groups.map(Shape.init) == whole.groups.map(Shape.init))
      #expect(read.first?.diagnostics.unknownLineCount == 1)
      #expect(read.first?.diagnostics.firstUnknownLine == 1)
    }
  }
}
