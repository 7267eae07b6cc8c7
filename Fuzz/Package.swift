// swift-tools-version:6.0
// Fuzzing for StackDiffCore with libFuzzer. A package of its own, so that the main package's
// `swift build` and `swift test` never build it. Build and run with `Fuzz/run.sh` (README.md).
import Foundation
import PackageDescription

// A path dependency's identity is its directory's name, whatever the clone is called.
let mainIdentity = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().lastPathComponent.lowercased()

let package = Package(
  name: "stackdiff-fuzz",
  products: [.executable(name: "fuzz-stackdiff", targets: ["fuzz-stackdiff"])],
  dependencies: [.package(path: "..")],
  targets: [
    // Declares libFuzzer's LLVMFuzzerRunDriver.
    .target(name: "CLibFuzzer"),
    // What is checked of each input; the main package's tests compile the same file.
    .target(name: "FuzzChecks", dependencies: [.product(name: "StackDiffCore", package: mainIdentity)]),
    .executableTarget(
      name: "fuzz-stackdiff", dependencies: ["CLibFuzzer", "FuzzChecks"],
      swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
  ],
  swiftLanguageModes: [.v6]
)
