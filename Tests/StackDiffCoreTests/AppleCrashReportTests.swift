import Foundation
import Testing

@testable import StackDiffCore

/// Apple crash reports (SampleDumps/swift/apple, transcribed from Apple's documented formats:
/// see SOURCES.md there): `.crash` text and `.ips` JSON of one crash give the same groups;
/// frames group by symbol, never by offset or address; frames without a symbol by image and
/// offset in the image.
@Suite struct AppleCrashReportTests {
  typealias Shape = SwiftBacktraceTests.Shape
  static let folder = "swift/apple/"

  /// The groups of the OrderServer crash, as both of its forms read.
  static let orderServerGroups = [
    Shape(
      2, "semaphore wait", ["com.example.orders.db"],
      [
        "semaphore_wait_trap", "_dispatch_sema4_wait", "_dispatch_semaphore_wait_slow",
        "ConnectionPool.checkout()",
        "OrderStore.save(_:)", "OrderServer+0xaa1c", "_pthread_wqthread", "start_wqthread",
      ]),
    Shape(2, "idle", [], ["start_wqthread"]),
    Shape(
      1, "cond wait", ["metrics-flusher"],
      [
        "__psynch_cvwait", "_pthread_cond_wait", "-[NSCondition wait]", "MetricsFlusher.waitForBatch()",
        "closure #1 in MetricsFlusher.start()", "__NSThread__start__",
      ]),
    Shape(
      1, "lock wait", ["com.apple.root.default-qos.cooperative"],
      [
        "__ulock_wait", "_os_unfair_lock_lock_slow", "OrderCache.lookup(_:)", "handleRequest(_:)",
        "_pthread_wqthread", "start_wqthread",
      ]),
    Shape(
      1, "running", ["com.example.orders.ingest"],
      [
        "_assertionFailure(_:_:file:line:flags:)", "OrderValidator.validate(order:)", "processOrder(_:)",
        "closure #1 in IngestQueue.start()", "_pthread_wqthread", "start_wqthread",
      ]),
    Shape(
      1, "kevent", ["NIO-ELT-#-##"],
      [
        "kevent", "KQueueSelector.whenReady(strategy:)", "SelectableEventLoop.runOnce()",
        "SelectableEventLoop.run()",
        "closure #1 in static MultiThreadedEventLoopGroup.setupThreadAndEventLoop(name:parentGroup:selectorFactory:initializer:)",
        "closure #1 in static ThreadOpsPosix.run(handle:args:detachThread:)",
      ]),
    Shape(
      1, "mach msg", ["com.apple.main-thread"],
      [
        "mach_msg2_trap", "mach_msg2_internal", "mach_msg_overwrite", "mach_msg",
        "__CFRunLoopServiceMachPort",
        "__CFRunLoopRun", "CFRunLoopRunSpecific", "-[NSRunLoop(NSRunLoop) runMode:beforeDate:]",
        "-[NSRunLoop(NSRunLoop) run]", "static OrderServer.main()", "start",
      ]),
  ]

  static let orderServerEvents = [
    "Program crashed: EXC_BREAKPOINT (SIGTRAP)",
    "Termination Reason: Namespace SIGNAL, Code 5 Trace/BPT trap: 5",
    "OrderServer/OrderValidator.swift:46: Fatal error: order B-7: negative total -3.0",
  ]

  @Test(arguments: [
    ("orderserver.crash", "apple-crash"), ("orderserver.ips", "apple-ips"),
    ("touchcanvas-old-style.crash", "apple-crash"), ("excerpt-mid-thread.txt", "apple-crash"),
    ("report-in-log.txt", "apple-crash"),
  ])
  func detectedWithoutAFlag(_ file: String, _ format: String) throws {
    let snapshots = try Samples.read(Self.folder + file)
    #expect(snapshots.count == 1)
    #expect(snapshots.first?.format.name == format)
    #expect(FormatRegistry.standard.format(named: format) != nil)
  }

