import Foundation
import Testing

@testable import StackDiffCore

/// One goroutine of a real 1003-goroutine dump damaged in each way a paste, a terminal or a
/// broken pipe damages dumps: the dump stays one dump, every goroutine is counted, and the
/// warning names the damaged line. (Before, one stray line inside goroutine 1507 split the dump
/// into 501 and 502 goroutines, and `check --absent` could pass on the half without the match.)
@Suite struct DamageCostsOneLineTests {
  static let sample = "go/sumserver/sumserver-1000.txt"

  /// The sample's lines, and the index of the header of its 501st goroutine (goroutine 1507,
  /// `main.sumInt` at main.go:27, created by `main.sumHandler`).
  static let original: (lines: [String], header: Int) = {
    let text = (try? Samples.text(sample)) ?? ""
    let lines = text.components(separatedBy: "\n")
    let headers = lines.indices.filter { lines[$0].hasPrefix("goroutine ") }
    return (lines, headers.count > 500 ? headers[500] : 0)
  }()

  struct Damage: CustomTestStringConvertible, Sendable {
    var name: String
    /// Changes the lines around the header at the given index.
    var apply: @Sendable (inout [String], Int) -> Void
    /// The 1-based line the warning must name (from the header's 1-based line), or nil for none.
    var warningLine: (@Sendable (Int) -> Int)?
    /// Whether the damaged frame survives (the goroutine stays in the leak's group).
    var keepsTheFrame: Bool
    /// Control bytes the repair removes.
    var skippedBytes = 0

    var testDescription: String { name }
  }

  static let damages: [Damage] = [
    Damage(
      name: "a garbage line between a function and its location",
      apply: { lines, h in lines.insert("garbage here", at: h + 2) }, warningLine: { $0 + 2 },
      keepsTheFrame: true),
    Damage(
      name: "a function line without parentheses",
      apply: { lines, h in lines[h + 1] = String(lines[h + 1].prefix { $0 != "(" }) },
      warningLine: { $0 + 1 },
      keepsTheFrame: false),
    Damage(
      name: "a function line cut mid-argument",
      apply: { lines, h in lines[h + 1] = String(lines[h + 1].prefix(16)) }, warningLine: { $0 + 1 },
      keepsTheFrame: false),
    Damage(
      name: "a duplicated header",
      apply: { lines, h in lines.insert(lines[h], at: h + 1) }, warningLine: { $0 + 1 }, keepsTheFrame: true),
    Damage(
      name: "a bare CR joining a function and its location",
      apply: { lines, h in
        lines[h + 1] += "\r" + lines[h + 2]
        lines.remove(at: h + 2)
      }, warningLine: nil, keepsTheFrame: true),
    Damage(
      name: "a NUL byte at the end of a function line",
      apply: { lines, h in lines[h + 1] += "\u{0}" }, warningLine: nil, keepsTheFrame: true, skippedBytes: 1),
    Damage(
      name: "a goroutine id beyond 64 bits",
      apply: { lines, h in
        lines[h] = lines[h].replacingOccurrences(of: "goroutine ", with: "goroutine 99999999999999999999999")
      }, warningLine: nil, keepsTheFrame: true),
    Damage(
      name: "a line number beyond 64 bits",
      apply: { lines, h in
        lines[h + 2] = lines[h + 2].replacingOccurrences(
          of: "main.go:27", with: "main.go:99999999999999999999999")
      }, warningLine: nil, keepsTheFrame: true),
  ]

  private static func parse(_ lines: [String]) throws -> [Snapshot] {
    try Samples.parse(lines.joined(separator: "\n"), name: "damaged.txt")
  }

