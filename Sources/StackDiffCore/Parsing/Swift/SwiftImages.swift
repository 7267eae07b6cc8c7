/// Whose code an image holds, by its file name as dumps print it (`libc.so.6`,
/// `libswift_Concurrency.so`, `libFoundation.so`, `MyServer`).
enum SwiftImages {
  /// The Swift runtime, the concurrency runtime, Dispatch, the C library and the system below
  /// them: never where a user looks first.
  static func isRuntime(_ image: String) -> Bool {
    if isGlibc(image) { return true }
    for prefix in runtimePrefixes where image.hasPrefix(prefix) { return true }
    return false
  }

  private static let runtimePrefixes = [
    "libswiftCore.", "libswift_", "libdispatch.", "libswiftDispatch.", "libBlocksRuntime.",
    "libstdc++.", "libc++.", "libc++abi.", "libgcc_s.", "linux-vdso.", "libsystem_", "libdyld.", "dyld",
    "libobjc.",
    // Darwin before macOS 10.7 had one C library, `libSystem.B.dylib`, where `libsystem_*` are now.
    "libSystem.",
  ]

  /// glibc's own libraries: the C library, threads, the dynamic loader.
  static func isGlibc(_ image: String?) -> Bool {
    guard let image else { return false }
    return image.hasPrefix("libc.so") || image.hasPrefix("libc-") || image.hasPrefix("libpthread.")
      || image.hasPrefix("libpthread-") || image.hasPrefix("ld-linux") || image.hasPrefix("libm.so")
      || image.hasPrefix("libdl.") || image.hasPrefix("librt.") || image == "libc.musl-x86_64.so.1"
  }

  /// Darwin's C library and kernel interface as Apple crash reports name them
  /// (`libsystem_kernel.dylib`, `libsystem_pthread.dylib`, `libsystem_c.dylib`; `libSystem.B.dylib`
  /// in old reports): where a Darwin thread waits, as glibc is on Linux.
  static func isDarwinSystem(_ image: String?) -> Bool {
    guard let image else { return false }
    return image.hasPrefix("libsystem_") || image.hasPrefix("libSystem.")
  }

  /// A shared library or framework: Foundation and every other library the program links.
  /// What is left is the program's own executable, where user code is.
  static func isLibrary(_ image: String) -> Bool {
    image.hasSuffix(".dylib") || image.contains(".so") || image.hasSuffix(".framework")
      || image == "Foundation" || image == "CoreFoundation" || image == "libswiftFoundation"
  }

  /// A source file of a SwiftPM or Xcode dependency (`…/.build/checkouts/swift-nio/…`): linked
  /// into the executable, but library code all the same.
  static func isDependencySource(_ file: String) -> Bool {
    file.contains("/.build/checkouts/") || file.contains("/SourcePackages/checkouts/")
  }
}
