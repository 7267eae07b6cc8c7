import Testing

@testable import StackDiffCore

/// Parsing and grouping of the leak programs' real dumps (SampleDumps/go/{prodcons,masterworker,
/// sumserver,logsfollow}). Totals are cross-checked against a plain count of header lines.
@Suite struct LeakDumpParsingTests {
  @Test func producerConsumerLeakIsOneGroup() throws {
    let path = "go/prodcons/prodcons-after.txt"
    let snapshot = try Samples.snapshot(path)
    #expect(snapshot.format == .goText)
    #expect(snapshot.total == 22)
    #expect(snapshot.total == (try Samples.countLines(path, prefix: "goroutine ")))
    let leak = try #require(snapshot.groups.first)
    #expect(leak.count == 21)
    #expect(leak.state == "chan send")
    #expect(leak.frames.map(\.function) == ["main.newNumberStream.func1"])
    #expect(leak.site?.function == "main.newNumberStream.func1")
    #expect(leak.site?.line == 27)
    #expect(leak.site?.file.hasSuffix("/generators/go/prodcons/main.go") == true)
    #expect(leak.createdBy?.function == "main.newNumberStream")
    #expect(leak.createdBy?.line == 23)
    #expect(snapshot.diagnostics.unknownLineCount == 0)
  }

  @Test func masterWorkerRecordsCreatorIDs() throws {
    let snapshot = try Samples.snapshot("go/masterworker/masterworker-after.txt", .init(keepTraces: true))
    #expect(snapshot.total == 13)
    let workers = snapshot.groups(containing: "main.worker")
    #expect(workers.count == 1)
    #expect(workers.first?.count == 12)
    #expect(workers.first?.createdBy?.function == "main.master")
    // Go 1.21+: `created by main.master in goroutine 1`.
    let workerTraces = snapshot.traces.filter { $0.frames.first?.function == "main.worker" }
    #expect(workerTraces.count == 12)
    #expect(workerTraces.allSatisfy { $0.creatorID == 1 && $0.state == "chan send" })
    #expect(snapshot.traces.count == 13)
    // The goroutine that called runtime.Stack is printed first.
    #expect(snapshot.traces.first?.state == "running")
    #expect(snapshot.groups.contains { $0.isDumpTaker && $0.frames.first?.function == "main.dump" })
  }

  /// 500 goroutines blocked at one line with 500 different argument values are one group.
  @Test func argumentValuesDoNotSplitGroups() throws {
    let path = "go/sumserver/sumserver-0500.txt"
    let byLines = try Samples.snapshot(path)
    #expect(byLines.total == 503)
    let leak = try #require(byLines.groups.first)
    #expect(leak.count == 500 && leak.state == "chan send" && leak.site?.function == "main.sumInt")
    // The accept loop, the pprof handler and its connection's background read.
    #expect(byLines.groups.count == 4)

    let exact = try Samples.snapshot(path, .init(grouping: .exact))
    #expect(exact.total == 503)
    #expect(exact.groups.filter { $0.frames.first?.function == "main.sumInt" }.count == 500)
    let someLeak = exact.groups.first { $0.frames.first?.function == "main.sumInt" }
    #expect(someLeak?.frames.first?.arguments?.hasPrefix("{0xc") == true)
  }

  @Test func logsContainerLeakHasItsSiteInUserCode() throws {
    let snapshot = try Samples.snapshot("go/logsfollow/leaky-after.txt")
    #expect(snapshot.total == 18)
    let leak = try #require(snapshot.groups.first)
    #expect(leak.count == 15)
    #expect(leak.state == "chan receive")
    #expect(leak.site?.function == "example.com/logdemo/daemon/server.(*Server).logsContainer")
    #expect(leak.siteIndex == 0)
    #expect(leak.frames.last?.function == "net/http.(*conn).serve")
    #expect(leak.createdBy?.function == "net/http.(*Server).Serve")
    #expect(leak.sampleIDs.count == Group.maximumSampleIDs)
    // The standard library frames around it are not the site: the verdict is stored on them.
    #expect(leak.frames.first?.origin == .user)
    #expect(leak.frames.dropFirst().allSatisfy { $0.origin == .library })
    #expect(
      leak.frames.dropFirst().allSatisfy {
        GoSymbol.isStandardLibrary($0, goroot: snapshot.layout.languageRoot)
      })
    #expect(snapshot.layout.languageRoot?.hasPrefix("/") == true)
  }

  @Test func functionsGroupingIgnoresLineNumbers() throws {
    // Two groups that differ only in the line of the dump-taking call (before/after) merge.
    let before = try Samples.snapshot("go/masterworker/masterworker-before.txt")
    let after = try Samples.snapshot("go/masterworker/masterworker-after.txt")
    let takerLines = Set(
      ([before, after]).flatMap { $0.groups.filter(\.isDumpTaker) }.compactMap { $0.frames.last?.line })
    #expect(takerLines.count == 2)
    let merged = ComparisonKey(mode: .functions, format: .goText).regroup(before.groups + after.groups)
    #expect(merged.filter(\.isDumpTaker).count == 1)
    #expect(merged.filter(\.isDumpTaker).first?.count == 2)
  }
}
