import Foundation
import Testing

@testable import StackDiffCore

/// Native crash traces (SampleDumps/swift/native): systemd-coredump reports, LLVM stack dumps,
/// swift-server/swift-backtrace and the Swift runtime's `Current stack trace:`. Real captures
/// unless the file name says `transcribed` (SOURCES.md).
@Suite struct NativeTraceTests {
  static let folder = "swift/native/"

  struct Shape: Equatable, CustomStringConvertible {
    var count: Int
    var state: String?
    var crashed: Int
    var functions: [String]
    var description: String {
      "\(count) \(state ?? "-") crashed:\(crashed) \(functions.joined(separator: " ← "))"
    }

    init(_ group: Group) {
      count = group.count
      state = group.state
      crashed = group.crashedCount
      functions = group.frames.map(\.function)
    }

    init(_ count: Int, _ state: String?, crashed: Int = 0, _ functions: [String]) {
      self.count = count
      self.state = state
      self.crashed = crashed
      self.functions = functions
    }
  }

  static let workers = Shape(
    4, "futex wait",
    [
      "futex_abstimed_wait_common64", "pthread_cond_wait_common", "Worker.waitForJob()",
      "closure #1 in closure #1 in startWorkers(_:)", "libwaiter.so+0x1105", "waiter_run",
      "closure #1 in startWorkers(_:)", "Thread.main()", "NSThreadStart(_:)",
    ])
  static let crashed = Shape(
    1, "running", crashed: 1, ["_assertionFailure(_:_:file:line:flags:)", "validate(total:)", "main"])
  static let reader = Shape(
    1, "read", ["read", "closure #1 in startReader()", "Thread.main()", "NSThreadStart(_:)"])

  // MARK: coredump

  /// `coredumpctl info`, with and without a module list, and the journal's text: found without a
  /// flag, the same groups, nothing unknown.
  @Test(arguments: ["coredump.info.txt", "coredump.info-modules.txt", "coredump.journal.txt"])
  func coredumpReportsGroupByCanonicalSymbol(_ file: String) throws {
    let snapshot = try Samples.snapshot(Self.folder + file)
    #expect(snapshot.format.name == "coredump")
    #expect(snapshot.total == 6)
    #expect(try Samples.countLines(Self.folder + file, prefix: "Stack trace of thread ") == 0)
    #expect(try Samples.text(Self.folder + file).components(separatedBy: "Stack trace of thread ").count == 7)
    #expect(snapshot.groups.map(Shape.init) == [Self.workers, Self.crashed, Self.reader])
    // Module lines, the architecture line and header fields are the report's, not unknown.
    #expect(snapshot.diagnostics == Diagnostics())
  }

  @Test func moduleListsAreNotUnknownLines() throws {
    let text = try Samples.text(Self.folder + "coredump.info-modules.txt")
    #expect(text.contains("Module /tmp/cap-12b/cd/libwaiter.so from deb libwaiter-1.0-1.amd64"))
    // The other module lines systemd prints, and a metadata block, inside the same report.
    let extra = text.replacingOccurrences(
      of: "                Module /tmp/cap-12b/cd/libwaiter.so from deb libwaiter-1.0-1.amd64\n",
      with: """
                        Module linux-vdso.so.1 with build-id 60e3f0b1d1b7e4c4d7c25e1d6f0b5cbe2d6e7a01
                        Module libz.so.1 without build-id.
                        Found module libwaiter.so with build-id: 97e216301d6fe34a237f910be671e84f834d7ae2
                        Metadata for module libwaiter.so owned by FDO found: {
                                "type" : "deb",
                                "name" : "libwaiter",
                                "version" : "1.0-1"
                        }

        """)
    #expect(extra != text)
    let snapshot = try #require(try Samples.parse(extra).first)
    #expect(snapshot.total == 6)
    #expect(snapshot.diagnostics == Diagnostics())
  }