  @Test(arguments: damages) func damageCostsOneLine(_ damage: Damage) throws {
    var lines = Self.original.lines
    let header = Self.original.header
    #expect(lines[header] == "goroutine 1507 [chan send]:")
    damage.apply(&lines, header)
    let snapshots = try Self.parse(lines)
    #expect(snapshots.count == 1)
    let snapshot = try #require(snapshots.first)
    #expect(snapshot.total == 1003)
    #expect(snapshot.count(inState: "chan send") == 1000)
    let expected = damage.warningLine.map { $0(header + 1) }
    #expect(snapshot.diagnostics.unknownLineCount == (expected == nil ? 0 : 1))
    #expect(snapshot.diagnostics.firstUnknownLine == expected)
    #expect(snapshot.diagnostics.skippedByteCount == damage.skippedBytes)
    #expect(snapshot.diagnostics.firstSkippedByteLine == (damage.skippedBytes > 0 ? header + 2 : nil))
    // The leak stays one group of 1000 unless the damage took a frame with it.
    let leak = snapshot.groups(containing: "main.sumInt").reduce(0) { $0 + $1.count }
    #expect(leak == (damage.keepsTheFrame ? 1000 : 999))
    // A check for the leaking function sees every goroutine that has it.
    let report = Checker.check(
      snapshot, baseline: nil, assertions: [.absent(try FramePattern("main.sumInt"))], ignoring: IgnoreRules()
    )
    #expect(!report.passed)
  }

  /// A complete last line without a newline is read; a cut one is reported.
  @Test func unterminatedLastLine() throws {
    let text = try Samples.text(Self.sample)
    let whole = try Samples.parse(String(text.dropLast()), name: "paste.txt")
    #expect(whole.first?.diagnostics == Diagnostics())
    #expect(whole.first?.total == 1003)
    let full = try Samples.parse(text, name: "full.txt")
    #expect(whole.first?.groups == full.first?.groups)

    // Cut inside the path of the last location line: the frame is dropped and reported.
    let lastLocation = try #require(text.range(of: "\t/", options: .backwards))
    let cut = String(text[..<lastLocation.upperBound]) + "usr/lib/go"
    let snapshot = try #require(try Samples.parse(cut, name: "cut.txt").first)
    #expect(snapshot.diagnostics.endsMidLine)
    #expect(snapshot.diagnostics.unknownLineCount == 1)
    #expect(snapshot.total == 1003)
  }

  @Test func headerWithoutFramesIsReported() throws {
    var lines = Self.original.lines
    let header = Self.original.header
    let blank = try #require(lines[header...].firstIndex(of: ""))
    lines.removeSubrange((header + 1)..<blank)
    let snapshot = try #require(try Self.parse(lines).first)
    #expect(snapshot.total == 1003)
    #expect(snapshot.diagnostics.unknownLineCount == 1)
    #expect(snapshot.diagnostics.firstUnknownLine == header + 1)
  }

  /// Old Mac line ends: every CR ends a line.
  @Test func carriageReturnsAlone() throws {
    let text = try Samples.text(Self.sample).replacingOccurrences(of: "\n", with: "\r")
    let snapshot = try #require(try Samples.parse(text, name: "mac.txt").first)
    let original = try Samples.snapshot(Self.sample)
    #expect(snapshot.total == 1003)
    #expect(snapshot.groups == original.groups)
    #expect(snapshot.diagnostics == Diagnostics())
  }

  /// A stray NUL does not make a text dump "binary data"; junk after a dump is kept out of it
  /// and reported where it starts.
  @Test func binaryBytesAmongText() throws {
    let text = try Samples.text(Self.sample)
    let junk = text + String(decoding: (0..<1024).map { UInt8($0 % 256) }, as: UTF8.self)
    let snapshot = try #require(try Samples.parse(junk, name: "junk.txt").first)
    #expect(snapshot.total == 1003)
    #expect(snapshot.diagnostics.firstSkippedByteLine == Self.original.lines.count)
    #expect(snapshot.diagnostics.skippedByteCount > 0)
    #expect(
      DiagnosticMessages.warnings(for: snapshot).first?.hasPrefix("stackdiff: warning: skipped ") == true)
  }
}
