import ArgumentParser
import StackDiffCore

extension GroupingMode: ExpressibleByArgument {}

/// How inputs are read and grouped; shared by every command.
struct InputOptions: ParsableArguments {
  @Option(
    name: .customLong("group-by"),
    help: ArgumentHelp(
      "What makes two goroutines the same: 'lines' (state, functions, files and lines, creator), 'functions' (ignore line numbers, survives rebuilds) or 'exact' (also argument values).",
      valueName: "lines|functions|exact"))
  var grouping: GroupingMode = .lines

  @Flag(
    name: .customLong("runtime-frames"),
    help:
      "Keep runtime-internal frames (runtime.gopark, …) that debug=2 hides but SIGQUIT dumps and pprof profiles show."
  )
  var keepsRuntimeFrames = false

  var readerOptions: DumpReader.Options {
    DumpReader.Options(grouping: grouping, keepsHiddenFrames: keepsRuntimeFrames)
  }
}
