/// Whose code a frame runs, as the dump's dialect judges it when the frame is read.
public enum FrameOrigin: String, Sendable {
  /// The program's own code: where sites are found.
  case user
  /// A standard or system library (Go's standard library, Foundation, libc, …).
  case library
  /// The language runtime itself (Go's `runtime`, the Swift concurrency runtime).
  case runtime
}
