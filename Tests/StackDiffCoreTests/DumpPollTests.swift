import Foundation
import Testing

@testable import StackDiffCore

/// `watch --save-dir`: a poll keeps the bytes it read, compressed, under a name `trend` reads.
@Suite struct DumpPollTests {
  static func temporaryDirectory() throws -> String {
    let path = NSTemporaryDirectory() + "stackdiff-poll-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  static func inflate(_ path: String) throws -> [UInt8] {
    let source = try InflatingSource(
      name: path, container: .gzip, source: try FileDescriptorSource.open(path: path), limit: 1 << 30)
    var all: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
      let n = try chunk.withUnsafeMutableBytes { try source.read(into: $0) }
      if n == 0 { return all }
      all += chunk[0..<n]
    }
  }

  @Test func textIsSavedGzippedAndReadsAlike() throws {
    let directory = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let input = Samples.path("go/sumserver/sumserver-0500.txt")
    let snapshots = try DumpPoll.read(path: input, options: .init(), saving: (directory, "poll-0001"))
    let saved = directory + "/poll-0001.txt.gz"
    #expect(snapshots.map(\.source) == [saved])
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["poll-0001.txt.gz"])
    #expect(try Self.inflate(saved) == Samples.bytes("go/sumserver/sumserver-0500.txt"))
    let again = try DumpReader.read(path: saved)
    #expect(again.map(\.groups) == snapshots.map(\.groups))
  }

  /// A gzipped profile is kept as it came: gzip in gzip would be read by nobody.
  @Test func compressedInputIsCopied() throws {
    let directory = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let relative = "go/sumserver/sumserver-0500.debug0.pb.gz"
    let snapshots = try DumpPoll.read(
      path: Samples.path(relative), options: .init(), saving: (directory, "p"))
    let saved = directory + "/p.pb.gz"
    #expect(snapshots.first?.source == saved)
    #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: saved))) == (try Samples.bytes(relative)))
    #expect(snapshots.first?.total == 503)
  }

  /// Input that holds no dump fails the poll and leaves no file, finished or not.
  @Test(arguments: ["malformed/empty.txt", "malformed/no-dump.txt", "malformed/binary-4k.bin"])
  func unreadableInputLeavesNothing(relative: String) throws {
    let directory = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    #expect(throws: InputError.self) {
      try DumpPoll.read(path: Samples.path(relative), options: .init(), saving: (directory, "p"))
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
  }

  @Test func aDirectoryThatIsGoneFailsThePoll() throws {
    let directory = NSTemporaryDirectory() + "stackdiff-poll-missing-\(UUID().uuidString)"
    let error = try #require(
      throws: InputError.self,
      performing: {
        try DumpPoll.read(
          path: Samples.path("go/sumserver/sumserver-0050.txt"), options: .init(), saving: (directory, "p"))
      })
    #expect(error.reason == "cannot save: no such file")
  }
}
