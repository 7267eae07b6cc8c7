#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Turns mangled names (`$s5crash14OrderValidatorV8validate5orderSbAA0B0V_tF`, `_ZN5swift…`)
/// into the names the backtracer prints (`OrderValidator.validate(order:)`), with the Swift
/// runtime's own demangler: the one the backtracer uses, so `demangle=no` dumps and JSON
/// `symbol` fields read like every other dump. C++ names (`_Z…`) go to the C++ ABI's
/// `__cxa_demangle` (libstdc++ or libc++, which every Swift program on Linux loads), the
/// demangler the runtime itself calls for them. Both are looked up when first needed; without
/// them, names stay as printed.
enum SwiftDemangler {
  /// `_swift_backtrace_demangle(name, length, buffer, bufferSize)`: the backtracer's simplified
  /// demangling, Swift and C++ names. Returns malloc'd memory or nil.
  private typealias Simplified =
    @convention(c) (
      UnsafePointer<UInt8>?, Int, UnsafeMutablePointer<UInt8>?, UnsafeMutablePointer<Int>?
    ) -> UnsafeMutablePointer<CChar>?

  private static let simplified: Simplified? = {
    guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "_swift_backtrace_demangle") else {
      return nil
    }
    return unsafeBitCast(symbol, to: Simplified.self)
  }()

  /// `abi::__cxa_demangle(name, buffer, length, status)`: returns malloc'd memory or nil.
  private typealias CXXDemangle =
    @convention(c) (
      UnsafePointer<CChar>?, UnsafeMutablePointer<CChar>?, UnsafeMutablePointer<Int>?,
      UnsafeMutablePointer<Int32>?
    ) -> UnsafeMutablePointer<CChar>?

  private static let cxxDemangle: CXXDemangle? = {
    guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "__cxa_demangle") else { return nil }
    return unsafeBitCast(symbol, to: CXXDemangle.self)
  }()

  /// Whether `name` looks mangled: Swift (`$s`, `_$s`, `$S`, `_T0`, embedded `$e`) or C++ (`_Z`).
  static func isMangled(_ name: String) -> Bool {
    let utf8 = name.utf8
    guard utf8.count > 3, let first = utf8.first else { return false }
    let rest = first == UInt8(ascii: "_") ? name.dropFirst() : Substring(name)
    return rest.hasPrefix("$s") || rest.hasPrefix("$S") || rest.hasPrefix("$e") || rest.hasPrefix("T0")
      || (first == UInt8(ascii: "_") && rest.hasPrefix("Z"))
  }

  /// The simplified demangling of a Swift `name`, `__cxa_demangle`'s of a C++ one (the
  /// runtime's as a fallback); nil when it is not a mangled name either knows.
  static func demangle(_ name: String) -> String? {
    guard isMangled(name) else { return nil }
    if name.hasPrefix("_Z"), let demangled = demangleCXX(name) { return demangled }
    guard let simplified else { return nil }
    var bytes = Array(name.utf8)
    bytes.append(0)
    let demangled = bytes.withUnsafeBufferPointer { buffer -> String? in
      guard let result = simplified(buffer.baseAddress, buffer.count - 1, nil, nil) else { return nil }
      defer { free(result) }
      return String(cString: result)
    }
    guard let demangled, !demangled.isEmpty, demangled != name else { return nil }
    return demangled
  }

  /// A C++ name as `__cxa_demangle` spells it (`llvm::sys::PrintStackTrace(llvm::raw_ostream&,
  /// int)`), or nil.
  static func demangleCXX(_ name: String) -> String? {
    guard let cxxDemangle else { return nil }
    var status: Int32 = 0
    guard let result = name.withCString({ cxxDemangle($0, nil, nil, &status) }) else { return nil }
    defer { free(result) }
    guard status == 0 else { return nil }
    let demangled = String(cString: result)
    return demangled.isEmpty || demangled == name ? nil : demangled
  }
}
