import Foundation
import Testing

@testable import StackDiffCore

/// The Swift runtime backtracer's text reports (SampleDumps/swift/backtracer, captured with
/// Swift 6.3.1; expected groups and counts from CAPTURES.md, counted with its own script).
@Suite struct SwiftBacktraceTests {
  static let folder = "swift/backtracer/"

  /// A group as the captures' notes list it: count, state, names, and visible functions.
  struct Shape: Equatable, CustomStringConvertible {
    var count: Int
    var state: String?
    var names: [String]
    var functions: [String]
    var description: String { "\(count) \(state ?? "-") \(names) \(functions.joined(separator: " ← "))" }

    init(_ group: Group) {
      count = group.count
      state = group.state
      names = group.names.map { $0.count == group.count ? $0.name : "\($0.name) ×\($0.count)" }
      functions = group.frames.map(\.function)
    }

    init(_ count: Int, _ state: String?, _ names: [String], _ functions: [String]) {
      self.count = count
      self.state = state
      self.names = names
      self.functions = functions
    }
  }

  @Test func aThreadDumpGroupsThreadsByTheirCanonicalFrames() throws {
    let snapshot = try Samples.snapshot(Self.folder + "continuations.n10.txt")
    #expect(snapshot.format.name == "swift-backtrace")
    #expect(snapshot.total == 5)
    #expect(try Samples.countLines(Self.folder + "continuations.n10.txt", prefix: "Thread ") == 5)
    #expect(
      snapshot.groups.map(Shape.init) == [
        Shape(2, "futex wait", ["oot.default-qos"], ["futex_abstimed_wait_common"]),
        Shape(1, "sleep", ["continuations"], ["clock_nanosleep", "parkMainThread()", "main"]),
        Shape(
          1, "epoll wait", ["-qos.overcommit"],
          ["epoll_wait", "_dispatch_mgr_invoke", "_dispatch_mgr_thread"]),
        Shape(
          1, "read", ["acceptor"],
          ["read", "closure #1 in startAcceptor()", "Thread.main()", "NSThreadStart(_:)"]),
      ])
    #expect(snapshot.events == ["Program crashed: Terminated at 0x0000000000006abc"])
    #expect(snapshot.diagnostics == Diagnostics())

    // SIGQUIT lands on the main thread: it is marked crashed, and is never growth.
    let main = try #require(snapshot.groups(containing: "parkMainThread()").first)
    #expect(main.crashedCount == 1)
    #expect(main.noise(in: snapshot.format.dialect) == .crashed)
    #expect(main.site?.function == "parkMainThread()")
    #expect(main.site?.file.hasSuffix("generators/swift/continuations/main.swift") == true)
    #expect(main.site?.line == 132)
    #expect(main.elision == .trailing)

