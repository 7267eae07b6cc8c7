/// Swift's rules: which images are the runtime's (the Swift and concurrency runtimes, Dispatch,
/// the C library) and which a library's (Foundation, other shared libraries, package
/// dependencies); where user code starts (the program's own executable); the compiler's glue
/// that dumps print or not; what blocks; and the threads every Swift program has.
///
/// It holds no fields beyond what a trace is, so copying a format that names it is cheap.
struct SwiftDialect: LanguageDialect {
  enum Traces {
    /// Thread dumps: the runtime backtracer, lldb `bt all`.
    case threads
    /// Task dumps: lldb `language swift task backtrace`.
    case tasks
  }

  var traces = Traces.threads

  var name: String { "swift" }
  var traceNoun: TraceNoun {
    switch traces {
    case .threads: return TraceNoun("thread", plural: "threads")
    case .tasks: return TraceNoun("task", plural: "tasks")
    }
  }
  /// Swift dumps mark every cut with `...`.
  var possiblyCutDepth: Int? { nil }
  /// The runtime's own threads are `noise(of:)`; a crashed thread is noise by itself.
  var defaultIgnores: [IgnoreRule] { [] }

  func classify(_ frame: inout Frame, in layout: ProgramLayout) {
    frame.origin = Self.origin(of: frame, mainImage: layout.mainImage)
    frame.isHidden = Self.isHidden(frame)
  }

  /// `mainImage`: the program's executable, when the dump names it (an Apple crash report's
  /// `Process:`); every other image is then a system or third-party framework.
  static func origin(of frame: Frame, mainImage: String? = nil) -> FrameOrigin {
    // `symbolicate=off`: an address says nothing about whose code it is, so it is no site.
    if frame.function.hasPrefix("0x") { return .library }
    guard let image = frame.image else {
      // The runtime's C++ namespace; with an image, `swift::` may be the compiler's own code.
      if frame.function.hasPrefix("swift::") { return .runtime }
      if let known = originByName(frame.function) { return known }
      return SwiftImages.isDependencySource(frame.file) ? .library : .user
    }
    if SwiftImages.isRuntime(image) { return .runtime }
    if SwiftImages.isLibrary(image) || SwiftImages.isDependencySource(frame.file) { return .library }
    // `-static-stdlib` links the runtime, Dispatch and Foundation into the executable (static
    // Docker images): their frames name the program's image but not its code.
    if let known = originByName(frame.function) { return known }
    // Darwin frameworks carry no suffix (`AppKit`, `com.apple.CoreFoundation`, `Sparkle`).
    if let mainImage, image != mainImage { return .library }
    return .user
  }

  /// Whose code a frame is by its name alone, for frames whose image does not tell: formats
  /// that print no image, and runtime code linked into the executable. Only names no program
  /// defines: C and C++ runtime prefixes, Dispatch's, stdlib and Foundation entry points.
  static func originByName(_ function: String) -> FrameOrigin? {
    if function.hasPrefix("swift_") || function.hasPrefix("_swift_") || function.hasPrefix("_dispatch_")
      || function.hasPrefix("dispatch_")
    {
      return .runtime
    }
    // Full demanglings name the module (swift-server/swift-backtrace): `Swift._assertionFailure(…)`.
    if function.hasPrefix("Swift.") || function.hasPrefix("(extension in Swift):")
      || function.hasPrefix("_Concurrency.")
    {
      return .runtime
    }
    if function.hasPrefix("Foundation.") { return .library }
    let base = function.prefix { $0 != "(" }
    if runtimeEntryPoints.contains(String(base)) { return .runtime }
    if foundationEntryPoints.contains(function) { return .library }
    return nil
  }

  /// Where the standard library stops a program (`fatalError`, `precondition`, a failed `!`).
  private static let runtimeEntryPoints: Set<String> = [
    "_assertionFailure", "_fatalErrorMessage", "_preconditionFailure", "_unimplementedInitializer",
    "_diagnoseUnexpectedNilOptional", "_diagnoseUnexpectedEnumCase",
  ]
  /// Foundation's thread start, between a `Thread` block and the C library.
  private static let foundationEntryPoints: Set<String> = [
    "Thread.main()", "NSThreadStart(_:)", "__NSThread__start__",
  ]

