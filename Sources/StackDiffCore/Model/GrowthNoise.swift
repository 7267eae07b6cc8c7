/// Why a group's count changes without anything leaking. Diff and trend never report such
/// groups as growth, and `check` ignores them by default. The dialect decides (see
/// `LanguageDialect.noise(of:)`).
public enum GrowthNoise: String, Sendable {
  /// The trace that took the dump: it comes and goes with the dump.
  case dumpTaker = "dump-taker"
  /// The runtime's own traces (GC workers, finalizers, idle workers): no frame of the user's or
  /// a library's, or no frame left at all.
  case runtime
  /// The thread that crashed (or got the dump signal): it is there because of the dump.
  case crashed
}
