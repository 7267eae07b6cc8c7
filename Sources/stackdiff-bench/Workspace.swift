import Foundation

/// The folder holding the generated inputs: a fresh one under $TMPDIR unless `--dir` names one.
final class Workspace {
  let directory: String
  /// Created by us, so removed whole at the end; a `--dir` folder only loses our files.
  private let isTemporary: Bool
  private var createdFiles: [String] = []

  init(directory requested: String?) throws {
    if let requested {
      do {
        try FileManager.default.createDirectory(atPath: requested, withIntermediateDirectories: true)
      } catch {
        throw BenchError("cannot create \(requested): \(error.localizedDescription)")
      }
      directory = requested
      isTemporary = false
    } else {
      let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
      var template = Array("\(base)/stackdiff-bench-XXXXXX".utf8CString)
      guard let created = mkdtemp(&template) else {
        throw BenchError("cannot create a folder in \(base): \(String(cString: strerror(errno)))")
      }
      directory = String(cString: created)
      isTemporary = true
    }
  }

  /// A path in the folder, remembered so `removeFiles` can delete it.
  func file(_ name: String) -> String {
    let path = "\(directory)/\(name)"
    if !createdFiles.contains(path) { createdFiles.append(path) }
    return path
  }

  func removeFiles() {
    for path in createdFiles { try? FileManager.default.removeItem(atPath: path) }
    createdFiles.removeAll()
  }

  /// Removes what we made: the whole folder when it is ours.
  func removeAll() {
    removeFiles()
    if isTemporary { try? FileManager.default.removeItem(atPath: directory) }
  }

  /// Bytes the inputs of one size take at most: text, half-size before, debug=1 text, the
  /// protobuf before compression and the two gzip files, plus room for captured output.
  static func bytesNeeded(for size: ByteSize) -> Int {
    size.bytes / 4 * 13 + 64 << 20
  }
}
