#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A POSIX thread that runs one closure and is joined by its owner. (Foundation's `Thread`
/// would bring Foundation into the library for this alone.) `pthread_t` is an integer on Linux
/// and an optional pointer on Darwin; this is the one place that knows.
final class NativeThread {
  private final class Body {
    let run: () -> Void
    init(_ run: @escaping () -> Void) { self.run = run }
  }

  #if canImport(Darwin)
    private var handle: pthread_t?
  #else
    private var handle = pthread_t()
  #endif

  private init() {}

  static let stackSize = 8 << 20

  /// Starts `body` on a new thread; nil when the system cannot start one.
  static func start(_ body: @escaping () -> Void) -> NativeThread? {
    let thread = NativeThread()
    let context = Unmanaged.passRetained(Body(body)).toOpaque()
    // A main thread's stack, not the 512 KiB of a Darwin thread's: any parser may run here.
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    defer { pthread_attr_destroy(&attributes) }
    pthread_attr_setstacksize(&attributes, stackSize)
    #if canImport(Darwin)
      let status = pthread_create(
        &thread.handle, &attributes,
        { context in
          Unmanaged<Body>.fromOpaque(context).takeRetainedValue().run()
          return nil
        }, context)
    #else
      let status = pthread_create(
        &thread.handle, &attributes,
        { context in
          guard let context else { return nil }
          Unmanaged<Body>.fromOpaque(context).takeRetainedValue().run()
          return nil
        }, context)
    #endif
    guard status == 0 else {
      Unmanaged<Body>.fromOpaque(context).release()
      return nil
    }
    return thread
  }

  /// Waits for the closure to return.
  func join() {
    #if canImport(Darwin)
      if let handle { pthread_join(handle, nil) }
    #else
      pthread_join(handle, nil)
    #endif
  }
}
