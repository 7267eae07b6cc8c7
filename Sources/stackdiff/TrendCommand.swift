import ArgumentParser
import StackDiffCore

struct Trend: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "trend",
    abstract: "Follow each group's count over several dumps, oldest first.",
    discussion: """
      Each group gets its series of counts (0 → 50 → 500) and a trend: growing (never \
      decreases, ends higher), stable, shrinking (never increases, ends lower), fluctuating, \
      or shifting (its members only moved between states of one stack, which is not growth). \
      Growing groups come first. The strongest evidence of a leak follows diff's suspect rules \
      (growing at two steps or more, blocked, in your own code), one finding per site, \
      strongest first. The report ends with the functions in more traces than at first.

      --format html writes one self-contained page: the findings with a sparkline of each \
      series, a flame graph of the last dump coloured by growth since the first, the growing \
      groups first and last as bars, and their stacks. It needs --output FILE or a redirect.

      Examples:
        stackdiff trend dump-1.txt dump-2.txt dump-3.txt
        stackdiff trend --format json snapshots/*.txt
        stackdiff trend --format html --output trend.html snapshots/*.txt
      """)

  @Argument(help: "Two or more dumps, oldest first ('-' for standard input once).")
  var files: [String]

  @Option(help: "Output format: text, json, html (a page; needs --output or a redirect).")
  var format: TrendFormat = .text

  @OptionGroup var listing: ListingOptions
  @OptionGroup var input: InputOptions
  @OptionGroup var output: OutputOptions

  func validate() throws {
    if format == .html { try output.requireFileOrPipe(for: "html") }
    try output.requireNotOverwriting(files)
    if files.filter({ $0 == "-" }).count > 1 {
      throw ValidationError("Standard input ('-') can be read only once.")
    }
  }

  func run() throws {
    let loader = SnapshotLoader(input)
    let snapshots = files.count == 1 ? try loader.load(files[0]) : try loader.loadOneEach(files)
    guard snapshots.count >= 2 else {
      if loader.failures > 0 { throw ExitCode(2) }
      // One file of one dump: a usage mistake, not bad input.
      Console.error(
        "Error: trend needs two or more dumps: \(files[0]) holds one. Give the dumps oldest first, or one file holding several."
      )
      Console.error("Usage: stackdiff \(Trend.usageString())")
      throw ExitCode(64)
    }
    let report = TrendAnalyzer.analyze(snapshots, mode: input.grouping)
    let renderer = TrendRenderer(
      style: output.style, fullPaths: output.fullPaths, top: listing.textLimit)
    let status = loader.exitStatus()
    let destination = output.destination
    switch format {
    case .json: renderer.json(report) { destination.write($0, status: status) }
    case .text: renderer.text(report) { destination.write($0, status: status) }
    case .html:
      let html = TrendHTMLRenderer(fullPaths: output.fullPaths, top: listing.textLimit)
      destination.write(html.html(report), status: status)
    }
    destination.finish()
    try loader.finish()
  }
}

enum TrendFormat: String, ExpressibleByArgument, CaseIterable {
  case text, json, html
}
