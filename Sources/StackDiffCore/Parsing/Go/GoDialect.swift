/// Go's rules: runtime frames and what tracebacks hide, the standard library versus user code,
/// the blocking wait reasons, the goroutines every program has, and how Go names things.
///
/// It holds no fields, so copying a format that names it costs no reference counting.
struct GoDialect: LanguageDialect {
  /// What one trace of the format is.
  enum Traces {
    case goroutines
    /// A race detector report's access stacks.
    case raceAccesses
  }

  var traces = Traces.goroutines

  var name: String { "go" }
  var traceNoun: TraceNoun {
    switch traces {
    case .goroutines: return TraceNoun("goroutine", plural: "goroutines")
    case .raceAccesses: return TraceNoun("racing access", plural: "racing accesses")
    }
  }
  /// Go cuts a traceback at 100 frames and counts hidden runtime frames against that limit, so
  /// the same goroutine is cut at different frames (and marked or not) per traceback level.
  var possiblyCutDepth: Int? { 90 }
  var defaultIgnores: [IgnoreRule] { Self.ignores }

  /// Goroutines every Go program or test binary has: signal handling, the testing runner,
  /// tracing. (Runtime goroutines and the dump taker are `noise(of:)`.)
  private static let ignores: [IgnoreRule] = {
    let specs: [(IgnoreRule.Kind, String)] = [
      (.any, "os/signal.signal_recv"), (.any, "os/signal.loop"), (.any, "runtime.ensureSigM"),
      (.any, "testing.RunTests"), (.any, "testing.runTests"), (.any, "testing.(*M).Run"),
      (.top, "testing.(*T).Run"), (.top, "testing.(*T).Parallel"), (.top, "testing.(*F).Fuzz"),
      // `go test -timeout`'s alarm, which prints the dump.
      (.any, "testing.(*M).startAlarm"),
      (.any, "runtime/trace.Start"), (.any, "runtime.ReadTrace"),
    ]
    return specs.compactMap { kind, text in
      (try? FramePattern(text)).map { IgnoreRule(kind, $0) }
    }
  }()

  func classify(_ frame: inout Frame, in layout: ProgramLayout) {
    frame.isHidden = GoSymbol.isHiddenAtDefaultTraceback(frame)
    if GoSymbol.isRuntimeName(frame.function) {
      frame.origin = .runtime
    } else if GoSymbol.bytesEnd(frame.file, with: "_testmain.go") && frame.file.hasSuffix("_testmain.go") {
      // The test binary's generated main: nobody's code to blame.
      frame.origin = .library
    } else {
      frame.origin = GoSymbol.isStandardLibrary(frame, goroot: layout.languageRoot) ? .library : .user
    }
  }

  /// GOROOT is the part of a standard-library frame's absolute path before `/src/<package>/`:
  /// `/usr/lib/go-1.23/src/net/http/server.go` for `net/http.…` gives `/usr/lib/go-1.23`.
  func learn(from frame: Frame, into layout: inout ProgramLayout) -> Bool {
    guard layout.languageRoot == nil else { return false }
    guard GoSymbol.isAbsolute(frame.file) else { return false }
    let package = GoSymbol.packageRange(of: frame.function)
    guard !package.elementsEqual("main".utf8), !package.starts(with: "_/".utf8),
      !GoSymbol.firstElementHasDot(package)
    else { return false }
    guard let range = frame.file.firstRange(of: "/src/" + String(Substring(package)) + "/") else {
      return false
    }
    layout.languageRoot = String(frame.file[..<range.lowerBound])
    return true
  }

  /// Channel operations, select, network and file waits, semaphores and the `sync` waits that
  /// newer Go versions name (`sync.Mutex.Lock`, `sync.WaitGroup.Wait`, `sync.Cond.Wait`, …).
  /// Not blocked: running, runnable, syscall, sleep and the runtime's own idle states.
  func isBlocked(state: String) -> Bool {
    let base = Self.baseState(state)
    if base.hasPrefix("chan send") || base.hasPrefix("chan receive") { return true }
    if base.hasPrefix("select") { return true }
    if base.hasPrefix("sync.") || base.hasPrefix("semacquire") { return true }
    switch base {
    case "IO wait", "wait for GC cycle", "debug call", "coroutine": return true
    default: return false
    }
  }

  /// The state without a trailing qualifier that does not change what it waits for:
  /// `chan send (durable)` → `chan send`; `(nil chan)` and `(no cases)` are kept.
  static func baseState(_ state: String) -> String {
    for suffix in [" (leaked)", " (durable)", " (synctest)"] where state.hasSuffix(suffix) {
      return String(state.dropLast(suffix.count))
    }
    return state
  }

