import ArgumentParser
import StackDiffCore

struct Diff: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "diff",
    abstract: "Compare two dumps and rank what grew: the default command.",
    discussion: """
      Groups are matched by their grouping key (see --group-by). The report starts with a \
      totals line and the suspects, one per site: groups that grew, are blocked (Go: channel, \
      select, IO, semaphore, sync; Swift threads: read, futex, poll; Swift tasks: suspended, \
      enqueued) and block at the same frame in your own code, with the callers that lead there \
      ("across 3 stacks (via pollA +48, pollB +36, stream +24)"). A site that grew by 1 or 2 in \
      stacks already there, none waiting for minutes, is a small change: a busy service's \
      in-flight requests. Then the growing groups with their stacks, groups that are new, \
      shrinking or gone, and the functions found in more traces than before, user code first \
      when growth is about equal.

      Members that only changed state (an accept loop runnable, then in IO wait; workers moving \
      from sleep to chan receive) are listed as moved, never as growth: the same stack from its \
      first frame in your code outward, whatever it waits in. Traces that only took the dump \
      (the pprof handler, the runtime.Stack caller), the runtime's own (GC workers, idle \
      Dispatch workers) and a crashed thread are never counted as growth.

      With one file holding several dumps, its first and last dump are compared.

      --format html writes one self-contained page (it fetches nothing): the totals and \
      suspects as above, a differential flame graph of AFTER (width: its goroutines, colour: \
      growth since BEFORE), the listed groups before and after as bars, and their stacks, \
      with a filter and zoom kept in the link. It needs --output FILE or a redirect. \
      --format folded writes 'stack before after' lines (difffolded.pl's form, 0 where a \
      side has none; see show --help for the folding rules): the columns sum to the totals.

      Examples:
        stackdiff before.txt after.txt
        stackdiff diff --format markdown before.txt after.txt > comment.md
        curl -s localhost:6060/debug/pprof/goroutine?debug=2 | stackdiff before.txt -
        stackdiff diff --merge replica-*/before.txt --after replica-*/after.txt
        stackdiff before.txt after.txt --format html --output report.html
        stackdiff before.txt after.txt --format folded | flamegraph.pl > diff.svg
      """)

  @Argument(
    help:
      "BEFORE and AFTER dumps ('-' for standard input), or one file holding both; with --merge, the BEFORE dumps."
  )
  var files: [String]

  @Flag(
    help:
      "Fold several dumps into each side: the files are the BEFORE side and --after lists the AFTER side (one dump of each input: the last, or --snapshot N)."
  )
  var merge = false

  @Option(
    name: .customLong("after"), parsing: .upToNextOption,
    help: ArgumentHelp("With --merge, the AFTER dumps.", valueName: "file"))
  var afterFiles: [String] = []

  @Option(name: .customLong("min-delta"), help: "Smallest growth worth reporting.")
  var minimumDelta = 1

  @Option(
    help:
      "Output format: text, json, markdown, html (a page; needs --output or a redirect), folded (collapsed stacks, before and after)."
  )
  var format: DiffFormat = .text

  @Flag(help: "Exit 1 when there is a suspect: a gate without writing assertions (see check for more).")
  var failOnSuspect = false

  @OptionGroup var listing: ListingOptions
  @OptionGroup var input: InputOptions
  @OptionGroup var output: OutputOptions

  func validate() throws {
    if format == .html { try output.requireFileOrPipe(for: "html") }
    try output.requireNotOverwriting(files + afterFiles)
    if minimumDelta < 1 { throw ValidationError("--min-delta must be at least 1.") }
    if merge || !afterFiles.isEmpty {
      guard merge, !files.isEmpty, !afterFiles.isEmpty else {
        throw ValidationError("--merge takes the BEFORE dumps as files and the AFTER dumps after --after.")
      }
      if (files + afterFiles).filter({ $0 == "-" }).count > 1 {
        throw ValidationError("Standard input ('-') can be read only once.")
      }
      return
    }
    guard (1...2).contains(files.count) else {
      throw ValidationError(
        "diff takes BEFORE and AFTER (or one file holding two dumps); for \(files.count) dumps over time: stackdiff trend \(files.joined(separator: " "))"
      )
    }
    if files.filter({ $0 == "-" }).count > 1 {
      throw ValidationError("Standard input ('-') can be read only once.")
    }
    if files.count == 1 && input.snapshot != nil {
      throw ValidationError(
        "With one file, diff compares its first and last dump; --snapshot picks one dump of two files.")
    }
  }

  func run() throws {
    let loader = SnapshotLoader(input)
    // Text and Markdown list only changes whose net delta is not 0: the others need no order.
    let ordering: ChangeOrdering = format == .text || format == .markdown ? .moving : .all
    let before: Snapshot
    let after: Snapshot
    if merge {
      let befores = try loader.loadOneEach(files)
      let afters = try loader.loadOneEach(afterFiles)
      // An unreadable input was reported; a side with nothing left has nothing to compare.
      if befores.isEmpty || afters.isEmpty { try loader.finish() }
      before = try loader.merge(befores, mode: input.grouping)
      after = try loader.merge(afters, mode: input.grouping)
    } else if files.count == 2 {
      // The before side is only looked up, and the diff orders what it reports itself.
      (before, after) = try loader.loadTwo(
        files[0], inReportOrder: false, files[1], inReportOrder: ordering == .all)
    } else {
      let snapshots = try loader.load(files[0], keeping: .firstAndLast)
      guard snapshots.count >= 2, let first = snapshots.first, let last = snapshots.last else {
        throw Console.fail(
          InputError(source: files[0], reason: "holds one dump; diff needs BEFORE and AFTER"))
      }
      before = first
      after = last
    }
    let diff = Differ.diff(before: before, after: after, mode: input.grouping, ordering: ordering)
    let renderer = DiffRenderer(
      style: output.style, fullPaths: output.fullPaths,
      limits: .init(minimumDelta: minimumDelta, top: listing.textLimit))
    let verdict: Int32 = failOnSuspect && !diff.suspects.isEmpty ? 1 : 0
    let status = loader.exitStatus(otherwise: verdict)
    let destination = output.destination
    switch format {
    case .text: renderer.text(renderer.sections(diff)) { destination.write($0, status: status) }
    case .json: renderer.json(diff, filtersJSON: listing.limitsJSON) { destination.write($0, status: status) }
    case .markdown: renderer.markdown(renderer.sections(diff)) { destination.write($0, status: status) }
    case .html:
      let html = DiffHTMLRenderer(fullPaths: output.fullPaths, limits: renderer.limits)
      destination.write(html.html(renderer.sections(diff)), status: status)
    case .folded: FoldedRenderer().diff(diff) { destination.write($0, status: status) }
    }
    destination.finish()
    loader.end(otherwise: verdict)
  }
}

enum DiffFormat: String, ExpressibleByArgument, CaseIterable {
  case text, json, markdown, html, folded
}
