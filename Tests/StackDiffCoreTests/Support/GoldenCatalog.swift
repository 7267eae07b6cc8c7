import Foundation
import Testing

@testable import StackDiffCore

/// Finds the golden-output cases by globbing SampleDumps, so a new sample needs no test code:
/// every sample gets a `show` golden, every pair of samples a `diff` golden, every series of
/// three or more a `trend` golden.
///
/// Pairs and series come from file names in one folder: `x-before.txt` and `x-after.txt`, or
/// names that differ only in one number (`sumserver-0050.txt`, `sumserver-0500.txt`;
/// `continuations.n10.txt`, `continuations.n100.txt`), ordered by that number.
enum GoldenCatalog {
  /// Folders of SampleDumps that hold no samples of their own.
  static let skippedFolders: Set<String> = ["generators", "gzip"]

  /// Every sample, relative to SampleDumps, sorted.
  static let samples: [String] = {
    let root = URL(fileURLWithPath: Samples.root)
    guard
      let walker = FileManager.default.enumerator(
        at: root, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
    else { return [] }
    var found: [String] = []
    for case let url as URL in walker {
      let relative = String(url.path.dropFirst(root.path.count + 1))
      if skippedFolders.contains(String(relative.prefix { $0 != "/" })) {
        walker.skipDescendants()
        continue
      }
      guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true,
        !isDocumentation(relative)
      else { continue }
      found.append(relative)
    }
    return found.sorted()
  }()

  /// Notes beside the samples, not samples.
  static func isDocumentation(_ relative: String) -> Bool {
    relative.hasSuffix(".md") || relative.hasSuffix("capture-log.txt")
  }

  /// Series of two or more samples, oldest (smallest) first.
  static let series: [[String]] = {
    var byShape: [String: [(number: Int, path: String)]] = [:]
    var beforeAfter: [[String]] = []
    let all = Set(samples)
    for sample in samples {
      let name = (sample as NSString).lastPathComponent
      let folder = (sample as NSString).deletingLastPathComponent
      if let range = name.range(of: "before", options: .backwards) {
        let partner = folder + "/" + name.replacingCharacters(in: range, with: "after")
        if all.contains(partner) { beforeAfter.append([sample, partner]) }
      }
      for (shape, number) in numberedShapes(of: name) {
        byShape[folder + "/" + shape, default: []].append((number, sample))
      }
    }
    let numbered = byShape.values.filter { $0.count >= 2 }.map { members in
      members.sorted { $0.number < $1.number }.map(\.path)
    }
    return (beforeAfter + numbered).sorted { $0.lexicographicallyPrecedes($1) }
  }()

  /// Consecutive pairs of every series.
  static let pairs: [SamplePair] = series.flatMap { members in
    zip(members, members.dropFirst()).map { SamplePair(before: $0, after: $1) }
  }

  /// Series long enough for a trend.
  static let trends: [[String]] = series.filter { $0.count >= 3 }

  /// For each run of digits in `name`: the name with that run replaced by `#`, and its value.
  private static func numberedShapes(of name: String) -> [(String, Int)] {
    var shapes: [(String, Int)] = []
    var index = name.startIndex
    while index < name.endIndex {
      guard name[index].isASCII, name[index].isNumber else {
        index = name.index(after: index)
        continue
      }
      let end = name[index...].firstIndex { !($0.isASCII && $0.isNumber) } ?? name.endIndex
      if let value = Int(name[index..<end]) {
        shapes.append((name.replacingCharacters(in: index..<end, with: "#"), value))
      }
      index = end
    }
    return shapes
  }

  /// The committed expected output for `name` (a path under Golden/); with
  /// STACKDIFF_UPDATE_GOLDEN=1 it is rewritten and the test fails, so a regeneration is never
  /// mistaken for a pass.
  static func compare(
    _ actual: String, golden name: String, sourceLocation: SourceLocation = #_sourceLocation
  )
    throws
  {
    let path = GoldenOutputTests.goldenDirectory + "/" + name
    if ProcessInfo.processInfo.environment["STACKDIFF_UPDATE_GOLDEN"] == "1" {
      let existing = try? String(contentsOfFile: path, encoding: .utf8)
      guard existing != actual else { return }
      try FileManager.default.createDirectory(
        atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
      try actual.write(toFile: path, atomically: true, encoding: .utf8)
      Issue.record(
        "rewrote Golden/\(name): review the change, then run the tests without STACKDIFF_UPDATE_GOLDEN",
        sourceLocation: sourceLocation)
      return
    }
    guard let expected = try? String(contentsOfFile: path, encoding: .utf8) else {
      Issue.record(
        "no Golden/\(name): run `STACKDIFF_UPDATE_GOLDEN=1 swift test` once to write it, and review it",
        sourceLocation: sourceLocation)
      return
    }
    #expect(actual == expected, "output differs from Golden/\(name)", sourceLocation: sourceLocation)
  }
}

struct SamplePair: CustomTestStringConvertible, Sendable {
  var before: String
  var after: String

  var testDescription: String { "\(before) → \(after)" }

  /// `go/logsfollow/leaky-before.txt--leaky-after.txt`
  var goldenName: String { before + "--" + (after as NSString).lastPathComponent }
}
