import Testing

@testable import StackDiffCore

/// One server state captured as debug=2, debug=1 and debug=0 must give the same leak.
@Suite struct FormatEquivalenceTests {
  static let points = ["0000", "0050", "0500", "1000", "1500"]

  @Test(arguments: points)
  func sumserverFormatsAgree(point: String) throws {
    let text = try Samples.snapshot("go/sumserver/sumserver-\(point).txt")
    let debug1 = try Samples.snapshot("go/sumserver/sumserver-\(point).debug1.txt")
    let proto = try Samples.snapshot("go/sumserver/sumserver-\(point).debug0.pb.gz")
    #expect(text.format == .goText)
    #expect(debug1.format == .goPprofText)
    #expect(proto.format == .goPprofProto)
    #expect(text.total == debug1.total)
    #expect(text.total == proto.total)
    let expectedLeak = Int(point) ?? -1
    for snapshot in [text, debug1, proto] {
      let leak = snapshot.groups(containing: "main.sumInt").reduce(0) { $0 + $1.count }
      #expect(leak == expectedLeak, "\(snapshot.source)")
    }
    // Without states and creators, the groups in user code are identical. (The three were
    // fetched one after another, so the connection serving each fetch differs.)
    let key = ComparisonKey(mode: .lines, snapshots: [text, debug1, proto])
    let shapes = [text, debug1, proto].map { snapshot in
      key.groups(of: snapshot).filter { $0.siteIndex != nil && snapshot.format.dialect.noise(of: $0) == nil }
        .map { "\($0.count) \($0.frames.map(\.location))" }.sorted()
    }
    #expect(shapes[0].count == (expectedLeak > 0 ? 2 : 1))
    #expect(shapes[0] == shapes[1])
    #expect(shapes[1] == shapes[2])
  }

  @Test func protoProfileKeepsRuntimeFramesOnlyOnRequest() throws {
    let path = "go/sumserver/sumserver-0050.debug0.pb.gz"
    let normalized = try Samples.snapshot(path)
    #expect(normalized.groups.first?.frames.map(\.function) == ["main.sumInt"])
    let raw = try Samples.snapshot(path, .init(keepsHiddenFrames: true))
    let frames = raw.groups.first?.frames.map(\.function) ?? []
    #expect(frames.first == "runtime.gopark")
    #expect(frames.contains("runtime.chansend1"))
    #expect(frames.last == "main.sumInt")
  }

  @Test func logsContainerFormatsAgree() throws {
    let text = try Samples.snapshot("go/logsfollow/leaky-after.txt")
    let debug1 = try Samples.snapshot("go/logsfollow/leaky-after.debug1.txt")
    let proto = try Samples.snapshot("go/logsfollow/leaky-after.debug0.pb.gz")
    for snapshot in [text, debug1, proto] {
      #expect(snapshot.groups(containing: "(*Server).logsContainer").reduce(0) { $0 + $1.count } == 15)
      #expect(
        snapshot.groups.first?.site?.function == "example.com/logdemo/daemon/server.(*Server).logsContainer")
    }
  }
}

/// The `mixed` program's states, stacks of 150 frames and generics through every format of
/// every Go version: comparing two formats of one process must show no growth.
@Suite struct MixedFormatEquivalenceTests {
  @Test(arguments: GoDumpShapesTests.versions)
  func noFalseGrowthAcrossFormats(version: String) throws {
    let text = try Samples.snapshot("go/mixed/\(version)/mixed.txt")
    for other in ["mixed.debug1.txt", "mixed.debug0.pb.gz"] {
      let profile = try Samples.snapshot("go/mixed/\(version)/\(other)")
      for diff in [Differ.diff(before: profile, after: text), Differ.diff(before: text, after: profile)] {
        let grown = diff.changes.filter { $0.noise == nil && $0.delta != 0 }
        #expect(
          grown.isEmpty,
          "\(version) \(other): \(grown.map { "\($0.delta) \($0.group.frames.prefix(2).map(\.function))" })")
        #expect(diff.suspects.isEmpty)
      }
    }
  }

  @Test func profileGenericsReadLikeText() throws {
    let proto = try Samples.snapshot("go/mixed/go1.23/mixed.debug0.pb.gz")
    #expect(proto.groups.contains { $0.frames.first?.function == "main.waitGeneric[...]" })
    #expect(
      GoSymbol.elidingTypeArguments("x/queue.(*Queue[go.shape.float64]).Pop") == "x/queue.(*Queue[...]).Pop")
    #expect(GoSymbol.elidingTypeArguments("main.f[go.shape.map[string]int]") == "main.f[...]")
  }
}
