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
    .target(name: "CHTTP", linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]),
    .target(name: "StackDiffCore", dependencies: ["CZlib", "CHTTP"]),
    .executableTarget(
      name: "stackdiff",
      dependencies: [
        "StackDiffCore",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    // Not part of the test suite: `swift run -c release stackdiff-bench`.
    .executableTarget(
      name: "stackdiff-bench", dependencies: [.product(name: "ArgumentParser", package: "swift-argument-parser")]),
    .testTarget(name: "StackDiffCoreTests", dependencies: ["StackDiffCore"], exclude: ["Golden"]),
    .testTarget(name: "StackDiffCLITests", dependencies: ["StackDiffCore"]),
  ],
  swiftLanguageModes: [.v6]
)
