/// Timed commands are started by a fresh copy of this executable, which spawns the command,
/// waits for it and writes what `wait4` saw to a file.
///
/// Why: on Linux a posix_spawn'ed child starts with its parent's peak RSS as its own (the child
/// runs on the parent's memory until it execs), so a `wc -l` spawned by a bench that has
/// generated a few dumps reports the bench's ~13 MB. A just-started copy of the bench holds only
/// the Swift runtime (~8 MB), below any Swift program's own peak, so stackdiff's peak is exact.
/// Its start-up is outside the timed span: the clock runs from spawn to reap of the command.
enum MeasuredChild {
  static let flag = "--measure-child"

  /// Runs `command` through a fresh copy of this executable; `resultPath` carries the result back.
  static func measure(_ command: Command, timeout: Double?, resultPath: String) throws -> RunResult {
    guard let bench = FileSystem.executablePath() else {
      throw BenchError("cannot find this executable in /proc/self/exe")
    }
    FileSystem.removeFile(resultPath)
    let launcher = Command(
      executable: bench,
      arguments: [flag, resultPath, timeout.map { String($0) } ?? "0", command.executable]
        + command.arguments,
      stdout: command.stdout, stderr: command.stderr)
    let outer = try ChildProcess.run(launcher)
    guard outer.succeeded, let text = try? FileSystem.readFile(resultPath),
      let result = parse(String(decoding: text, as: UTF8.self))
    else {
      throw BenchError(
        "measuring \(command.executable) failed: the launcher ended with \(outer.endingDescription)")
    }
    return result
  }

  /// The launcher side: `stackdiff-bench --measure-child RESULT TIMEOUT EXECUTABLE ARGUMENTS...`,
  /// with the command's stdout and stderr already in place. Returns the launcher's exit status.
  static func main(_ arguments: [String]) -> Int32 {
    guard arguments.count >= 3, let timeout = Double(arguments[1]) else {
      printError("stackdiff-bench: \(flag) RESULT TIMEOUT EXECUTABLE [ARGUMENTS...]")
      return 64
    }
    let command = Command(
      executable: arguments[2], arguments: Array(arguments.dropFirst(3)), stdout: .inherit, stderr: .inherit)
    do {
      let result = try ChildProcess.run(command, timeout: timeout > 0 ? timeout : nil)
      var writer = try FileWriter(path: arguments[0])
      try writer.write(format(result))
      _ = try writer.finish()
      return 0
    } catch {
      printError("stackdiff-bench: \(error)")
      return 1
    }
  }

  /// `exited 0 0.1234 0.1200 14752`: ending, its code, wall s, CPU s, peak RSS KiB.
  private static func format(_ result: RunResult) -> String {
    let ending: String
    switch result.ending {
    case .exited(let status): ending = "exited \(status)"
    case .signaled(let signal): ending = "signaled \(signal)"
    case .timedOut: ending = "timedOut 0"
    }
    return "\(ending) \(result.wallSeconds) \(result.cpuSeconds) \(result.maxRSSKiB)\n"
  }

  private static func parse(_ text: String) -> RunResult? {
    let fields = text.split(whereSeparator: \.isWhitespace)
    guard fields.count == 5, let code = Int32(fields[1]), let wall = Double(fields[2]),
      let cpu = Double(fields[3]), let rss = Int(fields[4])
    else { return nil }
    let ending: RunResult.Ending
    switch fields[0] {
    case "exited": ending = .exited(code)
    case "signaled": ending = .signaled(code)
    case "timedOut": ending = .timedOut
    default: return nil
    }
    return RunResult(ending: ending, wallSeconds: wall, cpuSeconds: cpu, maxRSSKiB: rss)
  }
}
