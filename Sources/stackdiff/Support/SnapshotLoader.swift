import ArgumentParser
import StackDiffCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads the command line's inputs, printing parse warnings and turning input errors into
/// `stackdiff: error: <path>: <reason>` and exit status 2.
///
/// Commands that take many inputs read them all, as grep does: an unreadable one is reported
/// and skipped, and `finish()` makes the command end with status 2 after its report. With
/// `--strict`, a warning does the same.
final class SnapshotLoader {
  let options: DumpReader.Options
  let selection: SnapshotSelection?
  let isStrict: Bool
  /// Inputs that could not be read.
  private(set) var failures = 0
  /// Warnings printed about inputs that were read.
  private(set) var warnings = 0

  init(_ input: InputOptions) {
    options = input.readerOptions
    selection = input.snapshot
    isStrict = input.isStrict
  }

  func load(_ path: String, keeping retention: SnapshotRetention = .all, inReportOrder: Bool = true) throws
    -> [Snapshot]
  {
    if path == "-" && isatty(0) == 1 {
      // Not a silent wait: someone may have forgotten the file name.
      Console.error(
        "stackdiff: reading a dump from the terminal: paste it and press Ctrl-D, or name a file or URL")
    }
    let options = readerOptions(keeping: retention, inReportOrder: inReportOrder)
    return try finish(Result { try DumpReader.read(path: path, options: options) }, path: path)
  }

  private func readerOptions(keeping retention: SnapshotRetention, inReportOrder: Bool) -> DumpReader.Options
  {
    var options = options
    options.retention = retention
    options.sortsGroups = inReportOrder
    return options
  }

  /// The dumps read, with their warnings printed, or the input error printed and thrown.
  private func finish(_ read: Result<[Snapshot], any Error>, path: String) throws -> [Snapshot] {
    let snapshots: [Snapshot]
    do {
      snapshots = try read.get()
    } catch let error as InputError {
      throw Console.fail(error)
    }
    return try finish(snapshots, path: path)
  }

  /// Every input's dumps; an input that cannot be read is reported and skipped.
  func loadEach(_ paths: [String]) throws -> [Snapshot] {
    try checkStandardInput(paths)
    var all: [Snapshot] = []
    for path in paths {
      do {
        all += try load(path)
      } catch is ExitCode {
        failures += 1
      }
    }
    return all
  }

  /// One dump of each input (see `loadOne`); an input that cannot be read is reported and
  /// skipped.
  func loadOneEach(_ paths: [String]) throws -> [Snapshot] {
    try checkStandardInput(paths)
    var all: [Snapshot] = []
    for path in paths {
      do {
        all.append(try loadOne(path))
      } catch is ExitCode {
        failures += 1
      }
    }
    return all
  }

  /// `--merge`: `snapshots` folded into one; an error when they are of different formats.
  func merge(_ snapshots: [Snapshot], mode: GroupingMode) throws -> Snapshot {
    do {
      return try Snapshot.merging(snapshots, mode: mode)
    } catch {
      Console.error("stackdiff: error: \(error.description)")
      throw ExitCode(2)
    }
  }

  /// The status the command ends with when its report is written: 2 when an input could not be
  /// read, or, with `--strict`, when one had a warning; else `otherwise`.
  func exitStatus(otherwise: Int32 = 0) -> Int32 {
    failures > 0 || isStrict && warnings > 0 ? 2 : otherwise
  }

  /// Ends the command with `exitStatus`.
  func finish(otherwise: Int32 = 0) throws {
    let status = exitStatus(otherwise: otherwise)
    if status != 0 { throw ExitCode(status) }
  }

  /// Ends the process with `exitStatus` once the report is written: what the command built is
  /// left to the system instead of being freed object by object (half a second for a diff of
  /// 200,000 distinct stacks).
  func end(otherwise: Int32 = 0) -> Never {
    exit(exitStatus(otherwise: otherwise))
  }

  private func checkStandardInput(_ paths: [String]) throws {
    if paths.filter({ $0 == "-" }).count > 1 {
      throw ValidationError("Standard input ('-') can be read only once.")
    }
  }

  /// Like `loadOne`, but input errors are thrown as they are, for callers that try again.
  func loadOneQuietly(_ path: String) throws -> Snapshot {
    var options = options
    options.retention = retention
    let snapshots = try DumpReader.read(path: path, options: options)
    return try select(selection ?? .last, from: snapshots, path: path)
  }

  /// What one dump of an input needs kept.
  private var retention: SnapshotRetention {
    switch selection {
    case .number(let number): return .number(number)
    case .last, nil: return .last
    }
  }

  private func finish(_ snapshots: [Snapshot], path: String) throws -> [Snapshot] {
    for snapshot in snapshots {
      for warning in DiagnosticMessages.warnings(for: snapshot) {
        Console.error(warning)
        warnings += 1
      }
    }
    guard let selection else { return snapshots }
    return [try select(selection, from: snapshots, path: path)]
  }

  /// One snapshot of `path`: the one `--snapshot` names, else the last (saying so when there
  /// were several).
  /// `inReportOrder: false` leaves its groups unsorted, for a side that is only looked up.
  func loadOne(_ path: String, inReportOrder: Bool = true) throws -> Snapshot {
    try chooseOne(of: try load(path, keeping: retention, inReportOrder: inReportOrder), path: path)
  }

  /// `loadOne` of two inputs, read at once when one thread reads each
  /// (`DumpReader.readsOnOneCore`). Messages come in the same order as one after the other.
  func loadTwo(
    _ first: String, inReportOrder firstInOrder: Bool, _ second: String, inReportOrder secondInOrder: Bool
  )
    throws -> (Snapshot, Snapshot)
  {
    guard DumpReader.readsOnOneCore(path: first), DumpReader.readsOnOneCore(path: second) else {
      return (
        try loadOne(first, inReportOrder: firstInOrder), try loadOne(second, inReportOrder: secondInOrder)
      )
    }
    let read = DumpReader.readConcurrently(
      first, options: readerOptions(keeping: retention, inReportOrder: firstInOrder),
      second, options: readerOptions(keeping: retention, inReportOrder: secondInOrder))
    let firstSnapshot = try chooseOne(of: try finish(read.first, path: first), path: first)
    return (firstSnapshot, try chooseOne(of: try finish(read.second, path: second), path: second))
  }

  /// The dump `--snapshot` names, else the last, saying so when there were several.
  private func chooseOne(of snapshots: [Snapshot], path: String) throws -> Snapshot {
    if selection == nil, let count = snapshots.last?.index, count > 1 {
      Console.error(
        "stackdiff: note: \(path) holds \(count) dumps; using the last (--snapshot N picks another)")
    }
    return try select(selection ?? .last, from: snapshots, path: path)
  }

  private func select(_ selection: SnapshotSelection, from snapshots: [Snapshot], path: String) throws
    -> Snapshot
  {
    switch selection {
    case .last:
      guard let last = snapshots.last else {
        throw Console.fail(InputError(source: path, reason: "no dump found"))
      }
      return last
    case .number(let number):
      guard let chosen = snapshots.first(where: { $0.index == number }) else {
        let count = snapshots.last?.index ?? 0
        throw Console.fail(
          InputError(source: path, reason: "has \(count) dump\(count == 1 ? "" : "s"), not \(number)"))
      }
      return chosen
    }
  }

}
