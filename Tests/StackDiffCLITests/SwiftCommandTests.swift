import Foundation
import Testing

/// The commands on Swift dumps, as a Swift server developer runs them.
@Suite struct SwiftCommandTests {
  @Test func checkFailsOnLeakedTasks() throws {
    let tasks = CLI.sample("swift/lldb/continuations.tasks.n100.txt")
    let result = try CLI.run(["check", tasks, "--absent", "Connection.awaitReply()"])
    #expect(result.status == 1)
    #expect(result.stdout.contains("FAIL absent Connection.awaitReply(): 80 tasks in 1 group match"))
    #expect(result.stdout.contains("80 tasks · suspended"))
    #expect(result.stdout.contains("> Connection.awaitReply()"))
  }

  /// lldb prints `consumeEvents(stream=…)`, a parameter name, not the label: a gate written
  /// with the Swift name must still see the 8 parked tasks.
  @Test func checkFindsLLDBFramesByTheirSwiftNames() throws {
    let tasks = CLI.sample("swift/lldb/asyncstream.tasks.n10.txt")
    let result = try CLI.run(["check", tasks, "--absent", "SubscriptionHandler.consumeEvents(from:)"])
    #expect(result.status == 1)
    #expect(
      result.stdout.contains("FAIL absent SubscriptionHandler.consumeEvents(from:): 8 tasks in 1 group match")
    )
    #expect(result.stdout.contains("> SubscriptionHandler.consumeEvents(…)"))
    let other = try CLI.run(["check", tasks, "--absent", "SubscriptionHandler.consumeEvent(from:)"])
    #expect(other.status == 0)
  }

  /// A gate must not fail a healthy service for the runtime's own threads or the thread the
  /// dump signal landed on.
  @Test func checkCountsOnlyTheProgramsThreads() throws {
    let dump = CLI.sample("swift/backtracer/continuations.n100.txt")
    let result = try CLI.run(["check", dump, "--max-total", "1"])
    #expect(result.status == 0)
    #expect(result.stdout.contains("5 threads (4 ignored)"))
    let all = try CLI.run(["check", dump, "--max-total", "1", "--no-default-ignores"])
    #expect(all.status == 1)
  }

  /// `demangle=no` reports and the JSON's `symbol`s print mangled names: frames are named
  /// demangled, the printed name stays as `rawName`, and patterns match either.
  @Test func mangledNamesStayBesideDemangledOnes() throws {
    let text = CLI.sample("swift/backtracer/crash.demangle-no.txt")
    let mangled = try CLI.run(["check", text, "--absent", "$ss17_assertionFailure"])
    #expect(mangled.status == 1)
    #expect(mangled.stdout.contains("FAIL absent $ss17_assertionFailure: 1 thread in 1 group match"))
    let json = try CLI.run(["show", "--format", "json", CLI.sample("swift/backtracer-json/crash.json")])
    #expect(
      json.stdout.contains(
        #""function":"OrderValidator.validate(order:)","rawName":"$s5crash14OrderValidatorV8validate5orderSbAA0B0V_tF""#
      ))
  }

  /// The crashed thread ran the code that crashed: patterns see it (a dump signal's thread is
  /// ignored only in counts, above).
  @Test func patternsSeeTheCrashedThread() throws {
    let crash = CLI.sample("swift/backtracer/crash.full.txt")
    let present = try CLI.run(["check", crash, "--present", "OrderValidator.validate"])
    #expect(present.status == 0)
    #expect(present.stdout.contains("PASS present OrderValidator.validate: 1 thread match"))
    let absent = try CLI.run(["check", crash, "--absent", "OrderValidator.validate"])
    #expect(absent.status == 1)
    #expect(absent.stdout.contains("FAIL absent OrderValidator.validate: 1 thread in 1 group match"))
  }

  /// A SIGQUIT report marks the main thread crashed; a crash report of the same program marks
  /// another thread: the main thread is the same stack, not a new one.
  @Test func theCrashedMarkDoesNotSplitAStack() throws {
    let result = try CLI.run([
      CLI.sample("swift/backtracer/log-two-reports.txt"), CLI.sample("swift/backtracer/crash.full.txt"),
    ])
    #expect(result.status == 0)
    #expect(result.stdout.contains("\nno group grew by 1 or more\n"))
    #expect(result.stdout.contains("not counted as growth: crashed threads 0 → 1"))
  }

  @Test func diffByThreadNameSplitsCutStacks() throws {
    let result = try CLI.run([
      CLI.sample("swift/backtracer/blockedthreads.n4.txt"),
      CLI.sample("swift/backtracer/blockedthreads.n20.txt"),
      "--group-by", "thread-name",
    ])
    #expect(result.status == 0)
    #expect(result.stdout.contains("threads 16 → 64 (+48)"))
    #expect(result.stdout.contains("+16 · 4 → 20 · futex wait · sem-waiter-#"))
    #expect(result.stdout.contains("+16 · 4 → 20 · futex wait · cond-waiter-#"))
    #expect(
      result.stdout.contains(
        "suspect: +16 threads blocked in read at main.swift:144 in closure #1 in startPipeReaders(count:), named pipe-reader-#"
      ))
  }

  /// Additive JSON fields: names, crashed, caveat; nothing else changes shape.
  @Test func jsonCarriesNamesCrashAndCaveat() throws {
    let result = try CLI.run([
      "show", "--format", "json", CLI.sample("swift/backtracer/continuations.n10.txt"),
    ])
    #expect(result.status == 0)
    let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    let snapshot = (object?["snapshots"] as? [[String: Any]])?.first
    #expect(snapshot?["format"] as? String == "swift-backtrace")
    let groups = snapshot?["groups"] as? [[String: Any]] ?? []
    #expect(groups.count == 4)
    #expect(groups.first?["caveat"] as? String == "callers-lost")
    #expect((groups.first?["names"] as? [[String: Any]])?.first?["name"] as? String == "oot.default-qos")
    #expect(groups.first { $0["crashed"] as? Int == 1 }?["state"] as? String == "sleep")
    let frame = ((groups.last?["frames"] as? [[String: Any]]) ?? []).first
    #expect(frame?["image"] as? String == "libc.so.6")
  }

  @Test func inputFormatNamesTheSwiftFormats() throws {
    let result = try CLI.run([
      "show", "--input-format", "go-text", CLI.sample("swift/backtracer/continuations.n10.txt"),
    ])
    #expect(result.status == 2)
    #expect(result.stderr.contains("no goroutine dump found"))
    let swift = try CLI.run([
      "show", "--input-format", "lldb-swift-tasks", CLI.sample("swift/lldb/continuations.tasks.n10.txt"),
    ])
    #expect(swift.status == 0)
    #expect(
      swift.stdout.hasPrefix(
        "\(CLI.sample("swift/lldb/continuations.tasks.n10.txt")) · lldb-swift-tasks · 11 tasks in 3 groups"))
  }
}
