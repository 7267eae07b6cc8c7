import Foundation
import Testing

@testable import StackDiffCore

/// Two inputs that each parse on one core are read at once; each gives what reading it alone
/// gives.
@Suite struct ConcurrentReadingTests {
  @Test func onlySmallRegularFilesReadOnOneCore() throws {
    #expect(DumpReader.readsOnOneCore(path: Samples.path("go/services/hub/after.txt")))
    #expect(!DumpReader.readsOnOneCore(path: "-"))
    #expect(!DumpReader.readsOnOneCore(path: "http://127.0.0.1:6060/debug/pprof/goroutine?debug=2"))
    #expect(!DumpReader.readsOnOneCore(path: Samples.path("go/services")))
    #expect(!DumpReader.readsOnOneCore(path: Samples.path("go/no-such-dump.txt")))
    // A file as large as the two-halves reader takes is read on two cores already.
    let large = FileManager.default.temporaryDirectory.appendingPathComponent(
      "stackdiff-large-\(getpid()).txt")
    #expect(FileManager.default.createFile(atPath: large.path, contents: nil))
    defer { try? FileManager.default.removeItem(at: large) }
    let handle = try FileHandle(forWritingTo: large)
    try handle.truncate(atOffset: UInt64(ParallelTextReader.minimumSize))
    try handle.close()
    #expect(!DumpReader.readsOnOneCore(path: large.path))
    let shrinking = try FileHandle(forWritingTo: large)
    try shrinking.truncate(atOffset: UInt64(ParallelTextReader.minimumSize - 1))
    try shrinking.close()
    #expect(DumpReader.readsOnOneCore(path: large.path))
    // A compressed one is inflated on a thread of its own.
    #expect(!DumpReader.readsOnOneCore(path: Samples.path("gzip/go/services/hub/after.txt.gz")))
  }

  @Test func eachInputReadsAsAlone() throws {
    let paths = [
      Samples.path("go/services/hub/before.txt"), Samples.path("swift/lldb/hubthreads.bt-all.after.txt"),
    ]
    var unsorted = DumpReader.Options()
    unsorted.sortsGroups = false
    let read = DumpReader.readConcurrently(
      paths[0], options: unsorted, paths[1], options: DumpReader.Options())
    let first = try read.first.get()
    let second = try read.second.get()
    #expect(first.map(\.groups) == (try DumpReader.read(path: paths[0], options: unsorted)).map(\.groups))
    #expect(second.map(\.groups) == (try DumpReader.read(path: paths[1])).map(\.groups))
    #expect(
      first.first?.total == 9 && second.first?.total == 42 && second.first?.format.name == "lldb-threads")
    let failed = DumpReader.readConcurrently(
      Samples.path("go/no-such-dump.txt"), options: unsorted, paths[1], options: DumpReader.Options())
    #expect(throws: InputError.self) { try failed.first.get() }
    #expect(try failed.second.get().map(\.groups) == second.map(\.groups))
  }
}
