import Foundation
import Testing

/// Replays what fuzzing found (`Fuzz/Regressions/`) and each target's merged corpus
/// (`Fuzz/Corpus/<target>/`) through the same checks as the fuzz executable
/// (`Support/FuzzChecks.swift`, a link to `Fuzz/Sources/FuzzChecks/FuzzChecks.swift`): only
/// `InputError`s, two reads agree, totals do not depend on the grouping mode, reports render
/// and show's JSON parses. See Fuzz/README.md.
@Suite struct FuzzRegressionTests {
  @Test(arguments: FuzzInputs.files(in: "Regressions"))
  func regression(_ path: String) throws {
    let name = URL(fileURLWithPath: path).lastPathComponent
    let target = try #require(FuzzTarget.of(fileName: name), "\(name) does not start with a target name")
    try expectChecksPass(path, as: target)
  }

  @Test(arguments: FuzzTarget.allCases)
  func corpus(_ target: FuzzTarget) throws {
    let paths = FuzzInputs.files(in: "Corpus/" + target.rawValue)
    try #require(!paths.isEmpty, "Fuzz/Corpus/\(target.rawValue) holds no inputs")
    for path in paths { try expectChecksPass(path, as: target) }
  }

  @Test func regressionsExist() {
    #expect(FuzzInputs.files(in: "Regressions").count >= 2)
  }

  private func expectChecksPass(_ path: String, as target: FuzzTarget) throws {
    let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    do {
      try FuzzChecks.check(bytes, as: target)
    } catch {
      Issue.record("\(path) as \(target.rawValue): \(error)")
    }
  }
}

enum FuzzInputs {
  /// `Fuzz/` beside `Tests/`, found from this file's location.
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Fuzz").path

  /// Regular files directly in `Fuzz/<folder>`, sorted; none when it is missing.
  static func files(in folder: String) -> [String] {
    let directory = root + "/" + folder
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    return names.sorted().map { directory + "/" + $0 }.filter {
      var isDirectory: ObjCBool = false
      return FileManager.default.fileExists(atPath: $0, isDirectory: &isDirectory) && !isDirectory.boolValue
    }
  }
}
