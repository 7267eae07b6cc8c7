import Testing

@testable import StackDiffCore

/// Copy-paste and logging damage (SampleDumps/go/damaged, scripted from one real dump) must not
/// change the analysis, and must not leave lines unexplained.
@Suite struct DamagedInputTests {
  static let textVariants = [
    "ansi-colors", "bracket-timestamp-prefix", "crlf", "embedded-in-log", "logrus-per-line",
    "logrus-single-entry", "no-blank-lines", "syslog-prefix", "tabs-4spaces", "tabs-8spaces",
  ]

  private func groups(_ path: String) throws -> [Group] {
    let snapshots = try Samples.read(path)
    #expect(snapshots.count == 1, "\(path)")
    #expect(snapshots.first?.diagnostics == Diagnostics(), "\(path)")
    return snapshots.first?.groups ?? []
  }

  @Test(arguments: textVariants)
  func textDamageIsUndone(variant: String) throws {
    let original = try groups("go/logsfollow/leaky-after.txt")
    let damaged = try groups("go/damaged/\(variant).txt")
    #expect(damaged == original)
    #expect(damaged.first?.count == 15)
  }

  @Test(arguments: ["pprof-markdown", "pprof-spaces", "pprof-wrapped", "pprof-indented"])
  func profileDamageIsUndone(variant: String) throws {
    let original = try groups("go/logsfollow/leaky-after.debug1.txt")
    let damaged = try groups("go/damaged/\(variant).txt")
    #expect(damaged == original)
    #expect(damaged.first?.count == 15)
    #expect(
      damaged.first?.frames.first?.function == "example.com/logdemo/daemon/server.(*Server).logsContainer")
  }

  @Test func twoDumpsInOneLog() throws {
    let snapshots = try Samples.read("go/damaged/two-dumps.txt")
    #expect(snapshots.map(\.total) == [3, 18])
    #expect(snapshots.map(\.index) == [1, 2])
    let diff = Differ.diff(before: snapshots[0], after: snapshots[1])
    #expect(diff.suspects.first?.change.delta == 15)
  }
}

/// Malformed inputs (SampleDumps/malformed, hand-made or cut from a real dump).
@Suite struct MalformedInputTests {
  @Test func errors() {
    let expectations = [
      ("malformed/empty.txt", "empty input"),
      ("malformed/binary-4k.bin", "binary data, not a stack dump"),
      ("malformed/no-dump.txt", "no stack dump found"),
    ]
    for (path, reason) in expectations {
      #expect(throws: InputError(source: Samples.path(path), reason: reason)) { try Samples.read(path) }
    }
  }

  @Test func truncatedDumpsKeepWhatTheyHaveAndSaySo() throws {
    let midLine = try Samples.snapshot("malformed/truncated-mid-line.txt")
    #expect(midLine.total == 2)
    #expect(midLine.diagnostics.endsMidLine)
    // The cut location line is reported and its frame dropped: its line number is unknown.
    #expect(midLine.diagnostics.unknownLineCount == 1)
    #expect(midLine.diagnostics.firstUnknownLine == 37)
    #expect(
      DiagnosticMessages.warnings(for: midLine) == [
        "stackdiff: warning: 1 line not understood, first at \(Samples.path("malformed/truncated-mid-line.txt")):37",
        "stackdiff: warning: \(Samples.path("malformed/truncated-mid-line.txt")): input ends in the middle of a line (truncated dump?)",
      ])
    let accept = try #require(
      midLine.groups.first { $0.frames.contains { $0.function == "net.(*TCPListener).accept" } })
    #expect(accept.frames.last?.function == "net.(*TCPListener).accept")

    let midBlock = try Samples.snapshot("malformed/truncated-mid-block.txt")
    #expect(midBlock.total == 3)
    #expect(midBlock.diagnostics.unknownLineCount == 1)
    #expect(midBlock.diagnostics.firstUnknownLine == 48)
  }

  /// A line longer than the reader's buffer is skipped in constant memory and reported.
  @Test func hugeLinesAreCutAndReported() throws {
    var text = try Samples.text("go/prodcons/prodcons-after.txt")
    text += "\n" + String(repeating: "x", count: 3 << 20) + "\n"
    let snapshot = try #require(try Samples.parse(text).first)
    #expect(snapshot.total == 22)
    #expect(snapshot.diagnostics.cutLineCount == 1)
  }

  @Test func orphanFramesAreCounted() throws {
    let text = try Samples.text("go/prodcons/prodcons-after.txt")
    // Drop the header of the last goroutine block: its frames now belong to nobody.
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let lastHeader = try #require(lines.lastIndex { $0.hasPrefix("goroutine ") })
    lines.remove(at: lastHeader)
    let snapshot = try #require(try Samples.parse(lines.joined(separator: "\n")).first)
    #expect(snapshot.total == 21)
    #expect(snapshot.diagnostics.unknownLineCount == 2)
    #expect(snapshot.diagnostics.firstUnknownLine == lastHeader + 1)
  }
}
