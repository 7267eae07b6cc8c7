import Foundation
import Testing

@testable import StackDiffCore

/// gzip and zlib inputs through the system zlib, detected by magic bytes, never by name.
@Suite struct CompressedInputTests {
  /// Every text sample under go/, and its gzip copy under gzip/.
  static let textSamples: [String] = {
    let root = Samples.root
    let enumerator = FileManager.default.enumerator(atPath: root + "/go")
    var paths: [String] = []
    while let next = enumerator?.nextObject() as? String {
      if next.hasSuffix(".txt") { paths.append("go/" + next) }
    }
    return paths.sorted()
  }()

  @Test func everySampleHasAGzipCopy() {
    #expect(Self.textSamples.count > 100)
    for path in Self.textSamples {
      #expect(FileManager.default.fileExists(atPath: Samples.path("gzip/\(path).gz")), "\(path)")
    }
  }

  @Test(arguments: textSamples)
  func gzipCopyReadsTheSame(path: String) throws {
    let plain: [Snapshot]
    do {
      plain = try Samples.parse(bytes: try Samples.bytes(path), name: "sample")
    } catch let error as InputError {
      // Not a dump (a race report, a list of exit codes): the copy must fail the same way.
      #expect(throws: error) {
        try Samples.parse(bytes: try Samples.bytes("gzip/\(path).gz"), name: "sample")
      }
      return
    }
    let compressed = try Samples.parse(bytes: try Samples.bytes("gzip/\(path).gz"), name: "sample")
    #expect(compressed == plain)
  }

  @Test func zlibStreamsAndConcatenatedMembers() throws {
    let plain = try Samples.parse(bytes: try Samples.bytes("go/logsfollow/leaky-after.txt"), name: "x")
    #expect(try Samples.parse(bytes: try Samples.bytes("compressed/leaky-after.zlib"), name: "x") == plain)
    #expect(
      try Samples.parse(bytes: try Samples.bytes("compressed/leaky-after.multi.gz"), name: "x") == plain)
  }

  @Test func damagedStreamsAreErrors() throws {
    // Cut inside the third goroutine: the first two and the cut one are kept, the cut reported.
    let cut = try #require(
      try Samples.parse(bytes: try Samples.bytes("compressed/leaky-after.truncated.gz"), name: "x").first)
    #expect(cut.total == 3)
    #expect(cut.diagnostics.endedEarly == "corrupt gzip data (unexpected end of data) after 830 bytes")
    #expect(throws: InputError(source: "x", reason: "binary data, not a stack dump")) {
      try Samples.parse(bytes: try Samples.bytes("compressed/garbage.gz"), name: "x")
    }
    #expect(throws: InputError(source: "x", reason: "empty input (an empty gzip stream)")) {
      try Samples.parse(bytes: try Samples.bytes("compressed/empty.gz"), name: "x")
    }
    // A flipped byte in the middle of the deflate data.
    var flipped = try Samples.bytes("gzip/go/logsfollow/leaky-after.txt.gz")
    flipped[flipped.count / 2] ^= 0xFF
    #expect {
      try Samples.parse(bytes: flipped, name: "x")
    } throws: { error in
      let reason = (error as? InputError)?.reason ?? ""
      return reason.hasPrefix("corrupt gzip data (") && reason.contains(") after ")
    }
    // Trailing bytes that are not another member: the dump before them is kept, the junk
    // reported with its offset.
    var trailing = try Samples.bytes("gzip/go/logsfollow/leaky-after.txt.gz")
    trailing += Array("not gzip".utf8)
    let kept = try #require(try Samples.parse(bytes: trailing, name: "x").first)
    #expect(kept.total == 18)
    #expect(
      kept.diagnostics.endedEarly
        == "corrupt gzip data (trailing data after the compressed stream) after \(trailing.count - 8) bytes")
  }

  /// Blank or unreadable data at a compression ratio no dump has is refused early, with no
  /// limit given; a real dump past the same size still reads.
  @Test func decompressionBombsAreRecognised() throws {
    let bomb = try Samples.bytes("compressed/newlines-100m.gz")
    var options = DumpReader.Options()
    options.bombThreshold = 1 << 20
    #expect(throws: InputError.self) { try Samples.parse(bytes: bomb, name: "x", options) }
    do {
      _ = try Samples.parse(bytes: bomb, name: "x", options)
    } catch let error as InputError {
      #expect(error.reason.hasPrefix("no dump in the first "))
      #expect(error.reason.contains(" MiB inflated from "))
      #expect(error.reason.hasSuffix("a decompression bomb? Stopped"))
    }
    // 2 MiB of a real dump, repeated (about 100:1 compressed): read in full.
    let text = try Samples.text("go/prodcons/prodcons-after.txt")
    let repeated = String(repeating: text + "\n", count: (2 << 20) / text.utf8.count + 1)
    let gzip = try #require(Gzip.compress(Array(repeated.utf8)))
    #expect(try Samples.parse(bytes: gzip, name: "x", options).count > 1)
  }

  @Test func decompressionBombsStopAtTheLimit() throws {
    let bomb = try Samples.bytes("compressed/newlines-100m.gz")
    #expect(throws: InputError(source: "x", reason: "decompressed data exceeds 10 MiB (--max-input-bytes)")) {
      try Samples.parse(bytes: bomb, name: "x", .init(maximumInputBytes: 10 << 20))
    }
    #expect(throws: InputError(source: "x", reason: "decompressed data exceeds 64 KiB (--max-input-bytes)")) {
      try Samples.parse(bytes: bomb, name: "x", .init(maximumInputBytes: 64 << 10))
    }
  }

  @Test func detectionIsByContentNotName() throws {
    let gz = try Samples.bytes("gzip/go/prodcons/prodcons-after.txt.gz")
    let snapshot = try #require(try Samples.parse(bytes: gz, name: "dump.txt").first)
    #expect(snapshot.total == 22)
  }
}
