import Testing

@testable import StackDiffCore

/// Line-shape recognizers, each fed the exact line spellings of the Go runtimes (1.5 to 1.27).
@Suite struct GoLineShapesTests {
  private func withLine<R>(_ text: String, _ body: (ByteSlice) -> R) -> R {
    var text = text
    return text.withUTF8 { body(ByteSlice(UnsafeRawBufferPointer($0))) }
  }

  private func header(_ text: String) -> (
    id: Int, state: String, wait: Int, locked: Bool, labels: String?, attributes: [String]
  )? {
    withLine(text) { line in
      GoLineShapes.header(line).map {
        ($0.id, $0.state.string, $0.waitMinutes, $0.isLocked, $0.labels?.string, $0.attributes.map(\.string))
      }
    }
  }

  @Test func headersOfEveryVersion() throws {
    let plain = try #require(header("goroutine 20 [chan send]:"))
    #expect(plain.id == 20 && plain.state == "chan send" && plain.wait == -1 && !plain.locked)

    let waited = try #require(header("goroutine 7 [chan receive, 5 minutes, locked to thread]:"))
    #expect(waited.state == "chan receive" && waited.wait == 5 && waited.locked)

    let system = try #require(header("goroutine 1 gp=0xc000002380 m=0 mp=0x5a4fa0 [running]:"))
    #expect(system.id == 1 && system.state == "running")
    let noM = try #require(header("goroutine 2 gp=0x36fb9fa0e780 m=nil [force gc (idle)]:"))
    #expect(noM.state == "force gc (idle)")

    let synctest = try #require(header("goroutine 9 [chan send (durable), synctest bubble 1]:"))
    #expect(synctest.state == "chan send (durable)" && synctest.attributes == ["synctest bubble 1"])

    let scanning = try #require(header("goroutine 3 [select (scan)]:"))
    #expect(scanning.state == "select")

    #expect(header("goroutine 4 [GC worker (idle)]:")?.state == "GC worker (idle)")
    #expect(header("goroutine 5 [chan send (leaked)]:")?.state == "chan send")
    #expect(header("goroutine 6 [sync.WaitGroup.Wait, 2 minutes]:")?.wait == 2)
  }

  @Test func headerLabels() throws {
    let after = try #require(header(#"goroutine 19 [select (no cases)] {q: "a\"b]c", tenant: acme}:"#))
    #expect(after.state == "select (no cases)")
    #expect(after.labels == #"{q: "a\"b]c", tenant: acme}"#)
    let inside = try #require(header(#"goroutine 8 [running labels:{"foobar": "baz"}]:"#))
    #expect(inside.state == "running" && inside.labels == #"{"foobar": "baz"}"#)
  }

  @Test func notHeaders() {
    #expect(header("goroutine profile: total 1503") == nil)
    #expect(header("goroutine 7 [chan send]") == nil)
    #expect(header("goroutine running on other thread; stack unavailable") == nil)
    #expect(header("goroutine x [running]:") == nil)
    #expect(header("goroutine 1 []:") == nil)
  }

  private func call(_ text: String) -> (String, String)? {
    withLine(text) { line in GoLineShapes.call(line).map { ($0.function.string, $0.arguments.string) } }
  }