    // Frames carry their image; the C library and Foundation are not user code.
    let acceptor = try #require(snapshot.groups(containing: "startAcceptor()").first)
    #expect(
      acceptor.frames.map(\.image) == ["libc.so.6", "continuations", "libFoundation.so", "libFoundation.so"])
    #expect(acceptor.frames.map(\.origin) == [.runtime, .user, .library, .library])
    #expect(acceptor.siteIndex == 1)

    // The idle Dispatch workers: a lone futex frame, flagged, and the runtime's own threads.
    let idle = try #require(snapshot.groups.first)
    #expect(idle.caveat == .callersLost)
    #expect(idle.noise(in: snapshot.format.dialect) == .runtime)
    let manager = try #require(snapshot.groups(containing: "_dispatch_mgr_thread").first)
    #expect(manager.noise(in: snapshot.format.dialect) == .runtime)
    #expect(acceptor.noise(in: snapshot.format.dialect) == nil)
  }

  /// Blocked threads are visible: the pipe readers grow with a site; the semaphore and condition
  /// waiters are cut to one futex frame and told apart only by their names.
  @Test func blockedThreadsGrowWithExactDeltas() throws {
    let before = try Samples.snapshot(Self.folder + "blockedthreads.n4.txt")
    let after = try Samples.snapshot(Self.folder + "blockedthreads.n20.txt")
    #expect(before.total == 16)
    #expect(after.total == 64)
    let diff = Differ.diff(before: before, after: after)
    let growing = diff.changes.filter { $0.delta > 0 && $0.noise == nil }
    #expect(growing.map(\.delta) == [32, 16])
    #expect(growing.map { $0.group.frames.first?.function } == ["futex_abstimed_wait_common", "read"])
    #expect(growing[0].group.caveat == .callersLost)
    #expect(
      growing[0].group.names == [
        NameCount(name: "sem-waiter-#", count: 20), NameCount(name: "cond-waiter-#", count: 20),
        NameCount(name: "oot.default-qos", count: 1),
      ])
    #expect(growing[1].group.site?.function == "closure #1 in startPipeReaders(count:)")
    #expect(diff.suspects.map(\.change.delta) == [32, 16])
    #expect(diff.totalDelta == 48)

    // By name, the futex group splits into its two leaks.
    let options = DumpReader.Options(grouping: .threadName)
    let byName = Differ.diff(
      before: try Samples.snapshot(Self.folder + "blockedthreads.n4.txt", options),
      after: try Samples.snapshot(Self.folder + "blockedthreads.n20.txt", options), mode: .threadName)
    let named = byName.changes.filter { $0.delta > 0 }.map { ($0.group.names.first?.name, $0.delta) }
    #expect(named.map(\.0) == ["cond-waiter-#", "sem-waiter-#", "pipe-reader-#"])
    #expect(named.map(\.1) == [16, 16, 16])
  }

  /// `-static-stdlib` links the runtime, Dispatch and Foundation into the executable: their
  /// frames print the program's image, yet the sites and the runtime's threads stay the same.
  @Test func aStaticStdlibBuildHasTheSameSites() throws {
    let dynamic = try Samples.snapshot(Self.folder + "crash.full.txt")
    let statik = try Samples.snapshot(Self.folder + "crash.static-stdlib.txt")
    #expect(statik.total == dynamic.total)
    #expect(statik.groups.map { $0.site?.function } == dynamic.groups.map { $0.site?.function })
    let crashed = try #require(statik.groups.first { $0.crashedCount > 0 })
    #expect(crashed.site?.function == "OrderValidator.validate(order:)")
    let manager = try #require(
      statik.groups.first { $0.frames.contains { $0.function == "_dispatch_mgr_thread" } })
    #expect(manager.noise(in: statik.format.dialect) == .runtime)
  }

  /// Threads waiting on a Swift 6 `Synchronization.Mutex` wait in glibc's `syscall` (futex):
  /// blocked, so the growing waiters are a suspect at their own function.
  @Test(arguments: [
    "backtracer/mutexwait.n2.txt:backtracer/mutexwait.n8.txt",
    "backtracer-json/mutexwait.n2.json:backtracer-json/mutexwait.n8.json",
  ])
  func mutexWaitersAreBlocked(_ pair: String) throws {
    let files = pair.split(separator: ":").map { "swift/" + $0 }
    let diff = Differ.diff(before: try Samples.snapshot(files[0]), after: try Samples.snapshot(files[1]))
    #expect(diff.before.total == 4)
    #expect(diff.after.total == 10)
    #expect(diff.suspects.count == 1)
    #expect(diff.suspects.first?.change.delta == 6)
    #expect(diff.suspects.first?.change.group.state == "syscall")
    #expect(diff.suspects.first?.change.group.site?.function == "contend(_:)")
  }

  /// Tasks suspended on a continuation, an AsyncStream or a busy actor own no thread: thread
  /// dumps of 10 and 100 such tasks are the same.
  @Test(arguments: ["continuations", "asyncstream", "actorstarve"])
  func invisibleSuspendedTasksAreNoGrowth(_ program: String) throws {
    let before = try Samples.snapshot(Self.folder + program + ".n10.txt")
    let after = try Samples.snapshot(Self.folder + program + ".n100.txt")
    #expect(before.total == after.total)
    let diff = Differ.diff(before: before, after: after)
    #expect(diff.changes.allSatisfy { $0.delta == 0 })
    #expect(diff.suspects.isEmpty)
    #expect(before.groups.map(Shape.init) == after.groups.map(Shape.init))
  }

  /// Every preset and option gives the crashed thread the same canonical stack.
  @Test(arguments: [
    ("crash.full.txt", 8), ("crash.medium.txt", 1), ("crash.friendly.txt", 1), ("crash.color.txt", 8),
    ("crash.friendly-color.txt", 1), ("crash.demangle-no.txt", 8),
  ])
  func everyPresetReadsTheCrashedThread(_ file: String, threads: Int) throws {
    let snapshot = try Samples.snapshot(Self.folder + file)
    #expect(snapshot.total == threads)
    #expect(snapshot.diagnostics == Diagnostics())
    let crashed = try #require(snapshot.groups.first { $0.crashedCount > 0 })
    #expect(crashed.names == [NameCount(name: "order-proc", count: 1)])
    #expect(
      crashed.frames.map(\.function) == [
        "_assertionFailure(_:_:file:line:flags:)", "OrderValidator.validate(order:)", "processOrder(_:)",
        "closure #1 in startOrderThread()", "Thread.main()", "NSThreadStart(_:)",
      ])
    #expect(crashed.site?.line == 46)
    #expect(snapshot.events.first == "crash/main.swift:46: Fatal error: order B-7: negative total -3.0")
    #expect(snapshot.events.last?.hasPrefix("Program crashed: Illegal instruction at 0x") == true)
  }

  /// `demangle=no` prints mangled names; the runtime's demangler makes them the usual ones.
  @Test func mangledNamesGroupAsDemangledOnes() throws {
    let mangled = try Samples.snapshot(Self.folder + "crash.demangle-no.txt")
    let plain = try Samples.snapshot(Self.folder + "crash.full.txt")
    #expect(
      try Samples.text(Self.folder + "crash.demangle-no.txt").contains("$s5crash14OrderValidatorV8validate"))
    #expect(mangled.groups.map(Shape.init) == plain.groups.map(Shape.init))
  }

  /// `symbolicate=off` prints addresses only: threads still group within the dump.
  @Test func unsymbolicatedDumpsGroupByAddress() throws {
    let snapshot = try Samples.snapshot(Self.folder + "crash.symbolicate-off.txt")
    #expect(snapshot.total == 8)
    #expect(snapshot.groups.map(\.count) == [2, 2, 1, 1, 1, 1])
    #expect(snapshot.groups.allSatisfy { $0.site == nil })
    #expect(snapshot.groups.flatMap(\.frames).allSatisfy { $0.function.hasPrefix("0x") })
  }

  @Test func releaseBuildsKeepWhatTheyInlined() throws {
    let snapshot = try Samples.snapshot(Self.folder + "crash.release.txt")
    let crashed = try #require(snapshot.groups.first { $0.crashedCount > 0 })
    // `specialized OrderValidator.validate(order:)`, named for the function it specializes.
    #expect(
      crashed.frames.map(\.function) == [
        "_assertionFailure(_:_:file:line:flags:)", "OrderValidator.validate(order:)", "NSThreadStart(_:)",
      ])
  }

  /// A crash and a later SIGQUIT appended to one log are two dumps; with a logger's prefix on
  /// every line they read the same.
  @Test func aLogOfTwoReportsIsTwoDumps() throws {
    let plain = try Samples.read(Self.folder + "log-two-reports.txt")
    #expect(plain.map(\.total) == [8, 7])
    #expect(try Samples.countLines(Self.folder + "log-two-reports.txt", prefix: "Thread ") == 15)
    #expect(plain.map { $0.groups.reduce(0) { $0 + $1.crashedCount } } == [1, 1])
    #expect(plain[0].events.first == "crash/main.swift:46: Fatal error: order B-7: negative total -3.0")
    #expect(plain[1].events == ["Program crashed: Terminated at 0x0000000000006abc"])
    let prefixed = try Samples.read(Self.folder + "log-prefixed.scripted.txt")
    #expect(prefixed.map { $0.groups.map(Shape.init) } == plain.map { $0.groups.map(Shape.init) })
    #expect(prefixed.map(\.events) == plain.map(\.events))
    #expect(prefixed.allSatisfy { $0.diagnostics == Diagnostics() })
  }

  /// A large report is read in two halves on two cores, with the result of one pass.
  @Test(arguments: [GroupingMode.lines, .threadName])
  func aLargeReportReadInHalvesEqualsOnePass(mode: GroupingMode) throws {
    let text = try Samples.text(Self.folder + "blockedthreads.n20.txt")
    // Each thread section: its header, a blank line, its rows.
    let threads = String(text[..<(try #require(text.firstRange(of: "\n\nRegisters:")).lowerBound)])
    let sections = threads.components(separatedBy: "\nThread ").dropFirst().map {
      $0.trimmingCharacters(in: .newlines)
    }
    let head = String(text[..<(try #require(text.firstRange(of: "\nThread ")).lowerBound)]) + "\n\n"
    var out = head
    var index = 0
    for _ in 0..<30 {
      for section in sections {
        // `12 "sem-waiter-3":` renumbered, its rows kept.
        let rest = section.drop { $0 != " " && $0 != ":" }
        out += "Thread \(index)\(rest)\n\n"
        index += 1
      }
    }
    out += "Backtrace took 0.01s\n"
    let path = FileManager.default.temporaryDirectory.appendingPathComponent(
      "stackdiff-swift-parallel-\(UUID().uuidString).txt"
    ).path
    try out.write(toFile: path, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let options = DumpReader.Options(grouping: mode)
    let parallel = try #require(ParallelTextReader.read(path: path, options: options, minimumSize: 1))
    let sequential = try DumpReader.read(MemorySource(out), name: path, options: options)
    #expect(parallel == sequential)
    #expect(sequential.first?.total == 30 * 64)
  }

  // MARK: Damage

  /// A damaged row costs that line, reported with its number; the thread keeps its other frames.
  @Test func aDamagedRowCostsOneLine() throws {
    var lines = try Samples.text(Self.folder + "blockedthreads.n4.txt").split(
      separator: "\n", omittingEmptySubsequences: false
    ).map(String.init)
    let row = try #require(lines.firstIndex { $0.contains("closure #1 in startPipeReaders") })
    lines[row] = "  1 [ra] 0x00005\u{0}garbage"
    let snapshot = try #require(try Samples.parse(lines.joined(separator: "\n")).first)
    #expect(snapshot.total == 16)
    #expect(snapshot.diagnostics.unknownLineCount == 1)
    #expect(snapshot.diagnostics.firstUnknownLine == row + 1)
    #expect(snapshot.groups(containing: "startPipeReaders(count:)").map(\.count) == [3])
  }

  /// A report cut off mid-thread keeps every thread read so far.
  @Test func aCutReportKeepsItsThreads() throws {
    let text = try Samples.text(Self.folder + "blockedthreads.n20.txt")
    let header = try #require(text.firstRange(of: "Thread 30 "))
    let endOfHeader = try #require(text[header.upperBound...].firstIndex(of: "\n"))
    let cut = String(text[..<endOfHeader]) + "\n\n  0      0x00007f9"
    let snapshot = try #require(try Samples.parse(cut).first)
    #expect(snapshot.total == 31)
    #expect(snapshot.diagnostics == Diagnostics())
  }

  /// `--runtime-frames` keeps the glue and machinery that grouping drops.
  @Test func runtimeFramesKeepsThunksAndPartialApplies() throws {
    let file = Self.folder + "blockedthreads.n4.txt"
    let plain = try Samples.snapshot(file)
    let kept = try Samples.snapshot(file, .init(keepsHiddenFrames: true))
    let blocker = try #require(plain.groups(containing: "ThumbnailService.renderBlocking(id:)").first)
    #expect(
      blocker.frames.map(\.function) == [
        "read", "ThumbnailService.renderBlocking(id:)", "closure #1 in startPoolBlockers()",
      ])
    #expect(blocker.frames.last?.flags == .async)
    let all = try #require(kept.groups(containing: "ThumbnailService.renderBlocking(id:)").first)
    #expect(all.frames.count == 7)
    #expect(all.frames.contains { $0.function == "partial apply for closure #1 in startPoolBlockers()" })
    #expect(all.frames.last?.function == "completeTaskWithClosure(swift::AsyncContext*, swift::SwiftError*)")
    #expect(all.frames.last?.flags == [.async, .system])
  }

  @Test func taskStatesKeepOnlyStatusFlags() {
    #expect(SwiftTaskState.state(flags: "suspended|groupChildTask") == "suspended")
    #expect(SwiftTaskState.state(flags: "running|future|asyncLetTask") == "running")
    #expect(SwiftTaskState.state(flags: "groupChildTask") == nil)
    #expect(SwiftTaskState.isBlocked("suspended"))
    // Waiting for its executor: behind an actor another task holds, a backlog when it grows.
    #expect(SwiftTaskState.isBlocked("suspended|enqueued"))
    #expect(SwiftTaskState.isBlocked("enqueued"))
    #expect(!SwiftTaskState.isBlocked("running"))
    #expect(!SwiftTaskState.isBlocked("suspended|running"))
    #expect(!SwiftTaskState.isBlocked("completed"))
  }

  // MARK: Line shapes

  @Test func rowsAreCutIntoColumns() throws {
    func row(_ text: String) -> SwiftBacktraceRow? {
      var text = text
      return text.withUTF8 { SwiftBacktraceRow.parse(ByteSlice(UnsafeRawBufferPointer($0))) }
    }
    func columns(_ text: String) -> [String?] {
      guard let parsed = row(text) else { return ["nil"] }
      return [parsed.symbol.string, parsed.image?.string, parsed.file?.string, String(parsed.line)]
    }
    #expect(
      columns("1 [ra] 0x0000555f6cde7b1c parkMainThread() + 123 in continuations at /src/main.swift:132:16")
        == [
          "parkMainThread()", "continuations", "/src/main.swift", "132",
        ])
    // Async resume points have no offset; the symbol holds ` in `.
    #expect(
      columns(
        "2 [async]           closure #1 in startPoolBlockers() in blockedthreads at /src/main.swift:161") == [
          "closure #1 in startPoolBlockers()", "blockedthreads", "/src/main.swift", "161",
        ])
    #expect(
      columns("3 [async] [thunk]   partial apply for closure #1 in f() in app at //<compiler-generated>") == [
        "partial apply for closure #1 in f()", "app", "<compiler-generated>", "0",
      ])
    // No ` in <image>`: the symbol keeps its own ` in `, there is no image.
    #expect(
      columns("1 [async] 0x02 closure #1 in Handler.run() at /src/Handler.swift:20") == [
        "closure #1 in Handler.run()", nil, "/src/Handler.swift", "20",
      ])
    // Friendly preset: no attributes, no address; a logger's suffix after the location.
    #expect(
      columns("1 OrderValidator.validate(order:) + 491 in crash at /a b/main.swift:46:13   [worker=3]") == [
        "OrderValidator.validate(order:)", "crash", "/a b/main.swift", "46",
      ])
    #expect(
      columns("0  0x00007fac2becaf16 __futex_abstimed_wait_common + 198 in libc.so.6") == [
        "__futex_abstimed_wait_common", "libc.so.6", nil, "0",
      ])
    #expect(
      columns("0      0x00007223e643980a <unknown> in libc.so.6") == ["<unknown>", "libc.so.6", nil, "0"])
    #expect(row("6      ...")?.isTruncation == true)
    #expect(row("...")?.isTruncation == true)
    #expect(row("  44|     func validate(order: Order) -> Bool {") == nil)
    #expect(row("1 [bogus] 0x1 f") == nil)
    #expect(row("0 0x00007f95efd3d2ec")?.address?.string == "0x00007f95efd3d2ec")
  }

  @Test func canonicalNamesAgreeAcrossTools() {
    let cases: [(String, String?, String)] = [
      ("clock_nanosleep@@GLIBC_2.17", "libc.so.6", "clock_nanosleep"),
      ("__GI___libc_read", "libc.so.6", "read"),
      ("__read", "libc.so.6", "read"),
      ("___pthread_cond_wait", "libc.so.6", "pthread_cond_wait"),
      ("__libc_start_main_impl", "libc.so.6", "libc_start_main_impl"),
      (
        "_assertionFailure(_:_:file:line:flags:)", "libswiftCore.so",
        "_assertionFailure(_:_:file:line:flags:)"
      ),
      ("(1) await resume partial function for handle(id:)", "app", "handle(id:)"),
      ("suspend resume partial function for handle(id:)", "app", "handle(id:)"),
      ("specialized OrderValidator.validate(order:)", "app", "OrderValidator.validate(order:)"),
      ("generic specialization <Swift.Int> of Cache.get(_:)", "app", "Cache.get(_:)"),
      ("$s5crash14OrderValidatorV8validate5orderSbAA0B0V_tF", "crash", "OrderValidator.validate(order:)"),
      (
        "_ZN5swift34runJobInEstablishedExecutorContextEPNS_3JobE", nil,
        "swift::runJobInEstablishedExecutorContext(swift::Job*)"
      ),
    ]
    for (raw, image, expected) in cases {
      #expect(SwiftSymbol.canonicalName(raw, image: image) == expected, "\(raw)")
    }
  }
}