  @Test(arguments: ["orderserver.crash", "orderserver.ips", "report-in-log.txt"])
  func theOrderServerCrash(_ file: String) throws {
    let snapshot = try Samples.snapshot(Self.folder + file)
    #expect(snapshot.total == 9)
    #expect(snapshot.groups.map(Shape.init) == Self.orderServerGroups)
    #expect(snapshot.events == Self.orderServerEvents)
    // Registers, binary images, the summaries after them and the log lines around the report
    // are neither threads nor damage.
    #expect(snapshot.diagnostics == Diagnostics())
  }

  @Test func textAndJSONOfOneCrashGiveTheSameGroups() throws {
    let text = try Samples.snapshot(Self.folder + "orderserver.crash")
    let json = try Samples.snapshot(Self.folder + "orderserver.ips")
    #expect(text.format.name == "apple-crash")
    #expect(json.format.name == "apple-ips")
    #expect(json.groups.map(Shape.init) == text.groups.map(Shape.init))
    #expect(json.groups.map(\.crashedCount) == text.groups.map(\.crashedCount))
    #expect(json.groups.map(\.frames) == text.groups.map(\.frames))
    #expect(json.groups.map { $0.frames.map(\.origin) } == text.groups.map { $0.frames.map(\.origin) })
    #expect(json.groups.map(\.site) == text.groups.map(\.site))
    #expect(json.events == text.events)
    let diff = Differ.diff(before: text, after: json)
    #expect(diff.changes.allSatisfy { $0.delta == 0 })
  }

