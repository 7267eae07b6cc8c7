import Foundation
import Testing

@testable import StackDiffCore

/// Large files are parsed in two halves on two cores; the result must equal one pass.
@Suite struct ParallelReadingTests {
  /// Real goroutine blocks, renumbered and repeated (as the benchmark builds its inputs).
  private func writeLargeDump(copies: Int, _ extra: String = "") throws -> String {
    let text =
      try Samples.text("go/logsfollow/leaky-after.txt") + "\n"
      + (try Samples.text("go/sumserver/sumserver-0050.txt"))
    let blocks = text.components(separatedBy: "\n\n").filter { $0.hasPrefix("goroutine ") }
    var out = ""
    var id = 1
    for _ in 0..<copies {
      for block in blocks {
        let rest = block.drop { $0 != " " }.dropFirst().drop { $0 != " " }
        out += "goroutine \(id)\(rest)\n\n"
        id += 1
      }
    }
    out += extra
    let path = FileManager.default.temporaryDirectory.appendingPathComponent(
      "stackdiff-parallel-\(UUID().uuidString).txt"
    ).path
    try out.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  @Test(arguments: [GroupingMode.lines, .functions, .exact])
  func halvesGiveTheSameSnapshotAsOnePass(mode: GroupingMode) throws {
    let path = try writeLargeDump(copies: 40)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let options = DumpReader.Options(grouping: mode)
    let parallel = try #require(ParallelTextReader.read(path: path, options: options, minimumSize: 1))
    let sequential = try DumpReader.read(FileDescriptorSource.open(path: path), name: path, options: options)
    let regrouped = mode == .functions ? parallel.map { $0.regrouped(by: .functions) } : parallel
    #expect(regrouped == sequential)
    // Merged from two sorted halves, and known to be in report order.
    #expect(parallel.first?.groupsAreKnownInReportOrder == true)
    #expect(parallel.first?.groups.isInReportOrder == true)
    #expect(sequential.first?.total == 40 * 71)
    // The two dump takers (Go 1.19 and 1.23 source lines) copied 40 times each.
    let takers = sequential.first?.groups.filter {
      $0.frames.first?.function == "runtime/pprof.writeGoroutineStacks"
    }
    #expect(takers?.map(\.count) == (mode == .functions ? [80] : [40, 40]))
  }

  /// The first half never reveals GOROOT (its standard-library paths are relative), the second
  /// does: the merged halves must judge every frame as one pass does, so a user package without
  /// a dot in its path (`logdemo/…`, outside GOROOT) is the site in both. Compared as rendered,
  /// since `Frame ==` ignores verdicts.
  @Test func halvesThatRevealGOROOTDifferently() throws {
    let once = try Samples.text("go/logsfollow/leaky-after.txt")
      .replacingOccurrences(of: "example.com/logdemo/", with: "logdemo/")
    let blocks = once.components(separatedBy: "\n\n").filter { $0.hasPrefix("goroutine ") }
    var text = ""
    var id = 1
    for copy in 0..<400 {
      for block in blocks {
        let rest = block.drop { $0 != " " }.dropFirst().drop { $0 != " " }
        var renumbered = "goroutine \(id)\(rest)"
        // Three quarters without GOROOT: the split (at the middle byte) falls among them.
        if copy < 300 { renumbered = renumbered.replacingOccurrences(of: "/usr/lib/go-1.23/src/", with: "") }
        text += renumbered + "\n\n"
        id += 1
      }
    }
    let path = FileManager.default.temporaryDirectory.appendingPathComponent(
      "stackdiff-goroot-\(UUID().uuidString).txt"
    ).path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let parallel = try #require(ParallelTextReader.read(path: path, options: .init(), minimumSize: 1))
    let sequential = try DumpReader.read(FileDescriptorSource.open(path: path), name: path)
    #expect(ShowRenderer().text(parallel) == ShowRenderer().text(sequential))
    #expect(parallel.first?.layout.languageRoot == "/usr/lib/go-1.23")
    let leak = try #require(parallel.first?.groups.first { $0.state == "chan receive" })
    #expect(leak.site?.function == "logdemo/daemon/server.(*Server).logsContainer")
  }

  @Test func unknownLinesKeepTheirLineNumbers() throws {
    let path = try writeLargeDump(copies: 40, "goroutine 999999 [chan send]:\nmain.cut(0x1)\n")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let parallel = try #require(ParallelTextReader.read(path: path, options: .init(), minimumSize: 1))
    let sequential = try DumpReader.read(FileDescriptorSource.open(path: path), name: path)
    #expect(parallel == sequential)
    #expect(sequential.first?.diagnostics.unknownLineCount == 1)
  }

  /// A trace of 3,000 frames (about 150 KB) across the middle of the file: no trace starts in
  /// the first bytes after the middle that the split looks at, so it reads further.
  @Test func aTraceLongerThanTheFirstLookStillSplits() throws {
    var deep = "goroutine 500000 [chan receive]:\n"
    for depth in 0..<3000 {
      deep += "example.com/app.(*Walker).descend(0xc000010000, 0x\(String(depth, radix: 16)))\n"
      deep += "\t/src/app/walker.go:\(40 + depth % 7) +0x4d\n"
    }
    deep += "created by main.main in goroutine 1\n\t/src/app/main.go:12 +0x1f\n\n"
    let halfPath = try writeLargeDump(copies: 20)
    defer { try? FileManager.default.removeItem(atPath: halfPath) }
    let half = try String(contentsOfFile: halfPath, encoding: .utf8)
    let second = half.replacingOccurrences(of: "goroutine ", with: "goroutine 7000")
    let path = FileManager.default.temporaryDirectory.appendingPathComponent(
      "stackdiff-deep-\(UUID().uuidString).txt"
    ).path
    try (half + deep + second).write(toFile: path, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let middle = half.utf8.count + deep.utf8.count / 2
    let size = half.utf8.count + deep.utf8.count + second.utf8.count
    #expect(abs(size / 2 - middle) < 20_000)
    let parallel = try #require(ParallelTextReader.read(path: path, options: .init(), minimumSize: 1))
    let sequential = try DumpReader.read(FileDescriptorSource.open(path: path), name: path)
    #expect(parallel == sequential)
    #expect(sequential.first?.groups.contains { $0.frames.count == 3000 } == true)
  }

  @Test func twoDumpsFallBackToOnePass() throws {
    // The second half repeats goroutine ids of the first: two dumps, which one pass must split.
    let once = try Samples.text("go/logsfollow/leaky-after.txt")
    var text = ""
    for _ in 0..<200 { text += once + "\n" }
    let path = FileManager.default.temporaryDirectory.appendingPathComponent(
      "stackdiff-two-\(UUID().uuidString).txt"
    ).path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: path) }
    #expect(ParallelTextReader.read(path: path, options: .init(), minimumSize: 1) == nil)
    #expect(try DumpReader.read(path: path).count == 200)
  }

