import Testing

@testable import StackDiffCore

/// swift-inspect `dump-concurrency` task dumps (SampleDumps/swift/swift-inspect, transcribed
/// from DumpConcurrency.swift; expected groups and counts from SOURCES.md there).
@Suite struct SwiftInspectTests {
  typealias Shape = SwiftBacktraceTests.Shape
  static let folder = "swift/swift-inspect/"
  static let wait = "withCheckedContinuation<A>(isolation:function:_:)"
  static let throwingWait = "withCheckedThrowingContinuation<A>(isolation:function:_:)"

  /// Lines of a sample that hold `needle`: an independent count.
  static func count(_ file: String, containing needle: String) throws -> Int {
    try Samples.text(folder + file).split(separator: "\n").filter { $0.contains(needle) }.count
  }

  /// The sample's text with `transform` applied to its lines (numbered from 1).
  static func edited(_ file: String, _ transform: ([Substring]) -> [Substring]) throws -> String {
    let lines = try Samples.text(folder + file).split(separator: "\n", omittingEmptySubsequences: false)
    return transform(Array(lines)).joined(separator: "\n")
  }

  static func sorted(_ shapes: [Shape]) -> [Shape] { shapes.sorted { $0.description < $1.description } }

  // MARK: Detection

  /// No `--input-format`: the reader finds the format, every task once, and no line it did not
  /// understand (ACTORS and THREADS included).
  @Test(arguments: [
    ("server-before.txt", 15), ("server-after.txt", 56), ("continuations.n10.txt", 11),
    ("continuations.n100.txt", 101),
  ])
  func detectedWithoutAFlag(_ file: String, _ tasks: Int) throws {
    let snapshots = try Samples.read(Self.folder + file)
    #expect(snapshots.map(\.format.name) == ["swift-inspect-concurrency"])
    let snapshot = try #require(snapshots.first)
    #expect(snapshot.total == tasks)
    #expect(try Self.count(file, containing: " - flags=") == tasks)
    #expect(snapshot.format.dialect.traceNoun.singular == "task")
    #expect(snapshot.diagnostics == Diagnostics())
  }

  /// Beside a Go dump and an lldb task dump in one log, each keeps its own format: this format
  /// takes none of their lines, and they take none of its.
  @Test func takesNothingFromOtherFormats() throws {
    let go = "go/logsfollow/leaky-before.txt"
    let lldb = "swift/lldb/continuations.tasks.n10.txt"
    let inspect = Self.folder + "continuations.n10.txt"
    let log = try [go, inspect, lldb].map { try Samples.text($0) }.joined(separator: "\n")
    let snapshots = try Samples.parse(log)
    let separately = try [go, inspect, lldb].flatMap { try Samples.read($0) }
    #expect(snapshots.map(\.format.name) == separately.map(\.format.name))
    #expect(snapshots.map(\.total) == separately.map(\.total))
    #expect(snapshots.map { $0.groups.map(Shape.init) } == separately.map { $0.groups.map(Shape.init) })
    #expect(snapshots.map(\.format.name).filter { $0 == "swift-inspect-concurrency" }.count == 1)
    #expect(snapshots.allSatisfy { $0.diagnostics.unknownLineCount == 0 })
  }

  /// `TASKS` alone in prose starts nothing: the line after it must be a task.
  @Test func aHeadingWithoutTasksIsProse() throws {
    let go = try Samples.text("go/logsfollow/leaky-before.txt")
    let snapshots = try Samples.parse(go + "\nTASKS\n- write the release notes\nACTORS\n")
    #expect(snapshots.map(\.format.name) == ["go-text"])
    #expect(snapshots.first?.diagnostics.unknownLineCount == 0)
  }

  // MARK: Groups and states