  /// The threads wait at two calls of `waitForJob()` (`coreprog + 0x2d70` and `+ 0x2d85`): one
  /// group. Their `n/a` frame has one image offset in every thread: one frame, named by it.
  @Test func offsetsNeverSplitAGroupAndSymbolLessFramesAreImagePlusOffset() throws {
    let file = Self.folder + "coredump.info.txt"
    let text = try Samples.text(file)
    #expect(text.contains("$s8coreprog6WorkerC10waitForJobyyF (coreprog + 0x2d70)"))
    #expect(text.contains("$s8coreprog6WorkerC10waitForJobyyF (coreprog + 0x2d85)"))
    #expect(text.components(separatedBy: "n/a (/tmp/cap-12b/cd/libwaiter.so + 0x1105)").count == 5)
    let snapshot = try Samples.snapshot(file)
    let workers = try #require(snapshot.groups(containing: "Worker.waitForJob()").first)
    #expect(workers.count == 4)
    let symbolLess = try #require(workers.frames.first { $0.function == "libwaiter.so+0x1105" })
    #expect(symbolLess.image == "libwaiter.so")
    #expect(symbolLess.origin == .library)
    #expect(workers.site?.function == "Worker.waitForJob()")
    #expect(workers.site?.image == "coreprog")
    #expect(workers.frames.map(\.origin).prefix(3) == [.runtime, .runtime, .user])
    #expect(workers.frames.last?.origin == .library)

    // Offsets changed in one thread only: still one group.
    let moved = text.replacingOccurrences(of: "(coreprog + 0x2d85)", with: "(coreprog + 0x2dff)")
    let again = try #require(try Samples.parse(moved).first)
    #expect(again.groups.map(Shape.init) == snapshot.groups.map(Shape.init))
    // A different image offset of the symbol-less frame is different code: its own group.
    var lines = text.components(separatedBy: "\n")
    let first = try #require(lines.firstIndex { $0.contains("libwaiter.so + 0x1105") })
    lines[first] = lines[first].replacingOccurrences(of: "+ 0x1105", with: "+ 0x1188")
    let split = try #require(try Samples.parse(lines.joined(separator: "\n")).first)
    #expect(split.groups(containing: "Worker.waitForJob()").map(\.count).sorted() == [1, 3])
  }

  /// The first thread systemd lists crashed: marked, never growth.
  @Test func theFirstThreadListedIsTheCrashedOne() throws {
    let snapshot = try Samples.snapshot(Self.folder + "coredump.info.txt")
    let crashed = try #require(snapshot.groups.first { $0.crashedCount > 0 })
    #expect(crashed.frames.first?.function == "_assertionFailure(_:_:file:line:flags:)")
    #expect(crashed.noise(in: snapshot.format.dialect) == .crashed)
    #expect(snapshot.groups.reduce(0) { $0 + $1.crashedCount } == 1)
    #expect(snapshot.events == ["Signal: 4 (ILL)", "Process 12441 (coreprog) of user 0 dumped core."])
  }

  /// Mangled names are demangled for display and matching; the printed name is kept.
  @Test func mangledNamesAreDemangledAndKept() throws {
    let snapshot = try Samples.snapshot(Self.folder + "coredump.info.txt")
    let crashed = try #require(snapshot.groups.first { $0.crashedCount > 0 })
    let leaf = try #require(crashed.frames.first)
    #expect(leaf.function == "_assertionFailure(_:_:file:line:flags:)")
    #expect(
      leaf.rawName == "$ss17_assertionFailure__4file4line5flagss5NeverOs12StaticStringV_SSAHSus6UInt32VtF")
    #expect(crashed.frames.last?.rawName == nil)  // `main` was printed as it is
    #expect(try FramePattern("_assertionFailure").matches(leaf))
    #expect(try FramePattern("$ss17_assertionFailure").matches(leaf))
    var json = JSONWriter()
    json.frame(leaf)
    #expect(
      json.output.contains(
        #""rawName":"$ss17_assertionFailure__4file4line5flagss5NeverOs12StaticStringV_SSAHSus6UInt32VtF""#))
  }

