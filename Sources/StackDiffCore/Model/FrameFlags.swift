/// Frame attributes that some formats print (Swift's backtracer: `[inlined]`, `[async]`, …).
public struct FrameFlags: OptionSet, Hashable, Sendable {
  public let rawValue: UInt8

  public init(rawValue: UInt8) { self.rawValue = rawValue }

  /// Inlined into its caller; it shares the caller's address.
  public static let inlined = FrameFlags(rawValue: 1 << 0)
  /// An async resume point: the continuation of a suspended call.
  public static let async = FrameFlags(rawValue: 1 << 1)
  /// Compiler-generated glue (thunks, partial applies).
  public static let thunk = FrameFlags(rawValue: 1 << 2)
  /// Marked by the runtime as system code.
  public static let system = FrameFlags(rawValue: 1 << 3)

  /// Each flag with the name reports print, in a fixed order.
  public static let names: [(FrameFlags, String)] = [
    (.inlined, "inlined"), (.async, "async"), (.thunk, "thunk"), (.system, "system"),
  ]
}