  @Test func callLines() {
    #expect(call("main.main()")! == ("main.main", ""))
    #expect(
      call("main.(*Store).validate(0x0?, {{0x6b41f2, 0x6}, {0xc000026c50, 0x1, 0x1}, 0xc00c000000000000})")!
        == ("main.(*Store).validate", "0x0?, {{0x6b41f2, 0x6}, {0xc000026c50, 0x1, 0x1}, 0xc00c000000000000}")
    )
    #expect(call("main.recvOne(...)")! == ("main.recvOne", "..."))
    #expect(call("main.waitGeneric[...](0xc000012345)")?.0 == "main.waitGeneric[...]")
    #expect(
      call("example.com/logdemo/daemon/server.(*Server).logsContainer(0xc000010000, {0x7f, 0xc0})")?.0
        == "example.com/logdemo/daemon/server.(*Server).logsContainer")
    #expect(call("main.(*Pool).worker-fm(0x0?)")?.0 == "main.(*Pool).worker-fm")
    #expect(call("panic({0x668e40, 0x733c20})")?.0 == "panic")
    #expect(call("runtime.goexit({})")?.0 == "runtime.goexit")
    #expect(
      call("main.manyArgs(0x0?, 0x0?, 0x0?, 0x0?, 0x0?, 0x0?, 0x0?, 0x0?, 0x0?, 0xa, ...)")?.0
        == "main.manyArgs")
    #expect(call("Starting server (pid 42)") == nil)
    #expect(call("(*T).M()") == nil)
  }

  private func location(_ text: String) -> (String, Int)? {
    withLine(text) { line in GoLineShapes.location(line).map { ($0.file.string, $0.line) } }
  }

  /// The last `(` is found a word at a time; a byte at a time from the end is the reference.
  @Test func argumentListsOpenAtTheLastParenthesis() {
    var draw = SeededDraw(state: 0x28_29)
    let alphabet = Array("a.(*T)f 0x1,{}".utf8)
    for _ in 0..<20_000 {
      let bytes = (0..<draw.next(40)).map { _ in alphabet[draw.next(alphabet.count)] } + [UInt8(ascii: ")")]
      var expected: Int?
      for index in stride(from: bytes.count - 2, through: 0, by: -1) {
        if bytes[index] == UInt8(ascii: ")") { break }
        if bytes[index] == UInt8(ascii: "(") {
          expected = index
          break
        }
      }
      let found = bytes.withUnsafeBytes { GoLineShapes.lastOpeningParenthesis(ByteSlice($0)) }
      #expect(found == expected, "\(String(decoding: bytes, as: UTF8.self))")
      if found != expected { return }
    }
  }

  @Test func locationLines() {
    #expect(
      location("/usr/lib/go-1.19/src/runtime/proc.go:363 +0xd6")! == (
        "/usr/lib/go-1.19/src/runtime/proc.go", 363
      ))
    #expect(location("/home/dev/main.go:138")! == ("/home/dev/main.go", 138))
    #expect(location("asm_amd64.s:1594 +0x1 fp=0xc000 sp=0xc0 pc=0x46")! == ("asm_amd64.s", 1594))
    #expect(location("D:/go/src/x.go:12 +0x1d")! == ("D:/go/src/x.go", 12))
    #expect(
      location("example.com/leakdemo/cmd/mixed/main.go:55 +0xd3")! == (
        "example.com/leakdemo/cmd/mixed/main.go", 55
      ))
    #expect(location("/Users/me/My Project/main.go:9 +0x25")! == ("/Users/me/My Project/main.go", 9))
    #expect(location("main.main()") == nil)
    #expect(location("FAIL\texample.com/x\t2.006s") == nil)
  }

  @Test func markers() {
    withLine("created by main.main in goroutine 1") { line in
      let created = GoLineShapes.createdBy(line)
      #expect(created?.function.string == "main.main" && created?.creatorID == 1)
    }
    withLine("created by net/http.(*Server).Serve") { line in
      #expect(GoLineShapes.createdBy(line)?.function.string == "net/http.(*Server).Serve")
    }
    withLine("...additional frames elided...") { #expect(GoLineShapes.elision($0) == .some(nil)) }
    withLine("...26 frames elided...") { #expect(GoLineShapes.elision($0) == .some(26)) }
    withLine("[originating from goroutine 66]:") { #expect(GoLineShapes.ancestor($0) == 66) }
    withLine("[Goroutine 7 in state chan receive, with main.leak on top of the stack:") { line in
      let entry = GoLineShapes.goleakEntry(line)
      #expect(entry?.id == 7 && entry?.state.string == "chan receive")
    }
  }
}

/// Go escapes dots in an import path's last element (`gopkg.in/yaml%2ev2`); names are decoded
/// wherever they are read, so patterns and groups match across formats and versions.
@Suite struct EscapedImportPathTests {
  @Test func escapesAreDecoded() {
    #expect(GoSymbol.unescaping("gopkg.in/yaml%2ev2.handleErr") == "gopkg.in/yaml.v2.handleErr")
    #expect(GoSymbol.unescaping("example.com/a%2Eb.(*T).M") == "example.com/a.b.(*T).M")
    #expect(GoSymbol.unescaping("main.f") == "main.f")
    #expect(GoSymbol.unescaping("main.f%2") == "main.f%2")
  }

  @Test func escapedAndPlainNamesGroupTogether() throws {
    let text = try Samples.text("go/logsfollow/leaky-after.txt")
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    func renamed(_ name: String) -> String {
      lines.map { line in
        // Function lines only: paths keep their dots.
        line.hasPrefix("example.com/logdemo/daemon/server.")
          ? "example.com/logdemo/daemon/" + name + line.dropFirst("example.com/logdemo/daemon/server".count)
          : String(line)
      }.joined(separator: "\n")
    }
    let escaped = try #require(try Samples.parse(renamed("ser%2ever"), name: "escaped.txt").first)
    let plain = try #require(try Samples.parse(renamed("ser.ver"), name: "plain.txt").first)
    #expect(escaped.groups == plain.groups)
    #expect(escaped.groups.first?.count == 15)
    #expect(
      escaped.groups.first?.site?.function == "example.com/logdemo/daemon/ser.ver.(*Server).logsContainer")
    let report = Checker.check(
      escaped, baseline: nil, assertions: [.absent(try FramePattern("daemon/ser.ver.(*Server)"))],
      ignoring: IgnoreRules())
    #expect(report.results.first?.matches == 15)
  }
}
