/// Goroutines that exist only because a dump was being taken: the one running
/// `runtime.Stack` / `runtime/debug.Stack`, or serving `/debug/pprof/goroutine` and writing the
/// profile. They come and go with the dump, so they are never reported as growth.
///
/// Recognized by a frame of the dumping code: `runtime/pprof.` (profile writers),
/// `net/http/pprof.` (the HTTP handler), `runtime.Stack`, `runtime/debug.Stack`,
/// `runtime/debug.PrintStack`, `runtime/debug.WriteHeapDump`.
public enum DumpNoise {
  public static func isDumpingGoroutine(_ group: Group) -> Bool {
    if let state = group.state, state != "running" && state != "runnable" { return false }
    return group.frames.contains { isDumpingFrame($0.function) }
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
