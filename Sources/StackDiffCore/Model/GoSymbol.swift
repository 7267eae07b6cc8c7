/// Facts about Go function names as the runtime prints them.
public enum GoSymbol {
  /// The import path of the package that defines `function`:
  /// `example.com/a/b.(*T).M` → `example.com/a/b`, `main.main.func1` → `main`.
  public static func packagePath(of function: String) -> String {
    let utf8 = function.utf8
    let lastSlash = utf8.lastIndex(of: UInt8(ascii: "/"))
    let nameStart = lastSlash.map { utf8.index(after: $0) } ?? utf8.startIndex
    guard let dot = utf8[nameStart...].firstIndex(of: UInt8(ascii: ".")) else { return function }
    return String(function[..<dot])
  }

  /// True for frames that the runtime hides at traceback level 1 (debug=2, runtime.Stack, panics
  /// with the default GOTRACEBACK) but shows in SIGQUIT, GOTRACEBACK=system and pprof debug=0/1
  /// output: unexported `runtime.` functions, `runtime.goexit`, and compiler wrappers
  /// (method values `-fm`, Go 1.21+ `go` statement wrappers `.gowrapN`).
  /// Dropping them makes every source of the same state give the same stacks.
  public static func isHiddenAtDefaultTraceback(_ function: String) -> Bool {
    var utf8 = Substring(function).utf8
    if function.hasPrefix("runtime.") {
      utf8 = utf8.dropFirst(8)
      guard let first = utf8.first else { return true }
      return !(first >= UInt8(ascii: "A") && first <= UInt8(ascii: "Z"))
    }
    if function.hasPrefix("internal/runtime/") { return true }
    if function.hasSuffix("-fm") { return true }
    // `.gowrapN`: strip the digits, then look for the marker.
    let withoutDigits = function.utf8.reversed().drop { $0 >= 0x30 && $0 <= 0x39 }
    guard withoutDigits.count < function.utf8.count else { return false }
    return String(decoding: withoutDigits.reversed(), as: UTF8.self).hasSuffix(".gowrap")
  }

  /// Whether a frame belongs to the Go runtime or standard library rather than the user's code.
  ///
  /// A package is standard when the first element of its import path has no dot (`net/http`,
  /// `runtime`), except `main` and GOPATH-style `_/dir` packages. When the dump reveals GOROOT
  /// (a runtime frame's file), a file outside `GOROOT/src` is user code whatever its package is
  /// called, which catches modules named without a dot (`module leakdemo`).
  public static func isStandardLibrary(_ frame: Frame, goroot: String?) -> Bool {
    if frame.function == "panic" { return true }
    let package = packagePath(of: frame.function)
    if package == "main" || package.hasPrefix("main.") || package.hasPrefix("_/") { return false }
    if let goroot, !frame.file.isEmpty {
      return frame.file.hasPrefix(goroot + "/src/")
    }
    let firstElement = package.split(separator: "/", maxSplits: 1).first ?? Substring(package)
    return !firstElement.contains(".")
  }
}
