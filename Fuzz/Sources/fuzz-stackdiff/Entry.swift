import CLibFuzzer
import FuzzChecks
import Foundation

/// The target of this process, from `FUZZ_TARGET` (set by run.sh).
nonisolated(unsafe) private var target: FuzzTarget? = nil

/// libFuzzer's callback: one input. A broken expectation is a crash, which libFuzzer reports
/// with the message above it and saves the input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let bytes = size > 0 && data != nil ? [UInt8](UnsafeBufferPointer(start: data, count: size)) : []
  guard let target else { return 0 }
  do {
    try FuzzChecks.check(bytes, as: target)
  } catch {
    fatalError("FUZZ[\(target.rawValue)]: \(error)")
  }
  return 0
}

/// SwiftPM gives every executable a `main`, so libFuzzer's own is not linked: start its driver.
@main enum Main {
  static func main() {
    let name = ProcessInfo.processInfo.environment["FUZZ_TARGET"] ?? ""
    guard let chosen = FuzzTarget(rawValue: name) else {
      let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
      FileHandle.standardError.write(Data("fuzz-stackdiff: set FUZZ_TARGET to one of: \(names)\n".utf8))
      exit(64)
    }
    target = chosen
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzOne(data, size) })
  }
}
