/// Goroutines whose count changes without meaning anything leaked; diff and trend never report
/// them as growth, and `check` ignores them by default.
public enum GrowthNoise: String, Sendable {
  /// The goroutine that took the dump: it comes and goes with the dump.
  ///
  /// Recognized two ways. In a dump that is not a crash, the first goroutine printed is the one
  /// that asked for it, and it alone is `running` (the world is stopped): `Group.isDumpTaker`.
  /// And by a frame of the dumping code: `runtime/pprof.` (profile writers), `net/http/pprof.`
  /// (the HTTP handler), `runtime.Stack`, `runtime/debug.Stack`, `runtime/debug.PrintStack`;
  /// with the lone net/http connection reader of that request.
  case dumpTaker = "dump-taker"
  /// The runtime's own goroutines (GC workers, the scavenger, finalizers, an idle `g0`): every
  /// frame is a runtime frame. Only system-level dumps (SIGQUIT, GOTRACEBACK=system) print them,
  /// so comparing such a dump with a `debug=2` one would otherwise show them as new. Also
  /// goroutines created but not started yet, whose only frames are the compiler's `go`
  /// wrapper and `runtime.goexit`, and pprof records with no frames left.
  case runtime

  public static func kind(of group: Group) -> GrowthNoise? {
    if isDumpTaker(group) { return .dumpTaker }
    // pprof debug=1 leaves out leading runtime frames: a runtime-only stack has none left.
    if group.frames.isEmpty && !group.isStackUnavailable { return .runtime }
    if !group.frames.isEmpty,
      group.frames.allSatisfy({
        $0.function.hasPrefix("runtime.") || GoSymbol.isHiddenAtDefaultTraceback($0)
      })
    {
      return .runtime
    }
    return nil
  }

  static func isDumpTaker(_ group: Group) -> Bool {
    if group.isDumpTaker || isDumpConnectionReader(group) { return true }
    if let state = group.state, state != "running" && state != "runnable" { return false }
    return group.frames.contains { isDumpingFrame($0.function) }
  }

  /// While a handler runs, net/http reads its connection in a second goroutine; a lone one is
  /// the reader of the `/debug/pprof` request that produced the dump.
  static func isDumpConnectionReader(_ group: Group) -> Bool {
    guard group.count == 1 else { return false }
    if group.createdBy?.function == "net/http.(*connReader).startBackgroundRead" { return true }
    return group.frames.last?.function.hasPrefix("net/http.(*connReader).") == true
      && group.frames.allSatisfy { GoSymbol.isStandardLibrary($0, goroot: nil) }
  }

  static func isDumpingFrame(_ function: String) -> Bool {
    function.hasPrefix("runtime/pprof.writeGoroutine")
      || function.hasPrefix("runtime/pprof.writeRuntimeProfile")
      || function.hasPrefix("runtime/pprof.(*Profile).WriteTo")
      || function.hasPrefix("runtime/pprof.writeProfileInternal")
      || function.hasPrefix("net/http/pprof.") || function == "runtime.Stack"
      || function == "runtime/debug.Stack" || function == "runtime/debug.PrintStack"
      || function == "runtime/debug.WriteHeapDump"
  }
}
