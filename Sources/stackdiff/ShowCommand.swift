import ArgumentParser
import StackDiffCore

struct Show: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "show",
    abstract: "Print each dump's goroutines, threads or tasks, identical stacks grouped, largest first.",
    discussion: """
      Each group shows its count, state, wait times or thread names, the frames (innermost \
      first) with the first frame in your own code marked '>', and the function that \
      created it.

      --format html writes one self-contained page (nothing fetched; open it from disk or as a \
      CI artifact): a flame graph of each dump (width: goroutines, colour: whose code), the \
      largest groups as bars, and the stacks, with a filter over function names. It needs \
      --output FILE or a redirect. --format folded writes collapsed stacks for flamegraph.pl, \
      inferno or speedscope: 'outermost;…;innermost count', one line per path of function \
      names, groups that differ only in lines, state or creator summed, several dumps summed \
      (--snapshot N picks one). In names, ';' becomes ':', a line break or other control \
      character a space, and the space of a trailing ' 12' an '_'; a stack cut by the runtime \
      keeps the text report's marker ('...additional frames elided...') as a frame.

      Examples:
        stackdiff show after.txt
        stackdiff show --group-by functions --format json after.txt
        stackdiff show --format html --output report.html after.txt
        stackdiff show --format folded after.txt | flamegraph.pl > after.svg
        curl -s localhost:6060/debug/pprof/goroutine?debug=2 | stackdiff show -
        stackdiff show --merge crashes/*.txt
      """)

  @Argument(help: "Dump files; '-' or none reads standard input.")
  var files: [String] = []

  @Option(
    help: "Output format: text, json, html (a page; needs --output or a redirect), folded (collapsed stacks)."
  )
  var format: ShowFormat = .text

  @Flag(
    help:
      "Fold every dump of every input into one report: crash reports of one app, dumps of the replicas of one service. Each group says how many dumps hold it."
  )
  var merge = false

  @OptionGroup var input: InputOptions
  @OptionGroup var output: OutputOptions

  func validate() throws {
    if format == .html { try output.requireFileOrPipe(for: "html") }
    try output.requireNotOverwriting(files)
  }

  func run() throws {
    let loader = SnapshotLoader(input)
    var snapshots = try loader.loadEach(files.isEmpty ? ["-"] : files)
    // Nothing could be read: the errors say so; an empty report would not.
    if snapshots.isEmpty { try loader.finish() }
    if merge { snapshots = [try loader.merge(snapshots, mode: input.grouping)] }
    let renderer = ShowRenderer(style: output.style, fullPaths: output.fullPaths)
    // Written as produced: a report of many distinct stacks is never whole in memory.
    let status = loader.exitStatus()
    let destination = output.destination
    switch format {
    case .text: renderer.text(snapshots) { destination.write($0, status: status) }
    case .json: renderer.json(snapshots) { destination.write($0, status: status) }
    case .html:
      destination.write(ShowHTMLRenderer(fullPaths: output.fullPaths).html(snapshots), status: status)
    case .folded: FoldedRenderer().show(snapshots) { destination.write($0, status: status) }
    }
    destination.finish()
    loader.end()
  }
}

enum ShowFormat: String, ExpressibleByArgument, CaseIterable {
  case text, json, html, folded
}
