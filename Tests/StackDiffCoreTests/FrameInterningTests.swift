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

  /// Bytes that are not UTF-8 in any one field of a frame (its arguments when grouping
  /// exactly, its file, its image) make it compare unequal to the `Frame` made from it, so its
  /// bytes are kept and it is found again; frames whose bytes are all ASCII skip that check.
  @Test(arguments: ["arguments", "file", "image", "none"])
  func bytesThatAreNotUTF8InAnyFieldStayOneFrame(field: String) {
    let cut: [UInt8] = [0x61, 0xF0, 0x90, 0x80, 0x62]
    let interner = FrameInterner(dialect: SwiftDialect())
    let ids = (0..<4).map { _ in
      let key = FrameKey()
      let function = Array("work()".utf8)
      let arguments = field == "arguments" ? cut : Array("x: 1".utf8)
      let file = field == "file" ? cut : Array("/src/work.swift".utf8)
      let image = field == "image" ? cut : Array("app".utf8)
      function.withUnsafeBytes { function in
        arguments.withUnsafeBytes { key.begin(function: ByteSlice(function), arguments: ByteSlice($0)) }
      }
      file.withUnsafeBytes { key.complete(file: ByteSlice($0), line: 7) }
      image.withUnsafeBytes { key.add(image: ByteSlice($0), flags: []) }
      return interner.intern(key)
    }
    #expect(ids == [0, 0, 0, 0])
    #expect(interner.count == 1)
    #expect(interner.frames.first?.isASCII == (field == "none"))
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

  /// `Frame.isASCII` is what order shortcuts read instead of scanning a frame's strings: it
  /// must follow every string of the frame's identity, however the frame was made or changed.
  @Test func theASCIIFactFollowsTheStrings() throws {
    let interner = FrameInterner(dialect: SwiftDialect())
    let plain = intern(interner, function: "run()", file: "/x.swift", image: "app")
    let accented = intern(interner, function: "run()", file: "/caf\u{E9}.swift", image: nil)
    let image = intern(interner, function: "run()", file: "/x.swift", image: "\u{E9}")
    #expect(interner.frames.map(\.isASCII) == [true, false, false])
    #expect([plain, accented, image] == [0, 1, 2])
    var frame = Frame(function: "main.f", file: "/a.go", line: 1)
    #expect(frame.isASCII)
    frame.function = "main.f\u{E9}"
    #expect(!frame.isASCII)
    frame.function = "main.f"
    frame.arguments = "\u{E9}"
    #expect(!frame.isASCII)
    frame.arguments = nil
    frame.image = "lib"
    #expect(frame.isASCII)
    frame.file = "/\u{E9}.go"
    #expect(!frame.isASCII)
    // Bytes that are not UTF-8 become U+FFFD: not ASCII either.
    let name = Array("example.com/app.work".utf8) + [0xF0, 0x90, 0x80]
    let snapshot = try #require(try Samples.parse(bytes: dump(name: name, line: "40")).first)
    #expect(snapshot.groups.first?.frames.first?.isASCII == false)
    #expect(snapshot.groups.first?.createdBy?.isASCII == true)
  }

  @Test func lineNumbersBeyondFrameRangeAreClampedAlike() throws {
    let snapshot = try #require(
      try Samples.parse(bytes: dump(name: Array("example.com/app.worker".utf8), line: "99999999999")).first)
    #expect(snapshot.groups.map(\.count) == [3])
    #expect(snapshot.groups.first?.frames.first?.line == Int(Int32.max))
  }

  /// A key's bytes and its frame's fields must agree, or a frame's identity would depend on
  /// whether it was seen twice before (its bytes are stored from then on).
  private func intern(
    _ interner: FrameInterner, function: String, file: String, image: String?, flags: FrameFlags = []
  ) -> Int32 {
    let key = FrameKey()
    var function = function
    var file = file
    function.withUTF8 { name in
      file.withUTF8 { path in
        key.begin(function: ByteSlice(UnsafeRawBufferPointer(name)), arguments: nil)
        key.complete(file: ByteSlice(UnsafeRawBufferPointer(path)), line: 3)
      }
    }
    if var image {
      image.withUTF8 { key.add(image: ByteSlice(UnsafeRawBufferPointer($0)), flags: flags) }
    } else {
      key.add(image: nil, flags: flags)
    }
    return interner.intern(key)
  }

  @Test func anEmptyImageIsNoImageWhicheverComesFirst() {
    let interner = FrameInterner(dialect: SwiftDialect())
    let ids = ["", nil, "", nil, nil, ""].map {
      intern(interner, function: "foo()", file: "/x.swift", image: $0)
    }
    #expect(Set(ids).count == 1)
    #expect(interner.frames.first?.image == nil)
  }

  @Test func fieldsThatShareBytesStayApartWhicheverComesFirst() {
    // `main.a\0b` in `/c` and `main.a` in `b\0/c` once had the same key bytes.
    let interner = FrameInterner(dialect: GoDialect())
    let pairs = [("main.a\u{0}b", "/c"), ("main.a", "b\u{0}/c")]
    let ids = (0..<6).map { pairs[$0 % 2] }.map { intern(interner, function: $0.0, file: $0.1, image: nil) }
    #expect(ids == [0, 1, 0, 1, 0, 1])
  }

  @Test func flagsAndImagesTellFramesApart() {
    let interner = FrameInterner(dialect: SwiftDialect())
    let plain = intern(interner, function: "foo()", file: "/x.swift", image: "App")
    let other = intern(interner, function: "foo()", file: "/x.swift", image: "Lib")
    let inlined = intern(interner, function: "foo()", file: "/x.swift", image: "App", flags: .inlined)
    #expect(Set([plain, other, inlined]).count == 3)
    #expect(intern(interner, function: "foo()", file: "/x.swift", image: "Lib") == other)
    #expect(intern(interner, function: "foo()", file: "/x.swift", image: "App", flags: .inlined) == inlined)
  }
}