  @Test func tasksGroupedWithTheirStates() throws {
    let snapshot = try Samples.snapshot(Self.folder + "server-before.txt")
    let run = "closure #1 in Server.run()"
    let expected: [Shape] = [
      Shape(3, "suspended", [], [Self.wait, "Connection.awaitReply()", "Handler.handle(_:)", run]),
      Shape(
        3, "suspended", [],
        [
          Self.wait, "Connection.awaitReply()", "BackendClient.fetchStats(for:)",
          "closure #1 in closure #1 in MetricsReporter.collect()",
        ]),
      Shape(1, "suspended", [], ["Handler.handleBatch(_:)", "Handler.handle(_:)", run]),
      Shape(1, "running", [], ["Handler.render(_:)"]),
      Shape(1, "running", [], ["SessionStore.lookup(_:)"]),
      Shape(1, "suspended|enqueued", [], ["SessionStore.lookup(_:)", "Handler.handle(_:)", run]),
      Shape(
        1, "suspended", [],
        [
          "TaskGroup.next(isolation:)", "closure #1 in MetricsReporter.collect()",
          "withTaskGroup<A, B>(of:returning:isolation:body:)", "MetricsReporter.collect()",
          "MetricsReporter.run()", "closure #1 in static GatewayApp.main()",
        ]),
      Shape(
        1, "suspended", ["metrics-flusher"],
        [
          "static Task<>.sleep(nanoseconds:)", "MetricsFlusher.run()",
          "closure #2 in static GatewayApp.main()",
        ]),
      Shape(
        1, "suspended|cancelled", [],
        [Self.wait, "CacheWarmer.refresh()", "closure #3 in static GatewayApp.main()"]),
      Shape(
        1, "suspended", [],
        [Self.throwingWait, "Database.query(_:)", "implicit closure #1 in Handler.handleBatch(_:)"]),
      Shape(
        1, "suspended", [],
        [
          Self.throwingWait, "ListenSocket.accept()", "Server.run()", "static GatewayApp.main()",
          "static GatewayApp.$main()", "async_Main",
        ]),
    ]
    #expect(Self.sorted(snapshot.groups.map(Shape.init)) == Self.sorted(expected))
    #expect(snapshot.count(inState: "suspended") == 11)
    #expect(snapshot.count(inState: "running") == 2)
    // The runtime's frames are kept apart from the site; the site is the first user frame.
    let leak = try #require(
      snapshot.groups.first { $0.frames.contains { $0.function == "Handler.handle(_:)" } })
    #expect(leak.site?.function == "Connection.awaitReply()")
    #expect(leak.frames.first?.image == "libswift_Concurrency.dylib")
    #expect(leak.frames.first?.origin == .runtime)
  }

  /// The thunks and the runtime function every unstructured task's chain ends in are hidden,
  /// as in the other Swift formats; `--runtime-frames` keeps them.
  @Test func runtimeFramesAreHiddenUnlessAsked() throws {
    let options = DumpReader.Options(keepsHiddenFrames: true)
    let snapshot = try Samples.snapshot(Self.folder + "continuations.n10.txt", options)
    let reply = try #require(snapshot.groups(containing: "Connection.awaitReply()").first)
    #expect(reply.count == 8)
    #expect(
      reply.frames.map(\.function) == [
        Self.wait, "Connection.awaitReply()", "handleRequest(id:)", "closure #1 in spawnRequests(count:)",
        "partial apply for closure #1 in spawnRequests(count:)",
        "thunk for @escaping @isolated(any) @callee_guaranteed @async () -> (@out A)",
        "partial apply for thunk for @escaping @isolated(any) @callee_guaranteed @async () -> (@out A)",
        "completeTaskWithClosure(swift::AsyncContext*, swift::SwiftError*)",
      ])
  }

  /// The continuations pair is the lldb task dumps of the same program, transcribed: the same
  /// groups, counts, states and sites.
  @Test(arguments: ["n10", "n100"]) func mirrorsTheLLDBTaskDump(_ size: String) throws {
    let inspect = try Samples.snapshot(Self.folder + "continuations.\(size).txt")
    let lldb = try Samples.snapshot("swift/lldb/continuations.tasks.\(size).txt")
    func summary(_ snapshot: Snapshot) -> [String] {
      snapshot.groups.map { "\($0.count) \($0.state ?? "-") \($0.site?.function ?? "-")" }
    }
    #expect(summary(inspect) == summary(lldb))
    #expect(inspect.total == lldb.total)
  }

  // MARK: The diff

  @Test func diffNamesTheLeakingHandlers() throws {
    let diff = Differ.diff(
      before: try Samples.snapshot(Self.folder + "server-before.txt"),
      after: try Samples.snapshot(Self.folder + "server-after.txt"))
    #expect(diff.before.total == 15)
    #expect(diff.after.total == 56)
    let grown = diff.changes.filter { $0.delta > 0 }
    #expect(
      grown.map { $0.group.site?.function ?? "" } == ["Connection.awaitReply()", "SessionStore.lookup(_:)"])
    #expect(grown.map(\.delta) == [40, 1])
    #expect(grown.map(\.before) == [3, 1])
    #expect(diff.changes.filter { $0.delta < 0 }.isEmpty)
    // One suspect: the handlers. Queued on an actor is waiting for a turn, not blocked; the
    // group children wait in the same function but did not grow.
    let suspect = try #require(diff.suspects.first)
    #expect(diff.suspects.count == 1)
    #expect(suspect.change.delta == 40)
    #expect(suspect.change.group.frames.map(\.function).contains("Handler.handle(_:)"))
    #expect(
      GroupSummary.describe(suspect, format: diff.after.format, fullPaths: false)
        == "suspect: +40 tasks suspended in Connection.awaitReply()")
  }

  @Test func continuationsPairGrowsAsTheLLDBPairDoes() throws {
    let diff = Differ.diff(
      before: try Samples.snapshot(Self.folder + "continuations.n10.txt"),
      after: try Samples.snapshot(Self.folder + "continuations.n100.txt"))
    #expect(
      diff.suspects.map { $0.change.group.site?.function ?? "" } == [
        "Connection.awaitReply()", "AuthClient.awaitToken()",
      ])
    #expect(diff.suspects.map(\.change.delta) == [72, 18])
  }

  // MARK: Child tasks

  /// A child task is created by where its parent is: group children by the closure that made
  /// the group, an `async let` child by the function awaiting it. Top-level tasks have no creator.
  @Test func childTasksAreCreatedByTheirParentsPlace() throws {
    let snapshot = try Samples.snapshot(Self.folder + "server-before.txt")
    let children = try #require(snapshot.groups(containing: "BackendClient.fetchStats(for:)").first)
    #expect(children.count == 3)
    #expect(children.createdBy?.function == "closure #1 in MetricsReporter.collect()")
    let asyncLet = try #require(snapshot.groups(containing: "Database.query(_:)").first)
    #expect(asyncLet.createdBy?.function == "Handler.handleBatch(_:)")
    let handlers = try #require(snapshot.groups(containing: "Handler.handle(_:)").first)
    #expect(handlers.createdBy == nil)
    #expect(snapshot.groups.filter { $0.createdBy != nil }.map(\.count) == [3, 1])
  }

  /// Children with the same stack under parents at different places are different groups.
  @Test func sameChildStackUnderTwoParentsIsTwoGroups() throws {
    func parent(_ id: Int, _ owner: String, _ children: [Int]) -> String {
      var text = """
              Task \(id) - flags=future enqueuePriority=0x15 maxPriority=0x15 address=0x\(id)000
                async backtrace: closure #1 in \(owner).run() + 0x0 in App
                                 withTaskGroup<A, B>(of:returning:isolation:body:) + 0x0 in libswift_Concurrency.dylib
                                 \(owner).run() + 0x0 in App
                resume function: TaskGroup.next(isolation:) + 0x0 in libswift_Concurrency.dylib
                task allocator: 1024 bytes in 3 chunks
                * \(children.count) child tasks

        """
      for (index, child) in children.enumerated() {
        let last = index == children.count - 1
        let glyph = last ? "`--" : "+--"
        let bar = last ? " " : "|"
        text += """
                  \(glyph)Task \(child) - flags=childTask|future|groupChildTask enqueuePriority=0x15 maxPriority=0x15 address=0x\(child)000
                  \(bar)    parent: 0x\(id)000
                  \(bar)    async backtrace: Connection.awaitReply() + 0x0 in App
                  \(bar)                     fetchAll() + 0x0 in App
                  \(bar)                     partial apply for thunk for @escaping @isolated(any) @callee_guaranteed @async () -> (@out A) + 0x0 in App
                  \(bar)    resume function: \(Self.wait) + 0x0 in libswift_Concurrency.dylib
                  \(bar)    task allocator: 900 bytes in 3 chunks
                  \(bar)

          """
      }
      return text
    }
    let text =
      "TASKS\n\n" + parent(1, "Importer", [3, 4]) + parent(2, "Exporter", [5]) + "\nACTORS\nTHREADS\n"
    let snapshot = try #require(try Samples.parse(text).first)
    #expect(snapshot.total == 5)
    #expect(snapshot.diagnostics == Diagnostics())
    let children = snapshot.groups(containing: "fetchAll()")
    #expect(children.map(\.count) == [2, 1])
    #expect(
      children.map { $0.createdBy?.function } == [
        "closure #1 in Importer.run()", "closure #1 in Exporter.run()",
      ])
    #expect(
      children.allSatisfy {
        $0.frames.map(\.function) == [Self.wait, "Connection.awaitReply()", "fetchAll()"]
      })
  }

  // MARK: ACTORS, THREADS and damage

  /// The actor and thread sections are part of the dump: read past, not counted as unknown, and
  /// without them the tasks are the same.
  @Test func actorsAndThreadsAreReadPast() throws {
    let reference = try Samples.snapshot(Self.folder + "server-after.txt")
    #expect(try Self.count("server-after.txt", containing: "job queue: ") == 1)
    #expect(try Self.count("server-after.txt", containing: " - current task: ") == 2)
    let tasksOnly = try Self.edited("server-after.txt") { lines in
      Array(lines.prefix { $0 != "ACTORS" })
    }
    let withoutSections = try #require(try Samples.parse(tasksOnly).first)
    #expect(withoutSections.groups.map(Shape.init) == reference.groups.map(Shape.init))
    #expect(reference.diagnostics == Diagnostics())
  }

  /// A line that fits nowhere costs one line, reported with its number, never the dump.
  @Test(arguments: [
    (5, "#@! garbage in the middle of a backtrace"),  // between two entries, at the margin
    (18, "task allocator: 9 bytes in 1 chunks"),  // a second allocator line: out of order
    (160, "zzzz"),  // among the actors
  ])
  func damagedLineIsCountedWithItsNumber(_ line: Int, _ damage: String) throws {
    let reference = try Samples.snapshot(Self.folder + "server-before.txt")
    let damaged = try Self.edited("server-before.txt") { lines in
      var lines = lines
      lines.insert(Substring(damage), at: line - 1)
      return lines
    }
    let snapshots = try Samples.parse(damaged)
    #expect(snapshots.count == 1)
    let snapshot = try #require(snapshots.first)
    #expect(snapshot.diagnostics.unknownLineCount == 1)
    #expect(snapshot.diagnostics.firstUnknownLine == line)
    #expect(snapshot.groups.map(Shape.init) == reference.groups.map(Shape.init))
  }

  /// A task line cut short is counted, and its task is kept (without a state): the backtrace
  /// under it is not added to the task before.
  @Test func cutTaskLineKeepsItsTask() throws {
    let damaged = try Self.edited("server-before.txt") { lines in
      lines.map { $0.hasPrefix("      Task 19 - ") ? "      Task 19 - flags=fut" : $0 }
    }
    let number = try #require(
      damaged.split(separator: "\n", omittingEmptySubsequences: false).firstIndex {
        $0.hasSuffix("flags=fut")
      })
    let snapshot = try #require(try Samples.parse(damaged).first)
    #expect(snapshot.total == 15)
    #expect(snapshot.diagnostics.unknownLineCount == 1)
    #expect(snapshot.diagnostics.firstUnknownLine == number + 1)
    let handlers = snapshot.groups(containing: "Handler.handle(_:)").filter {
      $0.frames.contains { $0.function == "Connection.awaitReply()" }
    }
    #expect(handlers.map(\.count) == [2, 1])
    #expect(handlers.map(\.state) == ["suspended", nil])
  }

  /// Text after the dump ends it; the text is not the dump's.
  @Test func proseAfterTheThreadsEndsTheDump() throws {
    let text = try Samples.text(Self.folder + "continuations.n10.txt") + "server stopped\n"
    let snapshot = try #require(try Samples.parse(text).first)
    #expect(snapshot.total == 11)
    #expect(snapshot.diagnostics == Diagnostics())
  }

  // MARK: Earlier layouts and tool messages

  /// Before task names and offsets: backtrace entries without a module, `resume function: f in
  /// module`, a `complete` flag.
  @Test func readsTheLayoutWithoutOffsets() throws {
    let text = """
      TASKS

            Task 1 - flags=future enqueuePriority=0x15 maxPriority=0x15 address=0x600000c04000
              async backtrace: Connection.awaitReply()
                               handleRequest(id:)
                               closure #1 in spawnRequests(count:)
                               completeTaskWithClosure(swift::AsyncContext*, swift::SwiftError*)
              resume function: \(Self.wait) in libswift_Concurrency.dylib
              task allocator: 2192 bytes in 7 chunks

            Task 2 - flags=future|complete enqueuePriority=0x15 maxPriority=0x15 address=0x600000c04400
              resume function: closure #1 in spawnRequests(count:) in continuations
              task allocator: 1024 bytes in 2 chunks

      ACTORS
      THREADS
        no threads with active tasks
      """
    let options = DumpReader.Options(keepTraces: true)
    let snapshot = try #require(try Samples.parse(text, options).first)
    #expect(snapshot.format.name == "swift-inspect-concurrency")
    #expect(snapshot.diagnostics == Diagnostics())
    #expect(
      Self.sorted(snapshot.groups.map(Shape.init)) == [
        Shape(1, "complete", [], ["closure #1 in spawnRequests(count:)"]),
        Shape(
          1, "suspended", [],
          [Self.wait, "Connection.awaitReply()", "handleRequest(id:)", "closure #1 in spawnRequests(count:)"]),
      ])
    let waiting = try #require(snapshot.groups(containing: "Connection.awaitReply()").first)
    #expect(waiting.frames.map(\.image) == ["libswift_Concurrency.dylib", nil, nil, nil])
    #expect(snapshot.traces.map(\.id) == [1, 2])
  }

  /// The first layout: hex task ids, `priority=`, `locked`, actors with `status=`.
  @Test func readsTheFirstLayout() throws {
    let text = """
      TASKS

            Task 0x1 - flags=future priority=0x15 address=0x600000c04000
              async backtrace: Connection.awaitReply()
                               handleRequest(id:)
              resume function: \(Self.wait) in libswift_Concurrency.dylib
              task allocator: 2192 bytes in 7 chunks

            Task 0x1a - flags=future|locked|running priority=0x15 address=0x600000c04400
              resume function: handleRequest(id:) in continuations
              task allocator: 1488 bytes in 5 chunks

      ACTORS
        0x600002d08000 continuations.Store status=running flags=0 maxPriority=0x15
          job queue: Task 0x1b Store.put(_:) in continuations
                     <internal job 0x600002d09000>

      THREADS
        Thread 0x1a2b3c - current task: 0x1a
      """
    let options = DumpReader.Options(keepTraces: true)
    let snapshot = try #require(try Samples.parse(text, options).first)
    #expect(snapshot.diagnostics == Diagnostics())
    #expect(snapshot.traces.map(\.id) == [1, 26])
    #expect(snapshot.traces.map(\.state) == ["suspended", "running"])
  }

  /// When swift-inspect could not read the running state, it says so, and no task is taken to
  /// be suspended: only the flags it printed count.
  @Test func unknownRunningStateSaysNothingOfSuspension() throws {
    let text = """
      TASKS
      warning: unable to decode is-running state of target tasks, running state and async backtraces will not be printed

            Task 4 - flags=future enqueuePriority=0x15 maxPriority=0x15 address=0x600000c04000
              resume function: Connection.awaitReply() + 0x0 in App
              task allocator: 1000 bytes in 2 chunks

            Task 5 - flags=future|enqueued enqueuePriority=0x15 maxPriority=0x15 address=0x600000c04400
              resume function: Connection.awaitReply() + 0x0 in App
              task allocator: 1000 bytes in 2 chunks

      ACTORS
      THREADS
        no threads with active tasks
      """
    let snapshot = try #require(try Samples.parse(text).first)
    #expect(snapshot.diagnostics == Diagnostics())
    #expect(snapshot.groups.map(\.state).sorted { ($0 ?? "") < ($1 ?? "") } == [nil, "enqueued"])
    #expect(snapshot.events.first?.hasPrefix("warning: unable to decode is-running state") == true)
  }

  /// Two runs of swift-inspect one after the other are two dumps.
  @Test func twoDumpsInOneInput() throws {
    let first = try Samples.text(Self.folder + "continuations.n10.txt")
    let second = try Samples.text(Self.folder + "continuations.n100.txt")
    let snapshots = try Samples.parse(first + second)
    #expect(snapshots.map(\.total) == [11, 101])
  }

  // MARK: Line shapes

  @Test func symbolsAreCutFromTheRight() {
    func symbol(_ text: String) -> [String?] {
      var text = text
      // The slices point into the string's bytes: read them inside.
      return text.withUTF8 {
        let parsed = SwiftInspectLineShapes.symbol(ByteSlice(UnsafeRawBufferPointer($0)))
        return [parsed.name.string, parsed.module?.string]
      }
    }
    #expect(symbol("Connection.awaitReply() + 0x0 in Gateway") == ["Connection.awaitReply()", "Gateway"])
    #expect(symbol("closure #2 in  + 0x1c in continuations") == ["closure #2 in ", "continuations"])
    #expect(
      symbol("\(Self.wait) in libswift_Concurrency.dylib") == [Self.wait, "libswift_Concurrency.dylib"])
    #expect(symbol("closure #1 in spawnRequests(count:)") == ["closure #1 in spawnRequests(count:)", nil])
    #expect(symbol("closure #1 in Cache.entries.getter") == ["closure #1 in Cache.entries.getter", nil])
    #expect(symbol("f() + 0x10 in <unknown>") == ["f()", nil])
    #expect(symbol("<0x1000a3f40>") == ["0x1000a3f40", nil])
  }

  @Test func taskLinesAreCutIntoParts() {
    func header(_ text: String) -> [String?]? {
      var text = text
      return text.withUTF8 {
        guard let parsed = SwiftInspectLineShapes.taskHeader(ByteSlice(UnsafeRawBufferPointer($0))) else {
          return nil
        }
        return [
          String(parsed.id), parsed.name?.string, parsed.flags.string,
          parsed.address.map { String($0, radix: 16) },
        ]
      }
    }
    #expect(
      header(
        "Task \"worker 7\" 12 - flags=future|enqueued enqueuePriority=0x15 maxPriority=0x19 address=0x600001234000"
      )
        == ["12", "worker 7", "future|enqueued", "600001234000"])
    #expect(header("Task 0x1f - flags=0 priority=0x15 address=0x10") == ["31", nil, "0", "10"])
    #expect(header("Task 17 - flags=fut") == nil)
    #expect(header("Task 12 Store.put(_:) + 0x0 in App") == nil)
  }

  @Test func statesFromSwiftInspectFlags() {
    func state(_ flags: String, knowsRunning: Bool = true) -> String? {
      SwiftTaskState.state(inspectFlags: Substring(flags), knowsRunning: knowsRunning)
    }
    #expect(state("future") == "suspended")
    #expect(state("0") == "suspended")
    #expect(state("future|escalated|enqueued") == "suspended|enqueued")
    #expect(state("childTask|future|groupChildTask|cancelled") == "suspended|cancelled")
    #expect(state("future|running") == "running")
    #expect(state("future|complete") == "complete")
    #expect(state("future", knowsRunning: false) == nil)
    #expect(state("future|enqueued", knowsRunning: false) == "enqueued")
    #expect(SwiftTaskState.isBlocked("suspended|cancelled"))
    #expect(!SwiftTaskState.isBlocked("complete"))
  }
}