  /// The dump taker, recognized two ways. In a dump that is not a crash, the first goroutine
  /// printed is the one that asked for it, alone `running` (the world is stopped):
  /// `Group.isDumpTaker`. And by a frame of the dumping code (`runtime/pprof`, the
  /// `net/http/pprof` handler, `runtime.Stack`, `runtime/debug.Stack`), with the lone net/http
  /// connection reader of that request. The runtime's own goroutines (GC workers, the scavenger,
  /// finalizers, an idle `g0`) have only runtime frames; only system-level dumps print them, and
  /// goroutines not started yet have only the `go` wrapper and `runtime.goexit`. pprof records
  /// with no frames left are runtime goroutines too.
  func noise(of group: Group) -> GrowthNoise? {
    if isDumpTaker(group) { return .dumpTaker }
    // pprof debug=1 leaves out leading runtime frames: a runtime-only stack has none left.
    if group.frames.isEmpty && !group.isStackUnavailable { return .runtime }
    if !group.frames.isEmpty, group.frames.allSatisfy({ $0.origin == .runtime || $0.isHidden }) {
      return .runtime
    }
    return nil
  }

  private func isDumpTaker(_ group: Group) -> Bool {
    if group.isDumpTaker || isDumpConnectionReader(group) { return true }
    if let state = group.state, state != "running" && state != "runnable" { return false }
    return group.frames.contains { isDumpingFrame($0.function) }
  }

  /// While a handler runs, net/http reads its connection in a second goroutine; a lone one is
  /// the reader of the `/debug/pprof` request that produced the dump.
  private func isDumpConnectionReader(_ group: Group) -> Bool {
    guard group.count == 1 else { return false }
    if group.createdBy?.function == "net/http.(*connReader).startBackgroundRead" { return true }
    // By package name alone: a GOROOT guessed wrong must not turn this reader into growth.
    return group.frames.last?.function.hasPrefix("net/http.(*connReader).") == true
      && group.frames.allSatisfy { GoSymbol.isStandardLibrary($0, goroot: nil) }
  }

  private func isDumpingFrame(_ function: String) -> Bool {
    function.hasPrefix("runtime/pprof.writeGoroutine")
      || function.hasPrefix("runtime/pprof.writeRuntimeProfile")
      || function.hasPrefix("runtime/pprof.(*Profile).WriteTo")
      || function.hasPrefix("runtime/pprof.writeProfileInternal")
      || function.hasPrefix("net/http/pprof.") || function == "runtime.Stack"
      || function == "runtime/debug.Stack" || function == "runtime/debug.PrintStack"
      || function == "runtime/debug.WriteHeapDump"
  }

  /// `runtime.Stack` and the debug=2 handler print their own goroutine first, `running`; a
  /// panicking goroutine is printed first too, but that is a crash.
  func tookDump(firstGroup group: Group) -> Bool {
    group.state == "running" && group.count == 1 && !group.frames.contains { $0.function == "panic" }
  }

  /// `(*Server).logsContainer` from `example.com/x/server.(*Server).logsContainer`: the name
  /// without its import path and package.
  func shortName(of function: String) -> String {
    let afterSlash =
      function.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? function
    guard let dot = afterSlash.firstIndex(of: ".") else { return afterSlash }
    let rest = afterSlash[afterSlash.index(after: dot)...]
    return rest.isEmpty ? afterSlash : String(rest)
  }

  func isStackRoot(_ frame: Frame) -> Bool { frame.function == "runtime.goexit" }

  /// Names are kept decoded (`%2e` → `.`), so one that still holds `%` was printed otherwise;
  /// and a name no call line could show (a space, a leading `[`, a trailing `)`) came from a
  /// `created by` line or an escape.
  func showsAsIs(functionName: ByteSlice) -> Bool {
    !functionName.contains(UInt8(ascii: "%")) && GoLineShapes.isFunctionName(functionName)
  }

  /// Go 1.17–1.21 name the wrapper for `go f(x)` `<creator>.funcN`, or `<creator>.N` inside a
  /// closure, and place it at the `go` statement; tracebacks at the default level hide it.
  func isSpawnWrapper(_ frame: Frame, creator: Frame) -> Bool {
    // `main.f.func3` from `main.f`, or `main.f.func1.2` from the closure `main.f.func1`.
    guard frame.file == creator.file, frame.line == creator.line,
      frame.function.hasPrefix(creator.function + ".")
    else { return false }
    var suffix = frame.function.dropFirst(creator.function.count + 1)
    if suffix.hasPrefix("func") { suffix = suffix.dropFirst(4) }
    return !suffix.isEmpty && suffix.allSatisfy { $0 >= "0" && $0 <= "9" }
  }
}
