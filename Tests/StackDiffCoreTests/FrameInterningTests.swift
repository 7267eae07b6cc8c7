import Testing

@testable import StackDiffCore

/// The interner compares a frame seen once with the `Frame` it made, not with a stored copy of
/// its bytes: what that `Frame` cannot hold exactly must still make one frame.
@Suite struct FrameInterningTests {
  /// Three goroutines of one stack (`runtime.gopark`, hidden, then `name` at `line`).
  private func dump(name: [UInt8], line: String, ids: ClosedRange<Int> = 1...3) -> [UInt8] {
    var bytes: [UInt8] = []
    for id in ids {
      bytes += Array(
        "goroutine \(id) [chan send]:\nruntime.gopark(0x1)\n\t/go/src/runtime/proc.go:398 +0xce\n".utf8)
      bytes += name + Array("(0x\(id))\n\t/src/app/worker.go:\(line) +0x2a\n".utf8)
      bytes += Array("created by main.main in goroutine 1\n\t/src/app/main.go:12 +0x1f\n\n".utf8)
    }
    return bytes
  }

  @Test func namesThatAreNotUTF8StayOneFrame() throws {
    // `F0 90 80` is a cut four-byte sequence: decoded, it becomes one U+FFFD of three bytes, so
    // the name keeps its length and only a byte comparison tells it from what was printed.
    let name = Array("example.com/app.work".utf8) + [0xF0, 0x90, 0x80] + Array("er".utf8)
    let snapshot = try #require(try Samples.parse(bytes: dump(name: name, line: "40")).first)
    #expect(snapshot.total == 3)
    #expect(snapshot.groups.map(\.count) == [3])
    #expect(snapshot.groups.first?.frames.first?.function == "example.com/app.work\u{FFFD}er")
  }

  @Test func anotherNameThatDecodesAlikeIsAnotherFrame() throws {
    // `E2 82` decodes to the same single U+FFFD: the dump printed different bytes, so as before
    // the interner keeps two frames (and two groups that print alike).
    let first = Array("example.com/app.work".utf8) + [0xF0, 0x90, 0x80] + Array("er".utf8)
    let second = Array("example.com/app.work".utf8) + [0xE2, 0x82] + Array("er".utf8)
    let bytes = dump(name: first, line: "40") + dump(name: second, line: "40", ids: 4...6)
    let snapshot = try #require(try Samples.parse(bytes: bytes).first)
    #expect(snapshot.total == 6)
    #expect(snapshot.groups.map(\.count) == [3, 3])
  }

  @Test func lineNumbersBeyondFrameRangeAreClampedAlike() throws {
    let snapshot = try #require(
      try Samples.parse(bytes: dump(name: Array("example.com/app.worker".utf8), line: "99999999999")).first)
    #expect(snapshot.groups.map(\.count) == [3])
    #expect(snapshot.groups.first?.frames.first?.line == Int(Int32.max))
  }
}
