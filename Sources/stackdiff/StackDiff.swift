import ArgumentParser
import StackDiffCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

@main
struct StackDiff: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "stackdiff",
    abstract: "Group Go and Swift stack dumps by stack, diff snapshots, and name what leaks.",
    discussion: """
      Inputs are Go goroutine dumps in any shape (/debug/pprof/goroutine?debug=2, \
      runtime.Stack output, panics, SIGQUIT dumps, go test timeouts, goleak reports, pprof \
      profiles, race reports) and Swift dumps (the runtime backtracer's report on a crash or \
      kill -QUIT, as text or JSON; lldb 'bt all'; lldb task dumps; swift-inspect \
      dump-concurrency; Apple crash reports, .crash and .ips; swift-backtrace and 'Current \
      stack trace:' of Swift 5.x), native crash traces (coredumpctl / systemd-coredump, LLVM \
      'Stack dump:' of swift-frontend, clang, lldb), also inside a log file. '-' reads \
      standard input.

      Examples:
        stackdiff before.txt after.txt        # what grew; suspects first
        stackdiff show dump.txt               # identical stacks grouped
        stackdiff trend s1.txt s2.txt s3.txt  # counts over time
        stackdiff check after.txt --absent '(*Server).logsContainer'
        stackdiff watch 'http://host:6060/debug/pprof/goroutine?debug=2'  # live
        curl -s localhost:6060/debug/pprof/goroutine?debug=2 | stackdiff show -
        stackdiff before.log after.log --group-by thread-name   # Swift, kill -QUIT

      Exit status: 0 success, 1 an assertion failed, 2 bad input, 64 usage error.
      """,
    version: "0.1.0",
    subcommands: [Diff.self, Show.self, Trend.self, Check.self, Watch.self],
    defaultSubcommand: Diff.self
  )

  static func main() {
    // A closed pipe (`stackdiff show big.txt | head`) must end quietly, not kill us mid-write.
    signal(SIGPIPE, SIG_IGN)
    do {
      var command = try parsedDirectly() ?? parseAsRoot()
      try command.run()
    } catch {
      exit(withError: error)
    }
  }

  /// The command a line that names its subcommand asks for, parsed by that subcommand alone;
  /// nil when that parse fails, so that the full parse reports it as usual. The full parse
  /// starts by building the default subcommand's arguments (to look for pass-through ones) and
  /// the whole command tree: a third of the start-up time. Subcommands name themselves in
  /// their configuration, as deriving a name from the type's takes reflection too.
  private static func parsedDirectly() -> (any ParsableCommand)? {
    let arguments = CommandLine.arguments.dropFirst()
    guard let name = arguments.first,
      let subcommand = configuration.subcommands.first(where: { $0.configuration.commandName == name })
    else { return nil }
    // A parse as root can also yield its own `help` command: that is left to the full parse.
    guard let command = try? subcommand.parseAsRoot(Array(arguments.dropFirst())),
      type(of: command) == subcommand
    else { return nil }
    return command
  }
}
