import Testing

@testable import StackDiffCore

/// A frame keeps the hashes of its function's and file's bytes, which matching reads instead
/// of the names: they must follow every change of the names, or equal stacks would miss each
/// other.
@Suite struct FrameNameHashTests {
  private let key = ComparisonKey(mode: .lines, format: .goText)

  private func group(_ frames: [Frame], creator: Frame? = nil) -> Group {
    Group(count: 1, state: "chan receive", frames: frames, createdBy: creator)
  }

  @Test func renamedFramesHashAsFramesMadeWithTheirNames() {
    var renamed = Frame(function: "example.com/app.old", file: "/src/app/old.go", line: 10)
    renamed.function = "example.com/app.serve"
    renamed.file = "/src/app/serve.go"
    let made = Frame(function: "example.com/app.serve", file: "/src/app/serve.go", line: 10)
    #expect(renamed.functionHash == made.functionHash)
    #expect(renamed.fileHash == made.fileHash)
    #expect(key.hash(of: group([renamed])) == key.hash(of: group([made])))
    #expect(key.hash(of: group([made], creator: renamed)) == key.hash(of: group([made], creator: made)))
    #expect(key.matches(group([renamed]), group([made])))
  }

  @Test func framesOfTwoDumpsHashAlike() throws {
    let text = """
      goroutine 7 [chan receive]:
      example.com/app.(*Server).logsContainer(0xc000123456)
      \t/src/app/server.go:88 +0x2a
      created by main.main in goroutine 1
      \t/src/app/main.go:12 +0x1f

      """
    let first = try #require(try Samples.parse(text).first?.groups.first)
    let second = try #require(
      try Samples.parse(text.replacingOccurrences(of: "goroutine 7", with: "goroutine 9")).first?.groups.first
    )
    let made = Frame(
      function: "example.com/app.(*Server).logsContainer", file: "/src/app/server.go", line: 88)
    #expect(first.frames[0].functionHash == made.functionHash)
    #expect(first.frames[0].fileHash == made.fileHash)
    #expect(key.hash(of: first) == key.hash(of: second))
  }

  @Test func differentNamesHashApart() {
    let names = (0..<2000).map { "example.com/app.handler\($0)" }
    let hashes = Set(names.map { Frame(function: $0, file: "/src/app/a.go", line: 1).functionHash })
    // 32-bit hashes of 2,000 names: a collision or two would be chance, not every name alike.
    #expect(hashes.count >= 1998)
  }
}
