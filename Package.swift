// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "stackdiff",
  products: [
    .executable(name: "stackdiff", targets: ["stackdiff"]),
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
    .target(
      name: "StackDiffCore", dependencies: ["CZlib"],
      swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"])]
    ),
    .executableTarget(
      name: "stackdiff",
      dependencies: [
        "StackDiffCore",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .testTarget(name: "StackDiffCoreTests", dependencies: ["StackDiffCore"]),
    .testTarget(name: "StackDiffCLITests", dependencies: ["StackDiffCore"]),
  ],
  swiftLanguageModes: [.v6]
)
