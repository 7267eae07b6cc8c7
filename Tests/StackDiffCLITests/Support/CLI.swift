import Foundation

/// Runs the built `stackdiff` binary, as a user would.
enum CLI {
  struct Result {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  static let packageRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<4 { url.deleteLastPathComponent() }
    return url.path
  }()

  static func sample(_ relative: String) -> String { packageRoot + "/SampleDumps/" + relative }

  /// The executable sits beside the test bundle in the build products folder.
  static let binary: String = {
    let testBinary = URL(fileURLWithPath: CommandLine.arguments.first ?? "")
    var directory = testBinary.deletingLastPathComponent()
    while directory.path != "/" {
      let candidate = directory.appendingPathComponent("stackdiff").path
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue
      {
        return candidate
      }
      directory.deleteLastPathComponent()
    }
    return packageRoot + "/.build/debug/stackdiff"
  }()

  /// Runs a bash command line (pipes, pseudo-terminals).
  static func runShell(_ command: String) throws -> Result {
    try run(["-c", command], executable: "/bin/bash")
  }

  /// `keepsStandardInputOpen`: the child's stdin is a pipe nobody writes to or closes.
  static func run(
    _ arguments: [String], stdin: Data? = nil, environment: [String: String] = [:],
    executable: String = binary, currentDirectory: String? = nil, keepsStandardInputOpen: Bool = false
  ) throws -> Result {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    env.removeValue(forKey: "NO_COLOR")
    for (key, value) in environment { env[key] = value }
    process.environment = env
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    let input = Pipe()
    process.standardInput = input
    try process.run()
    let writer = Thread {
      if let stdin { input.fileHandleForWriting.write(stdin) }
      if !keepsStandardInputOpen { try? input.fileHandleForWriting.close() }
    }
    writer.start()
    let outData = DrainedPipe(out)
    let errData = DrainedPipe(err)
    process.waitUntilExit()
    if keepsStandardInputOpen { try? input.fileHandleForWriting.close() }
    return Result(
      status: process.terminationStatus, stdout: String(decoding: outData.wait(), as: UTF8.self),
      stderr: String(decoding: errData.wait(), as: UTF8.self))
  }
}

/// Reads a pipe to its end on a background thread, so a full pipe never blocks the child.
final class DrainedPipe: @unchecked Sendable {
  private var data = Data()
  private let done = DispatchSemaphore(value: 0)

  init(_ pipe: Pipe) {
    let handle = pipe.fileHandleForReading
    Thread {
      self.data = handle.readDataToEndOfFile()
      self.done.signal()
    }.start()
  }

  func wait() -> Data {
    done.wait()
    return data
  }
}
