import Testing

@testable import StackDiffCore

/// lldb `bt all` and Swift task dumps (SampleDumps/swift/lldb; counts from CAPTURES.md).
@Suite struct LLDBDumpTests {
  typealias Shape = SwiftBacktraceTests.Shape
  static let folder = "swift/lldb/"

  /// The attach's stop printout lists every thread before `bt all` does: it is not a dump.
  @Test func btAllReadsEveryThreadOnce() throws {
    let file = Self.folder + "continuations.bt-all.n10.txt"
    #expect(
      try Samples.countLines(file, prefix: "  thread #") + Samples.countLines(file, prefix: "* thread #")
        == 10)
    let snapshots = try Samples.read(file)
    #expect(snapshots.count == 1)
    let snapshot = try #require(snapshots.first)
    #expect(snapshot.format.name == "lldb-threads")
    #expect(snapshot.total == 5)
    #expect(snapshot.diagnostics == Diagnostics())
    let acceptor = try #require(snapshot.groups(containing: "acceptLoop(…)").first)
    // lldb's values are gone from names (`acceptLoop(fd=3)`), claiming no labels, and the C
    // library's are dropped.
    #expect(
      acceptor.frames.map(\.function) == [
        "read", "read", "acceptLoop(…)", "closure #1 in startAcceptor(…)", "Thread.main()",
        "NSThreadStart(_:)",
      ])
    #expect(acceptor.state == "read")
    #expect(acceptor.names == [NameCount(name: "acceptor", count: 1)])
    #expect(acceptor.site?.file == "main.swift")
    #expect(acceptor.site?.line == 99)
    // Idle Dispatch workers: runtime frames only (thread start hidden), named by Dispatch.
    let idle = try #require(snapshot.groups.first)
    #expect(idle.count == 2)
    #expect(idle.noise(in: snapshot.format.dialect) == .runtime)
    #expect(idle.caveat == nil)
  }

  /// Full stacks do not show suspended tasks either.
  /// lldb on macOS prints a task's tid in hex (`tid = 0x0002`); the task info still pairs.
  @Test func hexTaskIDsPairWithTheirTaskInfo() throws {
    let text = try Samples.text(Self.folder + "continuations.tasks.n10.txt")
    let hex = try Regex(#"tid = (\d+),"#)
    let macOS = text.replacing(hex) { match in
      let digits = Int(match.output[1].substring ?? "") ?? 0
      return "tid = 0x" + String(repeating: "0", count: max(0, 4 - String(digits, radix: 16).count))
        + String(digits, radix: 16) + ","
    }
    #expect(macOS != text)
    let linux = try Samples.snapshot(Self.folder + "continuations.tasks.n10.txt")
    let darwin = try #require(try Samples.parse(macOS).last)
    #expect(darwin.total == linux.total)
    #expect(darwin.groups.map(\.state) == linux.groups.map(\.state))
    #expect(darwin.groups.map(\.count) == linux.groups.map(\.count))
    #expect(darwin.groups.first?.state == "suspended")
  }

  @Test func invisibleTasksAreNoGrowthInBtAll() throws {
    let diff = Differ.diff(
      before: try Samples.snapshot(Self.folder + "continuations.bt-all.n10.txt"),
      after: try Samples.snapshot(Self.folder + "continuations.bt-all.n100.txt"))
    #expect(diff.changes.allSatisfy { $0.delta == 0 })
    #expect(diff.after.total == 5)
  }

  @Test func blockedThreadsGrowWithTheirOwnSites() throws {
    let diff = Differ.diff(
      before: try Samples.snapshot(Self.folder + "blockedthreads.bt-all.n4.txt"),
      after: try Samples.snapshot(Self.folder + "blockedthreads.bt-all.n20.txt"))
    #expect(diff.before.total == 16)
    #expect(diff.after.total == 64)
    let sites = diff.suspects.map { $0.change.group.site?.function ?? "" }
    #expect(
      sites == ["JobQueue.waitForJob()", "ConfigWatcher.waitForChange()", "LegacyClient.readResponse()"])
    #expect(diff.suspects.map(\.change.delta) == [16, 16, 16])
    #expect(diff.suspects.map { $0.change.group.state } == ["futex wait", "futex wait", "read"])
    #expect(
      diff.suspects.map { $0.change.group.names.map(\.name) } == [
        ["sem-waiter-#"], ["cond-waiter-#"], ["pipe-reader-#"],
      ])
  }

  /// Grouping exactly keeps lldb's values: each waiter's `i` makes it a group of its own.
  @Test func exactGroupingKeepsArgumentValues() throws {
    let lines = try Samples.snapshot(Self.folder + "blockedthreads.bt-all.n4.txt")
    let exact = try Samples.snapshot(Self.folder + "blockedthreads.bt-all.n4.txt", .init(grouping: .exact))
    #expect(lines.groups(containing: "JobQueue.waitForJob()").map(\.count) == [4])
    #expect(exact.groups(containing: "JobQueue.waitForJob()").map(\.count) == [1, 1, 1, 1])
  }

  /// Suspended tasks own no thread; task dumps show them, and they grow.
  @Test(arguments: [
    ("continuations", [("Connection.awaitReply()", 72), ("AuthClient.awaitToken()", 18)], 11, 101),
    (
      "asyncstream", [("SubscriptionHandler.consumeEvents(…)", 67), ("LogTail.follow(…)", 23)], 11,
      101
    ),
    ("actorstarve", [("InventoryStore.reserve(…)", 90)], 12, 102),
  ])
  func taskDumpsShowTheLeak(_ program: String, _ growth: [(String, Int)], _ before: Int, _ after: Int) throws
  {
    let beforeFile = Self.folder + program + ".tasks.n10.txt"
    let old = try Samples.snapshot(beforeFile)
    let new = try Samples.snapshot(Self.folder + program + ".tasks.n100.txt")
    #expect(old.format.name == "lldb-swift-tasks")
    #expect(old.total == before)
    #expect(new.total == after)
    #expect(try Samples.countLines(beforeFile, prefix: "(lldb) language swift task info") == before)
    let diff = Differ.diff(before: old, after: new)
    let grown = diff.changes.filter { $0.delta > 0 }
    #expect(grown.map { $0.group.site?.function ?? "" } == growth.map(\.0))
    #expect(grown.map(\.delta) == growth.map(\.1))
    #expect(new.diagnostics == Diagnostics())
  }

  @Test func taskStatesComeFromTheirFlags() throws {
    let tasks = try Samples.snapshot(Self.folder + "actorstarve.tasks.n10.txt")
    #expect(tasks.count(inState: "suspended|enqueued") == 10)
    #expect(tasks.count(inState: "running") == 2)
    // Enqueued behind an actor that a running task never lets go: a backlog that grows from 10
    // to 100 is the suspect, at the call that waits for the actor.
    let diff = Differ.diff(
      before: tasks, after: try Samples.snapshot(Self.folder + "actorstarve.tasks.n100.txt"))
    #expect(diff.suspects.map(\.delta) == [90])
    #expect(
      diff.suspects.first.map { GroupSummary.describe($0, format: diff.after.format, fullPaths: false) }
        == "suspect: +90 tasks waiting to run (suspended|enqueued) at main.swift:53 in InventoryStore.reserve(…)"
    )
    let continuations = Differ.diff(
      before: try Samples.snapshot(Self.folder + "continuations.tasks.n10.txt"),
      after: try Samples.snapshot(Self.folder + "continuations.tasks.n100.txt"))
    #expect(continuations.suspects.map { $0.change.group.state } == ["suspended", "suspended"])
  }

  /// A task's info may come after its backtrace, and the command echoes may be missing.
  @Test func infoAfterBacktraceAndNoEchoes() throws {
    let text = try Samples.text(Self.folder + "continuations.tasks.n10.txt")
    let reference = try Samples.snapshot(Self.folder + "continuations.tasks.n10.txt")
    // Blocks start at each command echo; swap every info block with the backtrace after it.
    var blocks: [[Substring]] = [[]]
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      if line.hasPrefix("(lldb) language swift task") { blocks.append([]) }
      blocks[blocks.count - 1].append(line)
    }
    var swapped: [[Substring]] = [blocks[0]]
    var index = 1
    while index < blocks.count {
      if index + 1 < blocks.count, blocks[index][0].contains("task info") {
        swapped += [blocks[index + 1], blocks[index]]
        index += 2
      } else {
        swapped.append(blocks[index])
        index += 1
      }
    }
    let reordered = try #require(try Samples.parse(swapped.joined().joined(separator: "\n")).last)
    #expect(reordered.groups.map(Shape.init) == reference.groups.map(Shape.init))

    let bare = text.split(separator: "\n", omittingEmptySubsequences: false).filter {
      !$0.hasPrefix("(lldb)")
    }
    let withoutEchoes = try #require(try Samples.parse(bare.joined(separator: "\n")).last)
    #expect(withoutEchoes.groups.map(Shape.init) == reference.groups.map(Shape.init))
  }

  @Test func frameLinesAreCutIntoParts() throws {
    func frame(_ text: String) -> [String?] {
      var text = text
      guard let parsed = text.withUTF8({ LLDBLineShapes.frame(ByteSlice(UnsafeRawBufferPointer($0))) }) else {
        return ["nil"]
      }
      return [
        parsed.module?.string, parsed.function.string, parsed.argumentValues?.string, parsed.file?.string,
        String(parsed.line),
      ]
    }
    #expect(
      frame("frame #2: 0x000056178746c4af continuations`handleRequest(id=<unavailable>) at main.swift:83:58")
        == [
          "continuations", "handleRequest", "id=<unavailable>", "main.swift", "83",
        ])
    // Values hold parentheses and ` at `; the location is the one outside them.
    #expect(
      frame(
        "frame #5: 0x00007f libc.so.6`__libc_start_call_main(main=(app`main at main.swift), argc=2) at libc_start_call_main.h:58:16"
      ) == [
        "libc.so.6", "__libc_start_call_main", "main=(app`main at main.swift), argc=2",
        "libc_start_call_main.h", "58",
      ])
    #expect(
      frame("* frame #2: 0x00007f68b39791c3 libFoundation.so`static Thread.sleep(forTimeInterval:) + 131")
        == [
          "libFoundation.so", "static Thread.sleep(forTimeInterval:)", nil, nil, "0",
        ])
    #expect(
      frame("frame #1: 0x000055 app`closure #2() in  at main.swift:152:55") == [
        "app", "closure #2() in ", nil, "main.swift", "152",
      ])
    #expect(frame("frame #7: 0x00007f68b2b4e8ec") == [nil, "0x00007f68b2b4e8ec", nil, nil, "0"])
    #expect(frame("frame #x: 0x1 a`b") == ["nil"])
  }

  /// lldb prints parameter names (`stream`) and captures, never labels: the real name is
  /// `consumeEvents(from:)`, and a gate written with it must not pass.
  @Test func labelPatternsMatchLLDBFramesByBaseName() throws {
    let frame = Frame(function: "SubscriptionHandler.consumeEvents(…)", file: "main.swift", line: 84)
    for (pattern, matches) in [
      ("SubscriptionHandler.consumeEvents(from:)", true), ("consumeEvents(to:)", true),
      ("consumeEvents()", true), ("consumeEvents(…)", true), ("consumeEvents", true),
      ("consumeEvent(from:)", false), ("Handler.consumeEvents(from:)x", false),
      ("consumeEvents(from)", false), ("(from:)", false),
    ] {
      #expect(try FramePattern(pattern).matches(frame) == matches, "\(pattern)")
    }
    // Regular expressions say exactly what they mean.
    #expect(try !FramePattern("consumeEvents\\(from:\\)", isRegex: true).matches(frame))
    let closure = Frame(function: "closure #1 in startPipeReaders(…)", file: "main.swift", line: 144)
    #expect(try FramePattern("closure #1 in startPipeReaders(count:)").matches(closure))
    #expect(try FramePattern("startPipeReaders(count:)").matches(closure))
    // Frames that print their labels, Go's included, match as before.
    let labeled = Frame(function: "SubscriptionHandler.consumeEvents(from:)", file: "main.swift", line: 84)
    #expect(try !FramePattern("consumeEvents(to:)").matches(labeled))
    let go = Frame(function: "main.(*Server).consumeEvents", file: "server.go", line: 80)
    #expect(try !FramePattern("(*Server).consumeEvents(from:)").matches(go))
    #expect(try FramePattern("(*Server).consumeEvents").matches(go))
  }

  /// Every assertion and ignore rule matches through the same rule.
  @Test func checkFindsLLDBTasksByTheirSwiftNames() throws {
    let before = try Samples.snapshot(Self.folder + "asyncstream.tasks.n10.txt")
    let after = try Samples.snapshot(Self.folder + "asyncstream.tasks.n100.txt")
    let consume = try FramePattern("SubscriptionHandler.consumeEvents(from:)")
    let report = Checker.check(
      after, baseline: before,
      assertions: [.absent(consume), .present(consume), .max(consume, 75), .maxGrowthOf(consume, 66)],
      ignoring: IgnoreRules())
    #expect(report.results.map(\.passed) == [false, true, true, false])
    #expect(report.results.map(\.matches) == [75, 75, 75, 67])
    let ignoring = Checker.check(
      after, baseline: nil, assertions: [.absent(consume)],
      ignoring: IgnoreRules(rules: [IgnoreRule(.any, try FramePattern("serveSubscription(id:)"))]))
    #expect(ignoring.passed)
    #expect(ignoring.ignoredCount >= 75)
  }
}
