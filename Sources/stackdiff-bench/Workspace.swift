#if canImport(Glibc)
  import Glibc
#endif

/// The folder holding the generated inputs: a fresh one under $TMPDIR unless `--dir` names one.
final class Workspace {
  let directory: String
  /// Created by us, so removed whole at the end; a `--dir` folder only loses our files.
  private let isTemporary: Bool
  private var createdFiles: [String] = []
  /// Files that outlive `removeFiles` (a built peer), removed by `removeAll`.
  private var keptFiles: [String] = []

  init(directory requested: String?) throws {
    if let requested {
      try FileSystem.makeDirectories(requested)
      directory = requested
      isTemporary = false
    } else {
      let base = FileSystem.environment("TMPDIR").flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
      var template = Array("\(base)/stackdiff-bench-XXXXXX".utf8CString)
      guard let created = mkdtemp(&template) else {
        throw BenchError("cannot create a folder in \(base): \(FileSystem.lastError())")
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

  /// A path in the folder that stays until `removeAll`.
  func keptFile(_ name: String) -> String {
    let path = "\(directory)/\(name)"
    if !keptFiles.contains(path) { keptFiles.append(path) }
    return path
  }

  func removeFiles() {
    for path in createdFiles { FileSystem.removeFile(path) }
    createdFiles.removeAll()
  }

  /// Removes what we made: the whole folder when it is ours.
  func removeAll() {
    removeFiles()
    for path in keptFiles { FileSystem.removeFile(path) }
    keptFiles.removeAll()
    if isTemporary { FileSystem.removeDirectory(directory) }
  }

  /// Bytes the inputs of one size take at most: text, half-size before, debug=1 text, the
  /// protobuf before compression, the two gzip files, the Swift report and the varied text, plus
  /// room for the small Swift report and captured output.
  static func bytesNeeded(for size: ByteSize) -> Int {
    size.bytes / 4 * 21 + 64 << 20
  }
}
