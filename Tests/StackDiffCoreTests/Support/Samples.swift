import Foundation
import StackDiffCore

/// Paths of the committed sample dumps, found from this file's location.
enum Samples {
  static let root: String = {
    var url = URL(fileURLWithPath: #filePath)
    // Tests/StackDiffCoreTests/Support/Samples.swift → package root
    for _ in 0..<4 { url.deleteLastPathComponent() }
    return url.appendingPathComponent("SampleDumps").path
  }()

  static func path(_ relative: String) -> String { root + "/" + relative }

  static func bytes(_ relative: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: URL(fileURLWithPath: path(relative))))
  }

  static func text(_ relative: String) throws -> String {
    String(decoding: try bytes(relative), as: UTF8.self)
  }

  /// All dumps in `relative`, parsed.
  static func read(_ relative: String, _ options: DumpReader.Options = .init()) throws -> [Snapshot] {
    try DumpReader.read(path: path(relative), options: options)
  }

  /// The only (or last) dump in `relative`.
  static func snapshot(_ relative: String, _ options: DumpReader.Options = .init()) throws -> Snapshot {
    let all = try read(relative, options)
    guard let last = all.last else { throw SampleError.noSnapshot(relative) }
    return last
  }

  /// Parses text held in memory (for transformed copies of real dumps).
  static func parse(_ text: String, name: String = "memory", _ options: DumpReader.Options = .init()) throws
    -> [Snapshot]
  {
    try DumpReader.read(MemorySource(text), name: name, options: options)
  }

  static func parse(bytes: [UInt8], name: String = "memory", _ options: DumpReader.Options = .init()) throws
    -> [Snapshot]
  {
    try DumpReader.read(MemorySource(bytes), name: name, options: options)
  }

  /// Counts lines of `relative` that start with `prefix`: an independent check on parser counts.
  static func countLines(_ relative: String, prefix: String) throws -> Int {
    try text(relative).split(separator: "\n", omittingEmptySubsequences: false).filter {
      $0.hasPrefix(prefix)
    }.count
  }
}

enum SampleError: Error {
  case noSnapshot(String)
}

extension Snapshot {
  /// The group whose frames include `function`, largest first.
  func groups(containing function: String) -> [Group] {
    groups.filter { $0.frames.contains { $0.function.hasSuffix(function) } }
  }

  func count(inState state: String) -> Int {
    groups.filter { $0.state == state }.reduce(0) { $0 + $1.count }
  }
}