  @Test func cxxNamesAreDemangledByTheCxxABI() {
    #expect(
      SwiftSymbol.canonicalName("_ZN4llvm3sys15PrintStackTraceERNS_11raw_ostreamEi", image: nil)
        == "llvm::sys::PrintStackTrace(llvm::raw_ostream&, int)")
    #expect(
      SwiftDemangler.demangleCXX("_ZN5swift34runJobInEstablishedExecutorContextEPNS_3JobE")
        == "swift::runJobInEstablishedExecutorContext(swift::Job*)")
    #expect(SwiftDemangler.demangleCXX("not_mangled") == nil)
    #expect(SwiftDemangler.demangle("$s8coreprog6WorkerC10waitForJobyyF") == "Worker.waitForJob()")
  }

  /// An excerpt that starts mid-thread keeps its frames and is reported at its first line.
  @Test func anExcerptStartingMidThreadIsKeptAndReported() throws {
    let text = try Samples.text(Self.folder + "coredump.info.txt")
    let lines = text.components(separatedBy: "\n")
    let start = try #require(lines.firstIndex { $0.contains("#2  0x00005624d08d0d70") })
    let excerpt = "some log line\n" + lines[start...].joined(separator: "\n")
    let snapshot = try #require(try Samples.parse(excerpt).first)
    #expect(snapshot.format.name == "coredump")
    #expect(snapshot.diagnostics.unknownLineCount == 1)
    #expect(snapshot.diagnostics.firstUnknownLine == 2)
    let partial = try #require(snapshot.groups.first { $0.frames.first?.function == "Worker.waitForJob()" })
    #expect(partial.count == 1)
    #expect(partial.crashedCount == 0)
    // The threads after it, under their own headers.
    #expect(snapshot.total == 1 + 3)
  }

  @Test func aDamagedRowCostsOneLine() throws {
    var lines = try Samples.text(Self.folder + "coredump.info.txt").components(separatedBy: "\n")
    let row = try #require(lines.firstIndex { $0.contains("#3  0x00005624d08d053f") })
    lines[row] = "                #3  0x00005624d08d053f garbage without image"
    let snapshot = try #require(try Samples.parse(lines.joined(separator: "\n")).first)
    #expect(snapshot.total == 6)
    #expect(snapshot.diagnostics.unknownLineCount == 1)
    #expect(snapshot.diagnostics.firstUnknownLine == row + 1)
  }

  // MARK: llvm-stack-dump

  /// swift-frontend killed with SIGSEGV: LLVM's report, then the runtime backtracer's.
  @Test func swiftFrontendCrashIsAnLLVMStackDump() throws {
    let all = try Samples.read(Self.folder + "llvm.swift-frontend-sigsegv.txt")
    #expect(all.map(\.format.name) == ["llvm-stack-dump", "swift-backtrace"])
    let llvm = all[0]
    #expect(llvm.total == 1)
    #expect(llvm.diagnostics == Diagnostics())
    #expect(
      llvm.events.first?.hasPrefix("Program arguments: /opt/swift/usr/bin/swift-frontend -frontend") == true)
    let group = try #require(llvm.groups.first)
    #expect(group.crashedCount == 1)
    // The handler's own frames are hidden; the crash is in the compiler, the executable.
    #expect(group.frames.first?.function == "libc.so.6+0x3c050")
    #expect(
      group.site?.function == "swift::SourceManager::findBufferContainingLocInternal(swift::SourceLoc) const")
    #expect(group.site?.image == "swift-frontend")
    #expect(!group.frames.contains { $0.function.hasPrefix("llvm::sys::PrintStackTrace") })
    let kept = try Samples.read(
      Self.folder + "llvm.swift-frontend-sigsegv.txt", .init(keepsHiddenFrames: true))
    #expect(
      kept[0].groups.first?.frames.first?.function == "llvm::sys::PrintStackTrace(llvm::raw_ostream&, int)")
    // `fn file:line:col` rows keep their location.
    let located = try #require(group.frames.first { $0.function.hasPrefix("isBeforeInSource(") })
    #expect(located.file == "SourceLoc.cpp")
    #expect(located.image == nil)
  }

  @Test func llvmDumpWithoutSymbolNames() throws {
    let snapshot = try Samples.snapshot(Self.folder + "llvm.llc-without-symbols.transcribed.txt")
    #expect(snapshot.format.name == "llvm-stack-dump")
    #expect(snapshot.total == 1)
    #expect(snapshot.diagnostics == Diagnostics())
    #expect(snapshot.events.first?.hasPrefix("LLVM ERROR: Possible incorrect use") == true)
    let group = try #require(snapshot.groups.first)
    #expect(group.frames.count == 13)  // 14 rows, PrintStackTrace hidden
    #expect(group.frames.first?.function == "0x0000563b1053dc87")
    #expect(group.frames.first?.image == "llc")
    #expect(group.site?.function == "llvm::SelectionDAG::UnrollVectorOp(llvm::SDNode*, unsigned int)")
  }

  /// The older form: the stack first, `Stack dump:` after it; and glibc's rows.
  @Test func llvmRowsWithoutAReportLineStartOne() throws {
    let text = """
      0  swift           0x00000000034be138 llvm::sys::PrintStackTrace(llvm::raw_ostream&) + 40
      1  swift           0x00000000034bd3e6 llvm::sys::RunSignalHandlers() + 86
      2  libpthread.so.0 0x00007f8a4a3d4390 __restore_rt + 0
      3  swift           0x0000000000d3a2f2 swift::Parser::parseDecl(bool) + 98
      Stack dump:
      0.\tProgram arguments: /usr/bin/swift -frontend -c main.swift
      """
    let snapshot = try #require(try Samples.parse(text).first)
    #expect(snapshot.format.name == "llvm-stack-dump")
    #expect(snapshot.diagnostics == Diagnostics())
    #expect(snapshot.groups.first?.frames.map(\.function) == ["swift::Parser::parseDecl(bool)"])

    let glibc = """
      Stack dump without symbol names (ensure you have llvm-symbolizer in your PATH):
      /usr/bin/swift-frontend(+0x72effe4)[0x57d9d5f42fe4]
      /lib/x86_64-linux-gnu/libc.so.6(gsignal+0x10)[0x7f2a1c8429fc]
      /usr/bin/swift-frontend(+0x72effe4)[0x57d9d5f42fe4]
      """
    let rows = try #require(try Samples.parse(glibc).first)
    #expect(
      rows.groups.first?.frames.map(\.function) == [
        "swift-frontend+0x72effe4", "gsignal", "swift-frontend+0x72effe4",
      ])
  }

  // MARK: swift-backtrace-package

  @Test func swiftBacktracePackageRows() throws {
    let snapshot = try Samples.snapshot(Self.folder + "swift-backtrace-package.issue65.transcribed.txt")
    #expect(snapshot.format.name == "swift-backtrace-package")
    #expect(snapshot.total == 1)
    #expect(snapshot.events == ["Received signal 11"])
    #expect(snapshot.diagnostics == Diagnostics())
    let group = try #require(snapshot.groups.first)
    #expect(group.crashedCount == 1)
    // The package's own frames are a dependency's; the bare addresses are identified by address.
    #expect(group.frames.map(\.origin).prefix(3) == [.library, .library, .library])
    #expect(group.frames.contains { $0.function == "0x7f66da7c741f" && $0.image == nil })
    #expect(group.site?.function == "App.XBotViewController.addLog(Swift.String) -> ()")
    #expect(group.site?.line == 459)
    #expect(group.frames.count == 10)  // the @objc thunk is hidden
  }

  @Test func packageRowsAfterAFatalError() throws {
    let snapshot = try Samples.snapshot(Self.folder + "swift-backtrace-package.fatal-error.transcribed.txt")
    #expect(snapshot.format.name == "swift-backtrace-package")
    #expect(
      snapshot.events == ["App/Crash.swift:33: Fatal error: Intentionally crashing the app with fatalError"])
    let group = try #require(snapshot.groups.first)
    // `function signature specialization <…> of` names the function it specializes.
    #expect(
      group.site?.function
        == "App.CrashCommand.run(using: ConsoleKit.CommandContext, signature: App.CrashCommand.Signature) throws -> ()"
    )
    #expect(group.frames.last?.origin == .library)  // .build/checkouts/console-kit
  }

  /// Swift 6.3 prints the ≤5.8 `Current stack trace:` when the backtracer is off; frames without
  /// a symbol are `image+offset`, the same names the coredump of the same crash gives.
  @Test func currentStackTrace() throws {
    let snapshot = try Samples.snapshot(Self.folder + "current-stack-trace.swift63.txt")
    #expect(snapshot.format.name == "swift-backtrace-package")
    #expect(snapshot.events == ["coreprog/main.swift:62: Precondition failed: negative total -3"])
    #expect(snapshot.diagnostics == Diagnostics())
    let group = try #require(snapshot.groups.first)
    #expect(group.crashedCount == 1)
    #expect(
      group.frames.map(\.function) == [
        "swift_reportError", "_swift_stdlib_reportFatalErrorInFile", "libswiftCore.so+0x16e271",
        "_assertionFailure(_:_:file:line:flags:)", "coreprog+0x2362", "coreprog+0x2aca", "libc.so.6+0x2724a",
        "coreprog+0x1ab1",
      ])
    #expect(group.site?.function == "coreprog+0x2362")
    // The same crash's coredump names `validate(total:)` at that offset.
    #expect(try Samples.text(Self.folder + "coredump.info-modules.txt").contains("(coreprog + 0x2362)"))

    let old = try Samples.snapshot(Self.folder + "current-stack-trace.vapor2151.transcribed.txt")
    #expect(old.groups.first?.frames.count == 11)  // __libc_start_main hidden
    #expect(old.groups.first?.site?.function == "Development+0x2fe4c0")
  }

  /// Mangled `Current stack trace:` rows (older runtimes) and rows without an image.
  @Test func currentStackTraceRowShapes() throws {
    let text = """
      Fatal error: Unexpectedly found nil while unwrapping an Optional value
      Current stack trace:
      0    libswiftCore.so                    0x00007f4290bc2050 $ss17_assertionFailure__4file4line5flagss5NeverOs12StaticStringV_SSAHSus6UInt32VtF + 300
      1    <unknown>                          0x00007fedbbad63c2
      2                                       0x00005556a7b7b8aa <unavailable> + 18602
      """
    let snapshot = try #require(try Samples.parse(text).first)
    #expect(snapshot.diagnostics == Diagnostics())
    let frames = try #require(snapshot.groups.first?.frames)
    #expect(
      frames.map(\.function) == [
        "_assertionFailure(_:_:file:line:flags:)", "0x00007fedbbad63c2", "0x00005556a7b7b8aa",
      ])
    #expect(frames.first?.rawName?.hasPrefix("$ss17_assertionFailure") == true)
  }

  @Test func aPackageExcerptWithoutHeaderIsReported() throws {
    let text = """
      server started
      0x55ba62229212, Backtrace.(printBacktrace in _B82A)(signal: Swift.Int32) -> () at /b/.build/checkouts/swift-backtrace/Sources/Backtrace/Backtrace.swift:66
      0x7f145862341f
      0x55f9ab8f1485, App.Server.handle() -> () at /b/Sources/App/Server.swift:12
      """
    let snapshot = try #require(try Samples.parse(text).first)
    #expect(snapshot.format.name == "swift-backtrace-package")
    #expect(snapshot.diagnostics.unknownLineCount == 1)
    #expect(snapshot.diagnostics.firstUnknownLine == 2)
    #expect(snapshot.groups.first?.frames.count == 3)
  }

  @Test func rowShapes() {
    func parse(_ text: String, _ shape: (ByteSlice) -> NativeFrameRow?) -> [String?] {
      var text = text
      return text.withUTF8 { buffer -> [String?] in
        guard let row = shape(ByteSlice(UnsafeRawBufferPointer(buffer))) else { return ["nil"] }
        return [
          row.symbol?.string, row.image?.string, row.imageOffset.map { String($0, radix: 16) },
          row.file?.string,
        ]
      }
    }
    #expect(
      parse("#0  0x00007f0d n/a (/x/libwaiter.so + 0x1105)", NativeRowShapes.coredump) == [
        nil, "/x/libwaiter.so", "1105", nil,
      ])
    #expect(
      parse("#10 0x00007f0d a (b) c (libc.so.6 + 0x85f16)", NativeRowShapes.coredump) == [
        "a (b) c", "libc.so.6", "85f16", nil,
      ])
    #expect(parse("#1 0x0000 f(int) (/bin/x+0x72e5225)", NativeRowShapes.coredump) == ["nil"])
    #expect(
      parse("#3 0x00007f730c45a050 (/lib/libc.so.6+0x3c050)", NativeRowShapes.llvmSymbolized) == [
        nil, "/lib/libc.so.6", "3c050", nil,
      ])
    #expect(
      parse("#5 0x0000564e isBefore(a, b) SourceLoc.cpp:0:0", NativeRowShapes.llvmSymbolized) == [
        "isBefore(a, b)", nil, nil, "SourceLoc.cpp",
      ])
    #expect(parse("#3 0x00007f2a1c842520", NativeRowShapes.llvmSymbolized) == [nil, nil, nil, nil])
    #expect(
      parse("2    libswiftCore.so   0x00007f5b <unavailable> + 4148913", { NativeRowShapes.dladdr($0) }) == [
        nil, "libswiftCore.so", "3f4eb1", nil,
      ])
    #expect(
      parse("0      0x00007fac2bf14545 clock_nanosleep + 101 in libc.so.6", { NativeRowShapes.dladdr($0) })
        == ["nil"])
    #expect(parse("./app[0x401136]", NativeRowShapes.backtraceSymbols) == [nil, "./app", nil, nil])
    #expect(
      parse("0x55f9ab8f1485, f() -> () at /a b/x.swift:459", NativeRowShapes.swiftBacktracePackage) == [
        "f() -> ()", nil, nil, "/a b/x.swift",
      ])
  }
}
