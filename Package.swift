// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "stackdiff",
  products: [
    .executable(name: "stackdiff", targets: ["stackdiff"]),
    .executable(name: "stackdiff-bench", targets: ["stackdiff-bench"]),
    .library(name: "StackDiffCore", targets: ["StackDiffCore"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
  ],
  targets: [
    .systemLibrary(
      name: "CZlib",
      pkgConfig: "zlib",
      providers: [.apt(["zlib1g-dev"])]
    ),
    // Loads the system libcurl on demand for http(s) inputs.
    // DWARF 4: valgrind (used to profile, see README) cannot read clang's default DWARF 5.
    .target(
      name: "CHTTP", cSettings: [.unsafeFlags(["-gdwarf-4"])], linkerSettings: [.linkedLibrary("dl")]
    ),
    .target(
      name: "StackDiffCore", dependencies: ["CZlib", "CHTTP"],
      swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"])]
    ),
    .executableTarget(
      name: "stackdiff",
      dependencies: [
        "StackDiffCore",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    // Not part of the test suite: `swift run -c release stackdiff-bench`.
    .executableTarget(name: "stackdiff-bench"),
    .testTarget(name: "StackDiffCoreTests", dependencies: ["StackDiffCore"], exclude: ["Golden"]),
    .testTarget(name: "StackDiffCLITests", dependencies: ["StackDiffCore"]),
  ],
  swiftLanguageModes: [.v6]
)
