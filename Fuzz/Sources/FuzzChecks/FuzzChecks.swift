// What fuzzing checks of one input. Shared, byte for byte, by the fuzz executable
// (Fuzz/Sources/fuzz-stackdiff) and the tests that replay its findings
// (Tests/StackDiffCoreTests/Support/FuzzChecks.swift is a link to this file), so it uses
// StackDiffCore's public API only.
import Foundation
import StackDiffCore

/// A fuzz target: a registered format the input is forced to, or `detect` for the reader's own
/// detection (every registered format, gzip and zlib). Every format in
/// `FormatRegistry.standard` is a target, so a new format is fuzzed without a change here.
/// Regression files are named `<target>-<what>`.
public struct FuzzTarget: Hashable, Sendable, CustomStringConvertible {
  public let rawValue: String

  public init?(rawValue: String) {
    guard rawValue == "detect" || FormatRegistry.standard.format(named: rawValue) != nil else { return nil }
    self.rawValue = rawValue
  }

  public static var allCases: [FuzzTarget] {
    (FormatRegistry.standard.formats.map(\.name) + ["detect"]).compactMap { FuzzTarget(rawValue: $0) }
  }

  public var description: String { rawValue }

  /// The longest target name that `fileName` starts with, followed by `-`.
  public static func of(fileName: String) -> FuzzTarget? {
    allCases.filter { fileName.hasPrefix($0.rawValue + "-") }.max { $0.rawValue.count < $1.rawValue.count }
  }

  var forcedFormat: DumpFormat? { FormatRegistry.standard.format(named: rawValue) }
}

/// A broken expectation, with what broke.
public struct FuzzFailure: Error, CustomStringConvertible {
  public let description: String
  init(_ description: String) { self.description = description }
}

public enum FuzzChecks {
  /// Decompressed bytes beyond this are refused, so gzip and zlib bombs end quickly.
  static let maximumInputBytes: UInt64 = 16 << 20

  /// The reader options come from the input's length `n`, so no input bytes are spent on them
  /// and a saved input replays with the same options: grouping = [lines, functions, exact,
  /// thread-name][n % 4], keepTraces = (n / 4) % 2 == 0, keepsHiddenFrames = (n / 8) % 2 == 1.
  public static func options(for target: FuzzTarget, count n: Int) -> DumpReader.Options {
    let modes = GroupingMode.allCases
    return DumpReader.Options(
      grouping: modes[n % modes.count], keepTraces: (n / 4) % 2 == 0, keepsHiddenFrames: (n / 8) % 2 == 1,
      formats: .standard, inputFormat: target.forcedFormat, maximumInputBytes: maximumInputBytes)
  }

  /// Frame patterns are matched for one input in sixteen ((n / 16) % 16 == 0): matching costs
  /// about ten parses, and parsing is the subject.
  static func matchesPatterns(count n: Int) -> Bool { (n / 16) % 16 == 0 }

  /// Reads `bytes` as `target` and checks: only `InputError`s are thrown; the same bytes read
  /// twice give equal snapshots (or equal errors); each total is the sum of its groups; another
  /// grouping mode with `keepTraces` flipped finds the same totals and formats; show, diff and
  /// check render, and show's JSON parses.
  public static func check(_ bytes: [UInt8], as target: FuzzTarget) throws(FuzzFailure) {
    let options = options(for: target, count: bytes.count)
    let first = try read(bytes, options)
    let second = try read(bytes, options)
    switch (first, second) {
    case (.failure(let a), .failure(let b)):
      if a != b { throw FuzzFailure("two reads of the same bytes failed differently:\n  \(a)\n  \(b)") }
    case (.success, .failure(let b)):
      throw FuzzFailure("the first read succeeded, the second read of the same bytes failed: \(b)")
    case (.failure(let a), .success):
      throw FuzzFailure("the first read failed (\(a)), the second read of the same bytes succeeded")
    case (.success(let a), .success(let b)):
      if a != b { throw FuzzFailure("two reads of the same bytes gave different snapshots") }
      if a.isEmpty { throw FuzzFailure("a read succeeded with no snapshots") }
      try checkCounts(a, bytes, options)
      try analyze(a, mode: options.grouping, patterns: matchesPatterns(count: bytes.count))
    }
  }

  private static func read(_ bytes: [UInt8], _ options: DumpReader.Options) throws(FuzzFailure)
    -> Result<[Snapshot], InputError>
  {
    do {
      return .success(try DumpReader.read(MemorySource(bytes), name: "fuzz-input", options: options))
    } catch let error as InputError {
      return .failure(error)
    } catch {
      // The library promises InputError for bad input; anything else is a finding.
      throw FuzzFailure("DumpReader.read threw a non-InputError: \(type(of: error)): \(error)")
    }
  }

  private static func checkCounts(_ snapshots: [Snapshot], _ bytes: [UInt8], _ options: DumpReader.Options)
    throws(FuzzFailure)
  {
    for (position, snapshot) in snapshots.enumerated() where snapshot.total < Int.max / 2 {
      let sum = snapshot.groups.reduce(0) { $0 &+ $1.count }
      if sum != snapshot.total {
        throw FuzzFailure("snapshot \(position + 1): total \(snapshot.total) but its groups count \(sum)")
      }
    }
    var other = options
    let modes = GroupingMode.allCases
    other.grouping = modes[((modes.firstIndex(of: options.grouping) ?? 0) + 1) % modes.count]
    other.keepTraces.toggle()
    guard case .success(let again) = try read(bytes, other) else {
      throw FuzzFailure("a read with grouping \(other.grouping), keepTraces \(other.keepTraces) failed")
    }
    if again.map(\.total) != snapshots.map(\.total) || again.map(\.format) != snapshots.map(\.format) {
      throw FuzzFailure(
        "grouping \(other.grouping), keepTraces \(other.keepTraces) changed the totals: "
          + "\(snapshots.map(\.total)) → \(again.map(\.total))")
    }
  }

  private static func analyze(_ snapshots: [Snapshot], mode: GroupingMode, patterns: Bool) throws(FuzzFailure) {
    let show = ShowRenderer()
    _ = show.text(snapshots)
    let json = show.json(snapshots)
    do {
      _ = try JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed])
    } catch {
      throw FuzzFailure("show's JSON does not parse: \(error)\n--- output ---\n\(json.prefix(2000))")
    }
    var assertions: [Assertion] = [.maxTotal(1), .maxGrowth(0), .maxNewGroups(0)]
    if patterns, let main = try? FramePattern("main") { assertions.append(.absent(main)) }
    for snapshot in snapshots {
      _ = DiffRenderer().text(Differ.diff(before: snapshot, after: snapshot, mode: mode))
      let report = Checker.check(
        snapshot, baseline: snapshot, assertions: assertions, ignoring: IgnoreRules(usesDefaults: patterns),
        mode: mode)
      _ = CheckRenderer().text(report)
    }
  }
}
