import StackDiffCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `watch`'s polling: reads the input every interval into a `LiveTrend`, prints a line per poll
/// and per new suspect, tests the assertions, and reports failed polls, until `count` polls, a
/// failed assertion, a failure with `--fail-fast`, or a stop signal.
///
/// Memory holds the series (see `TrendAccumulator`) and, when a growth assertion needs it, the
/// first poll's snapshot; each poll's snapshot goes once added.
final class WatchLoop {
  struct Settings {
    var source: String
    var interval: Seconds
    var count: Int?
    var saveDirectory: String?
    var failsFast: Bool
    var readerOptions: DumpReader.Options
    var selection: SnapshotSelection?
    var assertions: [Assertion]
    var ignoreRules: IgnoreRules
  }

  private let settings: Settings
  private let renderer: WatchRenderer
  /// Writes a poll's or a suspect's line (stdout, or stderr when stdout carries JSON).
  private let emit: (String) -> Void
  private var progress = ProgressLine()

  private(set) var trend: LiveTrend?
  /// Each snapshot's poll number: failed polls leave gaps.
  private var polls: [Int] = []
  /// The first poll's snapshot, for assertions on growth.
  private var baseline: Snapshot?
  private(set) var failedPolls = 0
  private(set) var warnings = 0
  /// The check that failed and ended the watch.
  private(set) var failedCheck: CheckReport?
  /// Whether a failed poll ended the watch (`--fail-fast`).
  private(set) var endedByFailure = false
  private var hasNotedSeveralDumps = false

  init(_ settings: Settings, renderer: WatchRenderer, emit: @escaping (String) -> Void) {
    self.settings = settings
    self.renderer = renderer
    self.emit = emit
  }

  func run() {
    var poll = 0
    while true {
      poll += 1
      let isLast = settings.count.map { poll >= $0 } ?? false
      progress.show("poll \(poll): reading…")
      let time = Clock.now()
      StopSignal.setPollUnderWay(true)
      do {
        let snapshot = try read(poll: poll, time: time)
        StopSignal.setPollUnderWay(false)
        progress.clear()
        add(snapshot, poll: poll, time: time)
      } catch {
        StopSignal.setPollUnderWay(false)
        progress.clear()
        failedPolls += 1
        let reason = (error as? InputError)?.description ?? "\(settings.source): \(error)"
        // No libcurl: every poll would fail the same way, so the watch ends now.
        if settings.failsFast || (error as? InputError)?.kind == .unavailable {
          Console.error("stackdiff: error: poll \(poll): \(reason)")
          endedByFailure = true
          return
        }
        let retrying = isLast || StopSignal.isRequested ? "" : "; retrying in \(settings.interval)"
        Console.error("stackdiff: warning: poll \(poll): \(reason)\(retrying)")
      }
      if isLast || failedCheck != nil || StopSignal.isRequested || waitIsStopped(before: poll + 1) { break }
    }
    progress.clear()
  }

  /// Waits the interval, showing how long is left on a terminal; true when a signal stopped it.
  private func waitIsStopped(before poll: Int) -> Bool {
    let deadline = Clock.monotonic() + settings.interval.value
    while true {
      let remaining = deadline - Clock.monotonic()
      if remaining <= 0 { return false }
      let left =
        remaining < 1 ? "\(Int((remaining * 1000).rounded(.up)))ms" : "\(Int(remaining.rounded(.up)))s"
      progress.show("poll \(poll) in \(left) · Ctrl-C ends the watch with its report")
      // Ticks of a second keep the countdown current.
      if StopSignal.wait(seconds: min(remaining, 1)) {
        progress.clear()
        return true
      }
    }
  }

  /// One snapshot of the input, named by its saved file or as `poll N`.
  private func read(poll: Int, time: time_t) throws -> Snapshot {
    var options = settings.readerOptions
    switch settings.selection {
    case .number(let number): options.retention = .number(number)
    case .last, nil: options.retention = .last
    }
    let saving = settings.saveDirectory.map { (directory: $0, name: Self.fileName(poll: poll, time: time)) }
    let snapshots = try DumpPoll.read(path: settings.source, options: options, saving: saving)
    var snapshot: Snapshot
    do {
      snapshot = try select(from: snapshots)
      if let trend, !trend.accepts(snapshot) {
        let first = trend.snapshots.first?.format.name ?? ""
        throw InputError(
          source: settings.source,
          reason:
            "a \(snapshot.format.name) dump cannot join a series of \(first) dumps (it tells less about each \(snapshot.format.dialect.traceNoun.singular))"
        )
      }
    } catch {
      // A saved file that is not part of the series would make `trend` over the directory differ.
      if saving != nil, let saved = snapshots.first?.source { unlink(saved) }
      throw error
    }
    for warning in DiagnosticMessages.warnings(for: snapshot) {
      progress.clear()
      Console.error(warning)
      warnings += 1
    }
    if saving == nil { snapshot.source = "poll \(poll)" }
    return snapshot
  }

  private func select(from snapshots: [Snapshot]) throws -> Snapshot {
    switch settings.selection {
    case .number(let number):
      guard let chosen = snapshots.first(where: { $0.index == number }) else {
        let count = snapshots.last?.index ?? 0
        throw InputError(
          source: settings.source, reason: "has \(count) dump\(count == 1 ? "" : "s"), not \(number)")
      }
      return chosen
    case .last, nil:
      guard let last = snapshots.last else {
        throw InputError(source: settings.source, reason: "no dump found")
      }
      if let count = snapshots.last?.index, count > 1, !hasNotedSeveralDumps {
        hasNotedSeveralDumps = true
        progress.clear()
        Console.error(
          "stackdiff: note: \(settings.source) holds \(count) dumps; using the last of each poll (--snapshot N picks another)"
        )
      }
      return last
    }
  }

  private func add(_ snapshot: Snapshot, poll: Int, time: time_t) {
    if trend == nil {
      trend = LiveTrend(key: ComparisonKey(mode: settings.readerOptions.grouping, snapshots: [snapshot]))
    }
    // Added in place: a copy would make every series' counts be copied at each poll.
    guard let step = trend?.add(snapshot), let trend else { return }
    polls.append(poll)
    emit(renderer.pollLine(step, polls: polls, time: Clock.localTime(time), trend: trend))
    for finding in step.newSuspects {
      emit(renderer.suspectLine(finding, step: step, polls: polls, trend: trend))
    }
    check(snapshot, poll: poll)
  }

  /// Tests the assertions on this poll, growth against the first poll's; a failure ends the watch.
  private func check(_ snapshot: Snapshot, poll: Int) {
    guard !settings.assertions.isEmpty else { return }
    let needsBaseline = settings.assertions.contains(where: \.needsBaseline)
    if needsBaseline && baseline == nil { baseline = snapshot }
    let report = Checker.check(
      snapshot, baseline: needsBaseline ? baseline : nil, assertions: settings.assertions,
      ignoring: settings.ignoreRules, mode: settings.readerOptions.grouping)
    guard !report.passed else { return }
    failedCheck = report
    let failed = report.results.filter { !$0.passed }.map(\.assertion.description)
    emit("check failed at poll \(poll): \(failed.joined(separator: ", "))")
  }

  /// `2026-11-29T10-42-07Z-0003`: the poll's UTC start, then its number, so names sort in
  /// order and never collide.
  static func fileName(poll: Int, time: time_t) -> String {
    let number = String(poll)
    return Clock.fileStamp(time) + "-" + String(repeating: "0", count: max(0, 4 - number.count)) + number
  }
}
