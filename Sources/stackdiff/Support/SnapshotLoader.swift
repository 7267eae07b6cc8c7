import ArgumentParser
import StackDiffCore

/// Reads the command line's inputs, printing parse warnings and turning input errors into
/// `stackdiff: error: <path>: <reason>` and exit status 2.
struct SnapshotLoader {
  var options: DumpReader.Options

  func load(_ path: String) throws -> [Snapshot] {
    let snapshots: [Snapshot]
    do {
      snapshots = try DumpReader.read(path: path, options: options)
    } catch let error as InputError {
      throw Console.fail(error)
    }
    for snapshot in snapshots {
      for warning in DiagnosticMessages.warnings(for: snapshot) { Console.error(warning) }
    }
    return snapshots
  }

  func load(_ paths: [String]) throws -> [Snapshot] {
    if paths.filter({ $0 == "-" }).count > 1 {
      throw ValidationError("Standard input ('-') can be read only once.")
    }
    return try paths.flatMap(load)
  }
}