  /// Two worker threads that differ only in offsets and addresses (`_pthread_wqthread + 1023`
  /// and `+ 1426`, `_dispatch_continuation_pop + 596` and `+ 612`) are one group.
  @Test func framesGroupBySymbolNotByOffset() throws {
    let text = try Samples.text(Self.folder + "orderserver.crash")
    #expect(text.contains("_pthread_wqthread + 1023") && text.contains("_pthread_wqthread + 1426"))
    #expect(
      text.contains("_dispatch_continuation_pop + 596") && text.contains("_dispatch_continuation_pop + 612"))
    let snapshot = try Samples.snapshot(Self.folder + "orderserver.crash", .init(keepTraces: true))
    let workers = snapshot.traces.filter { $0.name == "com.example.orders.db" }
    #expect(workers.map(\.id) == [4, 5])
    #expect(workers[0].frames == workers[1].frames)
    let group = try #require(snapshot.groups(containing: "ConnectionPool.checkout()").first)
    #expect(group.count == 2)
    #expect(group.sampleIDs == [4, 5])
    #expect(group.site?.function == "ConnectionPool.checkout()")
    #expect(group.site?.file == "ConnectionPool.swift")
    #expect(group.site?.line == 77)
  }

  /// A frame without a symbol is its image and its offset in the image: the same in both
  /// threads, in both forms, and in another run of the same build loaded at another address.
  @Test func framesWithoutASymbolAreImageAndOffset() throws {
    let text = try Samples.text(Self.folder + "orderserver.crash")
    #expect(text.components(separatedBy: "0x1004a6a1c 0x10049c000 + 43548").count == 3)
    for file in ["orderserver.crash", "orderserver.ips"] {
      let snapshot = try Samples.snapshot(Self.folder + file)
      let frame = try #require(
        snapshot.groups.flatMap(\.frames).first { $0.function == "OrderServer+0xaa1c" })
      #expect(frame.image == "OrderServer")
      #expect(frame.origin == .user)
    }

    // Another run: ASLR moved the executable by 0x5c000, so every address and its base differ.
    let slid = try Self.sliding(text, image: 0x1_0049_c000, size: 0x3c000, by: 0x5c000)
    #expect(slid.contains("0x100502a1c 0x1004f8000 + 43548"))
    let original = try Samples.snapshot(Self.folder + "orderserver.crash")
    let moved = try #require(try Samples.parse(slid).first)
    #expect(moved.groups.map(Shape.init) == original.groups.map(Shape.init))
    #expect(Differ.diff(before: original, after: moved).changes.allSatisfy { $0.delta == 0 })

    // A frame whose offset differs is another frame.
    let elsewhere = text.replacingOccurrences(
      of: "0x1004a6a1c 0x10049c000 + 43548", with: "0x1004a6a20 0x10049c000 + 43552")
    let other = try #require(try Samples.parse(elsewhere).first)
    #expect(other.groups.flatMap(\.frames).contains { $0.function == "OrderServer+0xaa20" })
  }

  /// Adds `slide` to every address of the image at `base` in a text report, as another launch
  /// of the same binary prints them.
  static func sliding(_ text: String, image base: UInt64, size: UInt64, by slide: UInt64) throws -> String {
    let pattern = try NSRegularExpression(pattern: "0x[0-9a-f]{9,16}")
    var result = ""
    var last = text.startIndex
    for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
      guard let range = Range(match.range, in: text), let value = UInt64(text[range].dropFirst(2), radix: 16)
      else { continue }
      result += text[last..<range.lowerBound]
      result +=
        value >= base && value < base + size ? "0x" + String(value + slide, radix: 16) : String(text[range])
      last = range.upperBound
    }
    return result + text[last...]
  }

  @Test func theCrashedThreadIsMarkedAndNamed() throws {
    for file in ["orderserver.crash", "orderserver.ips"] {
      let snapshot = try Samples.snapshot(Self.folder + file, .init(keepTraces: true))
      let crashed = snapshot.traces.filter(\.isCrashed)
      #expect(crashed.map(\.id) == [3], "\(file)")
      #expect(crashed.map(\.name) == ["com.example.orders.ingest"], "\(file)")
      let group = try #require(snapshot.groups.first { $0.crashedCount > 0 })
      #expect(group.site?.function == "OrderValidator.validate(order:)")
      #expect(group.noise(in: snapshot.format.dialect) == .crashed)

      let json = ShowRenderer().json([snapshot])
      let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
      let groups = ((object?["snapshots"] as? [[String: Any]])?.first?["groups"] as? [[String: Any]]) ?? []
      let marked = groups.filter { $0["crashed"] as? Int == 1 }
      #expect(marked.count == 1)
      #expect(
        (marked.first?["names"] as? [[String: Any]])?.first?["name"] as? String == "com.example.orders.ingest"
      )
    }
  }

  /// User code is the executable's; Darwin's frameworks carry no suffix but are libraries.
  @Test func originsFollowTheExecutable() throws {
    let snapshot = try Samples.snapshot(Self.folder + "orderserver.crash")
    let main = try #require(snapshot.groups(containing: "static OrderServer.main()").first)
    #expect(
      main.frames.map(\.origin) == [
        .runtime, .runtime, .runtime, .runtime, .library, .library, .library, .library, .library, .user,
        .runtime,
      ])
    #expect(main.site?.function == "static OrderServer.main()")
    #expect(snapshot.layout.mainImage == "OrderServer")

    let old = try Samples.snapshot(Self.folder + "touchcanvas-old-style.crash")
    let touches = try #require(old.groups.first { $0.crashedCount > 0 })
    #expect(touches.site?.function == "CanvasView.updateEstimatedPropertiesForTouches(_:)")
    #expect(
      touches.frames.filter { $0.image == "UIKitCore" || $0.image == "GraphicsServices" }.allSatisfy {
        $0.origin == .library
      })
    #expect(touches.frames.last?.origin == .runtime)
    let eventFetch = try #require(old.groups(containing: "-[UIEventFetcher threadMain]").first)
    #expect(eventFetch.site == nil)
  }

  /// Reports before macOS 12 and iOS 15: `Thread 0 Crashed:` without `::`, names on a
  /// `Thread N name:` line of their own, 16-digit addresses.
  @Test func anOlderReport() throws {
    let snapshot = try Samples.snapshot(Self.folder + "touchcanvas-old-style.crash")
    #expect(snapshot.total == 6)
    #expect(
      snapshot.groups.map(Shape.init) == [
        Shape(
          2, "cond wait", ["com.example.imagecache"],
          [
            "__psynch_cvwait", "_pthread_cond_wait", "TouchCanvas+0x24a88",
            "closure #1 in ImageCache.prefetch(_:)",
            "_pthread_wqthread", "start_wqthread",
          ]),
        Shape(2, "idle", [], ["start_wqthread"]),
        Shape(
          1, "running", ["com.apple.main-thread"],
          [
            "CanvasView.updateEstimatedPropertiesForTouches(_:)",
            "CanvasView.updateEstimatedPropertiesForTouches(_:)",
            "forwardTouchMethod", "-[UIResponder touchesMoved:withEvent:]",
            "-[UIWindow _sendTouchesForEvent:]",
            "-[UIWindow sendEvent:]", "-[UIApplication sendEvent:]",
            "__dispatchPreprocessedEventFromEventQueue",
            "__handleEventQueueInternal", "__handleHIDEventFetcherDrain",
            "__CFRUNLOOP_IS_CALLING_OUT_TO_A_SOURCE0_PERFORM_FUNCTION__", "__CFRunLoopDoSource0",
            "__CFRunLoopDoSources0", "__CFRunLoopRun", "CFRunLoopRunSpecific", "GSEventRunModal",
            "UIApplicationMain", "main", "start",
          ]),
        Shape(
          1, "mach msg", ["com.apple.uikit.eventfetch-thread"],
          [
            "mach_msg_trap", "mach_msg", "__CFRunLoopServiceMachPort", "__CFRunLoopRun",
            "CFRunLoopRunSpecific",
            "-[NSRunLoop(NSRunLoop) runMode:beforeDate:]", "-[NSRunLoop(NSRunLoop) runUntilDate:]",
            "-[UIEventFetcher threadMain]", "__NSThread__start__",
          ]),
      ])
    #expect(snapshot.groups[2].crashedCount == 1)
    #expect(
      snapshot.events == [
        "Program crashed: EXC_BREAKPOINT (SIGTRAP)", "Termination Reason: Namespace SIGNAL, Code 0x5",
      ])
    #expect(snapshot.diagnostics == Diagnostics())
  }

  /// An excerpt that starts mid-thread: its first rows are kept as a thread of their own,
  /// without a state, and reported with the line they start at.
  @Test func anExcerptStartingMidThreadIsKeptAndReported() throws {
    let snapshot = try Samples.snapshot(Self.folder + "excerpt-mid-thread.txt")
    #expect(snapshot.format.name == "apple-crash")
    #expect(snapshot.total == 4)
    #expect(snapshot.diagnostics.unknownLineCount == 1)
    #expect(snapshot.diagnostics.firstUnknownLine == 1)
    #expect(snapshot.events == ["frames without a thread header at line 1: kept, innermost frames missing"])
    let partial = try #require(snapshot.groups.first { $0.state == nil })
    #expect(partial.count == 1)
    #expect(partial.frames.map(\.function) == ["_pthread_wqthread", "start_wqthread"])
    #expect(partial.names.isEmpty)
    // The whole threads after it read as in the full report.
    let full = try Samples.snapshot(Self.folder + "orderserver.crash")
    for name in ["metrics-flusher", "NIO-ELT-#-##"] {
      #expect(
        snapshot.groups.first { $0.names.first?.name == name }.map(Shape.init)
          == full.groups.first { $0.names.first?.name == name }.map(Shape.init))
    }
    #expect(
      DiagnosticMessages.warnings(for: snapshot) == [
        "stackdiff: warning: 1 line not understood, first at \(snapshot.source):1"
      ])
  }

  /// A line that fits no shape inside a thread costs one line, reported with its number.
  @Test func damageInsideAThreadCostsOneLine() throws {
    var lines = try Samples.text(Self.folder + "orderserver.crash").components(separatedBy: "\n")
    let row = try #require(lines.firstIndex { $0.contains("OrderStore.save(_:)") })
    lines.insert("##### garbage #####", at: row)
    let snapshot = try #require(try Samples.parse(lines.joined(separator: "\n")).first)
    #expect(snapshot.groups.map(Shape.init) == Self.orderServerGroups)
    #expect(snapshot.diagnostics.unknownLineCount == 1)
    #expect(snapshot.diagnostics.firstUnknownLine == row + 1)
  }

  /// A log holding the report and a Go dump after it: two dumps, each of its own format.
  @Test func aReportInALogBesideAnotherDump() throws {
    let log = try Samples.text(Self.folder + "report-in-log.txt")
    let go = try Samples.text("go/logsfollow/leaky-before.txt")
    let snapshots = try Samples.parse(log + go)
    #expect(snapshots.map(\.format.name) == ["apple-crash", "go-text"])
    #expect(snapshots.first?.groups.map(Shape.init) == Self.orderServerGroups)
    #expect(snapshots.first?.diagnostics == Diagnostics())
  }

  /// Console shows the text with the whole `.ips` after it ("Full Report"): two dumps of one crash.
  @Test func aTranslatedReportWithItsFullReport() throws {
    let text = try Samples.text(Self.folder + "orderserver.crash")
    let json = try Samples.text(Self.folder + "orderserver.ips")
    let snapshots = try Samples.parse(text + "\n-----------\nFull Report\n-----------\n\n" + json)
    #expect(snapshots.map(\.format.name) == ["apple-crash", "apple-ips"])
    #expect(snapshots[0].groups.map(Shape.init) == snapshots[1].groups.map(Shape.init))
    #expect(snapshots.allSatisfy { $0.diagnostics == Diagnostics() })
  }

  /// The `.ips` report object on one line, or without its metadata line.
  @Test func anIPSReportInOtherShapes() throws {
    let lines = try Samples.text(Self.folder + "orderserver.ips").split(separator: "\n", maxSplits: 1)
    let body = try JSONSerialization.jsonObject(with: Data(lines[1].utf8))
    let compact = String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self)
    for input in [lines[0] + "\n" + compact + "\n", String(lines[1]), "prose before\n" + compact + "\n"] {
      let snapshot = try #require(try Samples.parse(input).last)
      #expect(snapshot.format.name == "apple-ips")
      #expect(snapshot.groups.map(Shape.init) == Self.orderServerGroups)
    }
    // Members in another order, `threads` after more than 4 KB of others (a rewritten report).
    let padded = "{\"note\":\"" + String(repeating: "x", count: 5000) + "\"," + compact.dropFirst()
    let reordered = try #require(try Samples.parse(padded + "\n").last)
    #expect(reordered.groups.map(Shape.init) == Self.orderServerGroups)
    // Metadata of another kind of report is not a crash's.
    let stackshot = #"{"bug_type":"288","name":"stacks"}"# + "\n" + "{\n  \"uptime\" : 1\n}\n"
    #expect(throws: InputError.self) { try Samples.parse(stackshot) }
    // A crash's metadata whose report was cut: reported.
    let cut = String(lines[0]) + "\n" + String(lines[1].prefix(2000))
    #expect(throws: InputError.self) { try Samples.parse(cut + "\n") }
    let withDump = try Samples.parse(cut + "\n" + (try Samples.text(Self.folder + "orderserver.crash")))
    #expect(withDump.last?.diagnostics.unknownLineCount == 1)
  }

  /// A `{` line that starts neither kind of JSON report: the backtracer's parser and this one
  /// both look at it, and both give it up.
  @Test func aBraceOfOtherJSONIsProse() throws {
    let text = "starting\n{\n  \"unrelated\": 1\n}\n" + (try Samples.text(Self.folder + "orderserver.ips"))
    let snapshots = try Samples.parse(text)
    #expect(snapshots.map(\.format.name) == ["apple-ips"])
    #expect(snapshots.first?.diagnostics == Diagnostics())
  }

  @Test func groupingByThreadName() throws {
    let options = DumpReader.Options(grouping: .threadName)
    let snapshot = try Samples.snapshot(Self.folder + "orderserver.ips", options)
    #expect(snapshot.groups.count == 7)
    #expect(snapshot.groups.first?.names == [NameCount(name: "com.example.orders.db", count: 2)])
  }

  @Test func darwinLeafStates() {
    let cases: [(String, String)] = [
      ("mach_msg2_trap", "mach msg"), ("__psynch_cvwait", "cond wait"), ("__psynch_mutexwait", "mutex wait"),
      ("__ulock_wait2", "lock wait"), ("semaphore_wait_trap", "semaphore wait"), ("kevent_id", "kevent"),
      ("__semwait_signal", "sleep"), ("__workq_kernreturn", "idle"), ("read", "read"),
      ("__read_nocancel", "read"), ("__select", "poll"), ("__accept", "accept"),
      ("__sigsuspend_nocancel", "signal wait"),
      ("__pthread_kill", "running"),
    ]
    for (function, state) in cases {
      #expect(SwiftThreadState.state(leaf: function, image: "libsystem_kernel.dylib") == state, "\(function)")
    }
    #expect(SwiftThreadState.state(leaf: "read", image: "OrderServer") == "running")
    #expect(SwiftThreadState.isBlocked("mach msg"))
    #expect(!SwiftThreadState.isBlocked("idle"))
  }

  @Test func lineShapes() throws {
    func row(_ text: String) -> (
      image: String, symbol: String?, offset: UInt64?, file: String?, line: Int, inlined: Bool
    )? {
      var text = text
      return text.withUTF8 { bytes in
        AppleCrashLineShapes.frameRow(ByteSlice(UnsafeRawBufferPointer(bytes))).map {
          ($0.image.string, $0.symbol?.string, $0.imageOffset, $0.file?.string, $0.line, $0.isInlined)
        }
      }
    }
    let cpp = try #require(
      row("6   libc++abi.dylib               \t0x191be1eb4 std::__terminate(void (*)()) + 20"))
    #expect(cpp.image == "libc++abi.dylib")
    #expect(cpp.symbol == "std::__terminate(void (*)())")
    let spaced = try #require(row("3   Google Chrome Framework       \t0x10a2b3c4d ChromeMain + 60"))
    #expect(spaced.image == "Google Chrome Framework")
    let unknown = try #require(row("0   ???                           \t0x000000010116a390 0 + 4313228176"))
    #expect(unknown.image == "???")
    #expect(unknown.offset == 4_313_228_176)
    let located = try #require(row("15  MyApplication 0x000fd748 main (main.m:14)"))
    #expect(located.symbol == "main")
    #expect(located.file == "main.m")
    #expect(located.line == 14)
    let inlined = try #require(row("2   OrderServer  0x1004ba3f4 f() + 4 (F.swift:9) [inlined]"))
    #expect(inlined.symbol == "f()")
    #expect(inlined.inlined)
    let thunk = try #require(
      row("6   MacClean   0x10491a7c4 thunk for @escaping @callee_guaranteed (@guaranteed Error?) -> ()"))
    #expect(thunk.symbol == "thunk for @escaping @callee_guaranteed (@guaranteed Error?) -> ()")
    // Other dumps' rows are not frame rows: the backtracer's, lldb's, Go's.
    #expect(row("1 [ra] 0x00007f9e5fab9c29 _dispatch_sig_thread + 8 in libdispatch.so") == nil)
    #expect(row("0      0x00007f9e5e881301 sigsuspend + 65 in libc.so.6") == nil)
    #expect(row("frame #1: 0x000055f8f8d7808c leaky_server`Connection.awaitReply()") == nil)
    #expect(row("1 @ 0x43e4ce 0x44e1d9 0x4768c5 0x4c58a1") == nil)
  }
}
