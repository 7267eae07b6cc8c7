#if canImport(Glibc)
  import Glibc
#endif

/// One command to run: no shell, so nothing but the child itself is measured.
struct Command {
  enum Output {
    case inherit
    case discard
    case file(String)
  }

  var executable: String
  var arguments: [String]
  var stdout: Output = .discard
  var stderr: Output = .inherit

  /// The file stderr goes to, to show its end when the child fails.
  var stderrPath: String? {
    if case .file(let path) = stderr { return path }
    return nil
  }
}

/// What `wait4` and the monotonic clock saw of one child.
struct RunResult {
  enum Ending: Equatable {
    case exited(Int32)
    case signaled(Int32)
    case timedOut
  }

  var ending: Ending
  var wallSeconds: Double
  var cpuSeconds: Double
  /// `ru_maxrss`, which Linux reports in KiB.
  var maxRSSKiB: Int

  var succeeded: Bool { ending == .exited(0) }

  var endingDescription: String {
    switch ending {
    case .exited(let status): "exit status \(status)"
    case .signaled(let signal): "killed by signal \(signal)"
    case .timedOut: "timed out"
    }
  }
}

enum ChildProcess {
  /// Spawns `command` with posix_spawn, waits for it with `wait4` (killing it after `timeout`
  /// seconds) and returns its times and peak RSS. See `MeasuredChild` for why timed commands
  /// go through `measure` instead.
  static func run(_ command: Command, timeout: Double? = nil) throws -> RunResult {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    redirect(&actions, 1, command.stdout)
    redirect(&actions, 2, command.stderr)

    let argv = ([command.executable] + command.arguments).map { strdup($0) } + [nil]
    defer {
      for pointer in argv { free(pointer) }
    }

    resetPeakRSS()
    var pid = pid_t()
    let start = monotonicSeconds()
    let spawnError = posix_spawn(&pid, command.executable, &actions, nil, argv, environ)
    guard spawnError == 0 else {
      throw BenchError("cannot start \(command.executable): \(String(cString: strerror(spawnError)))")
    }

    var status: Int32 = 0
    var usage = rusage()
    var timedOut = false
    if let timeout {
      // Polling costs a few milliseconds of precision, which only matters for fast commands;
      // the timeout is meant for panicparse, which runs for seconds.
      while true {
        let reaped = wait4(pid, &status, WNOHANG, &usage)
        if reaped == pid { break }
        if reaped == -1 && errno != EINTR { throw BenchError("wait4: \(FileSystem.lastError())") }
        if monotonicSeconds() - start > timeout {
          kill(pid, SIGKILL)
          timedOut = true
          try waitBlocking(pid, &status, &usage)
          break
        }
        usleep(2_000)
      }
    } else {
      try waitBlocking(pid, &status, &usage)
    }
    let wall = monotonicSeconds() - start

    let ending: RunResult.Ending
    if timedOut {
      ending = .timedOut
    } else if status & 0x7f == 0 {
      ending = .exited((status >> 8) & 0xff)
    } else {
      ending = .signaled(status & 0x7f)
    }
    return RunResult(
      ending: ending, wallSeconds: wall,
      cpuSeconds: seconds(usage.ru_utime) + seconds(usage.ru_stime),
      maxRSSKiB: Int(usage.ru_maxrss))
  }

  /// The absolute path of `name` on PATH, or nil.
  static func which(_ name: String) -> String? {
    let path = FileSystem.environment("PATH") ?? "/usr/local/bin:/usr/bin:/bin"
    for directory in path.split(separator: ":") {
      let candidate = "\(directory)/\(name)"
      if FileSystem.isExecutableFile(candidate) { return candidate }
    }
    return nil
  }

  private static func redirect(
    _ actions: inout posix_spawn_file_actions_t, _ descriptor: Int32, _ output: Command.Output
  ) {
    switch output {
    case .inherit:
      break
    case .discard:
      posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", O_WRONLY, 0)
    case .file(let path):
      posix_spawn_file_actions_addopen(&actions, descriptor, path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    }
  }

  private static func waitBlocking(_ pid: pid_t, _ status: inout Int32, _ usage: inout rusage) throws {
    while wait4(pid, &status, 0, &usage) == -1 {
      guard errno == EINTR else { throw BenchError("wait4: \(FileSystem.lastError())") }
    }
  }

  private static func seconds(_ time: timeval) -> Double {
    Double(time.tv_sec) + Double(time.tv_usec) / 1e6
  }
}

func monotonicSeconds() -> Double {
  var now = timespec()
  clock_gettime(CLOCK_MONOTONIC, &now)
  return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}

struct BenchError: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}
