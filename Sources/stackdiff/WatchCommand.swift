import ArgumentParser
import StackDiffCore

struct Watch: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "watch",
    abstract:
      "Poll a live endpoint (or a dump file a process rewrites), name what grows as it grows, and end with trend's report.",
    discussion: """
      Each poll reads the URL (whatever it serves: ?debug=2, ?debug=1, a ?debug=0 profile, a \
      Swift report) or, with --file, the file again, and prints one line: the poll, its time, \
      the total with its change, and the groups that grew over the last 3 polls. A site is \
      announced as a suspect the moment it qualifies by trend's rules (blocked, in your own \
      code, net of members that only changed state): its count rose at two polls or more and \
      never fell in between. Each site is announced once. On a terminal a progress line on \
      stderr counts down to the next poll; piped output never holds it.

      The watch ends after --count polls, when an assertion fails, or on Ctrl-C or SIGTERM (a \
      poll under way is finished first; a second Ctrl-C quits at once, without the report). It \
      then prints trend's report over every poll that succeeded. The lines and the report go \
      to standard output; with --format json or html, or --output FILE, the lines go to stderr \
      and the report stands alone.

      A failed poll (network or HTTP error, timeout, a body that holds no dump) is reported on \
      stderr and tried again after the interval; --fail-fast ends the watch at the first, with \
      the report so far and exit 2. --interval is the pause between the end of one poll and the \
      start of the next. Memory grows with the groups and the polls (a count per group and \
      poll), never with the dumps.

      --save-dir keeps each poll's bytes as they came, gzipped (a gzipped profile as it is), \
      named by UTC time and poll number (2026-11-29T10-42-07Z-0003.txt.gz). The report then \
      names each snapshot by its file, so trend over the directory prints the same report.

      check's assertions are tested after every poll, those on growth (--max-growth, \
      --max-growth-of, --max-new-groups) against the first poll. The first that fails ends the \
      watch: trend's report, then check's report, and exit 1.

      Examples:
        stackdiff watch 'http://127.0.0.1:6060/debug/pprof/goroutine?debug=2'
        stackdiff watch 'http://127.0.0.1:6060/debug/pprof/goroutine?debug=0' \\
            --interval 30s --count 20 --save-dir snapshots
        stackdiff trend snapshots/*                       # the same report, later
        stackdiff watch --file threads.txt --interval 2s  # a dump a process rewrites
        # a soak test: exit 1 as soon as a group grew by more than 50
        stackdiff watch 'http://127.0.0.1:6060/debug/pprof/goroutine?debug=2' \\
            --interval 5s --count 60 --max-growth 50 --absent logsContainer

      Exit status: 0 the watch ended, 1 an assertion failed, 2 a poll failed with --fail-fast, \
      no poll succeeded, or (with --strict) an input had a warning, 64 usage error.
      """)

  @Argument(help: "The http:// or https:// URL to poll.")
  var url: String?

  @Option(
    help: ArgumentHelp("Poll this dump file instead of a URL: read again at each poll.", valueName: "path"))
  var file: String?

  @Option(help: ArgumentHelp("Pause between polls (10s, 500ms, 2m, or seconds).", valueName: "duration"))
  var interval = Seconds(10)

  @Option(
    help: ArgumentHelp("Stop after N polls, failed ones included (default: until Ctrl-C).", valueName: "n"))
  var count: Int?

  @Option(
    name: .customLong("save-dir"),
    help: ArgumentHelp(
      "Keep every poll's dump in DIR, gzipped, named by UTC time and poll number (created if missing).",
      valueName: "dir"))
  var saveDirectory: String?

  @Flag(name: .customLong("fail-fast"), help: "End the watch with exit 2 at the first failed poll.")
  var failsFast = false

  @Option(
    help:
      "Output format of the report: text, json (trend's JSON), html (trend's page; needs --output or a redirect)."
  )
  var format: TrendFormat = .text

  @OptionGroup var assertions: AssertionOptions
  @OptionGroup var listing: ListingOptions
  @OptionGroup var input: InputOptions
  @OptionGroup var output: OutputOptions

  func validate() throws {
    switch (url, file) {
    case (nil, nil), (.some, .some):
      throw ValidationError("watch polls a URL, or a file with --file PATH: give one of them.")
    case (let url?, nil) where !HTTPFetcher.isURL(url):
      throw ValidationError(
        "'\(url)' is not an http:// or https:// URL; to read a file at each poll: --file \(url)")
    case (nil, "-"):
      throw ValidationError("Standard input cannot be read again at each poll: name a file.")
    default:
      break
    }
    if format == .html { try output.requireFileOrPipe(for: "html") }
    try output.requireNotOverwriting((file.map { [$0] } ?? []) + assertions.ignoreFiles)
    if let count, count < 1 { throw ValidationError("--count must be at least 1.") }
    if interval.value <= 0 { throw ValidationError("--interval must be more than 0.") }
  }

  func run() throws {
    let saveDirectory = self.saveDirectory.map(Directories.trimmed)
    if let saveDirectory {
      do {
        try Directories.create(saveDirectory)
      } catch let error as InputError {
        throw Console.fail(error)
      }
    }
    let settings = WatchLoop.Settings(
      source: url ?? file ?? "", interval: interval, count: count, saveDirectory: saveDirectory,
      failsFast: failsFast, readerOptions: input.readerOptions, selection: input.snapshot,
      assertions: try assertions.assertions(), ignoreRules: try assertions.ignoreRules())
    // The poll lines share standard output with a text report only; beside JSON, a page or a
    // report written to --output they go to stderr.
    let linesToStandardOutput = format == .text && output.outputPath == nil
    let style = linesToStandardOutput ? output.style : .plain
    let loop = WatchLoop(settings, renderer: WatchRenderer(style: style, fullPaths: output.fullPaths)) {
      line in
      if linesToStandardOutput { Console.write(line + "\n") } else { Console.error(line) }
    }
    StopSignal.install()
    loop.run()
    guard let trend = loop.trend else {
      if !loop.endedByFailure {
        Console.error(
          "stackdiff: error: no poll of \(settings.source) succeeded (\(GroupSummary.count(loop.failedPolls, "failure")))"
        )
      }
      throw ExitCode(2)
    }
    let verdict: Int32 =
      loop.endedByFailure || input.isStrict && loop.warnings > 0 ? 2 : loop.failedCheck == nil ? 0 : 1
    let report = trend.report()
    let renderer = TrendRenderer(style: output.style, fullPaths: output.fullPaths, top: listing.textLimit)
    let destination = output.destination
    switch format {
    case .text:
      if linesToStandardOutput { destination.write("\n", status: verdict) }
      renderer.text(report) { destination.write($0, status: verdict) }
    case .json:
      renderer.json(report) { destination.write($0, status: verdict) }
    case .html:
      let html = TrendHTMLRenderer(fullPaths: output.fullPaths, top: listing.textLimit)
      destination.write(html.html(report), status: verdict)
    }
    if let failedCheck = loop.failedCheck {
      let checkRenderer = CheckRenderer(
        style: format == .text ? output.style : .plain, fullPaths: output.fullPaths,
        top: listing.all ? Int.max : listing.top ?? 10)
      let text = checkRenderer.text(failedCheck)
      // A JSON report or a page stays alone in its file.
      if format == .text { destination.write("\n" + text, status: verdict) } else { Console.errorText(text) }
    }
    destination.finish()
    if verdict != 0 { throw ExitCode(verdict) }
  }
}