  /// Glue the compiler made (thunks, partial applies) and the machinery that starts threads and
  /// runs jobs: dumps print them or not depending on the tool and the build, and they never say
  /// what a thread waits for. `--runtime-frames` keeps them.
  static func isHidden(_ frame: Frame) -> Bool {
    if frame.flags.contains(.thunk) || frame.flags.contains(.system) { return true }
    if SwiftSymbol.isGlue(frame.function) { return true }
    if frame.file == "<compiler-generated>" && frame.origin != .runtime { return true }
    return hiddenMachinery.contains(frame.function)
      || frame.function.hasPrefix("_dispatch_worker_thread")
      || frame.function.hasPrefix("_dispatch_root_queue_drain")
      || frame.function.hasPrefix("swift::runJobInEstablishedExecutorContext")
      || frame.function.hasPrefix("completeTaskWithClosure")
      || frame.function.hasPrefix("completeTaskAndRelease")
  }

  private static let hiddenMachinery: Set<String> = [
    "start_thread", "clone3", "clone", "_start", "libc_start_main", "libc_start_main_impl",
    "libc_start_call_main", "thread_start", "_pthread_start", "swift_job_run", "swift_job_runImpl",
    "_dispatch_client_callout", "_dispatch_continuation_pop", "_dispatch_call_block_and_release",
    "_dispatch_async_redirect_invoke", "_dispatch_queue_override_invoke", "_dispatch_lane_invoke",
    "_dispatch_lane_serial_drain", "_dispatch_workloop_worker_thread",
  ]

  func isBlocked(state: String) -> Bool {
    switch traces {
    case .threads: return SwiftThreadState.isBlocked(state)
    case .tasks: return SwiftTaskState.isBlocked(state)
    }
  }

  func blockedPhrase(state: String) -> String {
    switch traces {
    case .threads: return "blocked in \(state)"
    case .tasks: return SwiftTaskState.blockedPhrase(state)
    }
  }

  /// The runtime's own threads: Dispatch's manager and idle pool workers. Their stacks hold
  /// only runtime frames, and, where the dump names threads, every name is a Dispatch worker's
  /// (`com.apple.root.default-qos`, cut to 15 characters by the kernel): a semaphore wait cut
  /// to one futex frame is the same stack, but on a thread the program named.
  func noise(of group: Group) -> GrowthNoise? {
    guard traces == .threads else { return nil }
    guard group.frames.allSatisfy({ $0.origin == .runtime }) else { return nil }
    if group.frames.contains(where: { $0.function.hasPrefix("_dispatch_mgr_") }) { return .runtime }
    guard !group.names.isEmpty, group.unlistedNameCount == 0 else { return nil }
    return group.names.allSatisfy { Self.isDispatchWorkerName($0.name) } ? .runtime : nil
  }

  /// Names libdispatch gives its threads, as the kernel keeps them (15 characters, digits folded).
  static func isDispatchWorkerName(_ name: String) -> Bool {
    name.hasSuffix("-qos") || name.hasSuffix("-qos.overcommit") || name.hasSuffix(".overcommit")
      || name.hasPrefix("com.apple.root.") || name.hasPrefix("DispatchWorker")
      || name.hasPrefix("com.apple.libdis")
  }

  /// Swift names are printed short already (`Connection.awaitReply()`).
  func shortName(of function: String) -> String { function }

  /// The backtracer reports `kill -QUIT` (and SIGTERM) as `Program crashed: Terminated`: the
  /// "crashed" thread is only where the signal landed.
  func crashIsDumpSignal(events: [String]) -> Bool {
    events.contains { $0.hasPrefix("Program crashed: Terminated") || $0.hasPrefix("Program crashed: Quit") }
  }

  /// A lone C library wait, its callers lost by the backtracer's frame-pointer unwinding.
  func caveat(of group: Group) -> GroupCaveat? {
    guard traces == .threads, group.frames.count == 1, group.elision != .none, let frame = group.frames.first,
      SwiftImages.isGlibc(frame.image),
      SwiftThreadState.isBlocked(SwiftThreadState.state(leaf: frame.function, image: frame.image))
    else { return nil }
    return .callersLost
  }
}