  /// `main.f\xfe` and `main.f\xff` are two frames to the parser but print alike (U+FFFD): which
  /// group of the first half would absorb the second half's is not what one pass does, so such a
  /// file is read in one pass.
  @Test func namesThatPrintAlikeFallBackToOnePass() throws {
    func goroutine(_ id: Int, _ name: [UInt8]) -> [UInt8] {
      Array("goroutine \(id) [chan send]:\n".utf8) + name
        + Array("()\n\t/src/app/main.go:7 +0x1\n\n".utf8)
    }
    let fe = Array("main.f".utf8) + [0xFE]
    let ff = Array("main.f".utf8) + [0xFF]
    // Past the first bytes, which are sniffed for binary data, and before the middle.
    var bytes: [UInt8] = []
    for id in 1..<1500 { bytes += goroutine(id, Array("main.filler\(id % 3)".utf8)) }
    bytes += goroutine(1500, fe) + goroutine(1501, ff) + goroutine(1502, ff) + goroutine(1503, ff)
    for id in 1504..<3600 { bytes += goroutine(id, Array("main.filler\(id % 3)".utf8)) }
    bytes += goroutine(3600, ff)
    let path = FileManager.default.temporaryDirectory.appendingPathComponent(
      "stackdiff-alike-\(UUID().uuidString).txt"
    ).path
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    #expect(ParallelTextReader.read(path: path, options: .init(), minimumSize: 1) == nil)
    let once = try DumpReader.read(FileDescriptorSource.open(path: path), name: path, options: .init())
    let alike = once.first?.groups.filter { $0.frames.first?.function == "main.f\u{FFFD}" }
    #expect(alike?.map(\.count) == [4, 1])
  }
}
