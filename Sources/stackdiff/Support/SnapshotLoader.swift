import ArgumentParser
import StackDiffCore

/// Reads the command line's inputs, printing parse warnings and turning input errors into
/// `stackdiff: error: <path>: <reason>` and exit status 2.
struct SnapshotLoader {
  var options: DumpReader.Options
  var selection: SnapshotSelection?

  init(_ input: InputOptions) {
    options = input.readerOptions
    selection = input.snapshot
  }

  func load(_ path: String) throws -> [Snapshot] {
    let snapshots: [Snapshot]
    do {
      snapshots = try DumpReader.read(path: path, options: options)
    } catch let error as InputError {
      throw Console.fail(error)
    }
    return try finish(snapshots, path: path)
  }

  /// Like `loadOne`, but input errors are thrown as they are, for callers that try again.
  func loadOneQuietly(_ path: String) throws -> Snapshot {
    let snapshots = try DumpReader.read(path: path, options: options)
    return try select(selection ?? .last, from: snapshots, path: path)
  }

  private func finish(_ snapshots: [Snapshot], path: String) throws -> [Snapshot] {
    for snapshot in snapshots {
      for warning in DiagnosticMessages.warnings(for: snapshot) { Console.error(warning) }
    }
    guard let selection else { return snapshots }
    return [try select(selection, from: snapshots, path: path)]
  }

  /// One snapshot of `path`: the one `--snapshot` names, else the last (saying so when there
  /// were several).
  func loadOne(_ path: String) throws -> Snapshot {
    let snapshots = try load(path)
    if selection == nil, snapshots.count > 1 {
      Console.error(
        "stackdiff: note: \(path) holds \(snapshots.count) dumps; using the last (--snapshot N picks another)"
      )
    }
    return try select(selection ?? .last, from: snapshots, path: path)
  }

  private func select(_ selection: SnapshotSelection, from snapshots: [Snapshot], path: String) throws
    -> Snapshot
  {
    switch selection {
    case .last:
      guard let last = snapshots.last else {
        throw Console.fail(InputError(source: path, reason: "no goroutine dump found"))
      }
      return last
    case .number(let number):
      guard number <= snapshots.count else {
        throw Console.fail(
          InputError(
            source: path,
            reason: "has \(snapshots.count) dump\(snapshots.count == 1 ? "" : "s"), not \(number)"))
      }
      return snapshots[number - 1]
    }
  }

  func load(_ paths: [String]) throws -> [Snapshot] {
    if paths.filter({ $0 == "-" }).count > 1 {
      throw ValidationError("Standard input ('-') can be read only once.")
    }
    return try paths.flatMap(load)
  }
}
