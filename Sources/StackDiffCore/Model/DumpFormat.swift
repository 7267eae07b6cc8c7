/// The shape of an input, as detected or as forced with `--input-format`.
public enum DumpFormat: String, CaseIterable, Sendable {
  /// Goroutine blocks: `debug=2`, `runtime.Stack`, panics, SIGQUIT, goleak reports.
  case goText = "go-text"
  /// pprof `debug=1`: `goroutine profile: total N` and `N @ 0x…` records.
  case goPprofText = "go-pprof-text"
  /// pprof `debug=0`: gzip-compressed profile.proto.
  case goPprofProto = "go-pprof-proto"

  /// Whether traces in this format carry a state (wait reason).
  public var hasStates: Bool { self == .goText }
  /// Whether traces in this format carry `created by`.
  public var hasCreators: Bool { self == .goText }
}
