import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// SIGINT (Ctrl-C) and SIGTERM as a request to stop: `watch` ends its polling, prints its
/// report and exits with its usual status. A second signal ends the process at once (128 +
/// the signal), for a poll that hangs.
///
/// The handler only counts and writes a byte to a pipe, both safe in a signal handler; waits
/// between polls watch the pipe with `poll(2)`, so a signal ends them at once.
enum StopSignal {
  /// Installs the handlers; false when the pipe cannot be made (signals then stay fatal).
  @discardableResult
  static func install() -> Bool {
    var descriptors: [Int32] = [-1, -1]
    guard pipe(&descriptors) == 0 else { return false }
    for descriptor in descriptors { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
    // A full pipe must never block the handler: one byte is as good as many.
    _ = fcntl(descriptors[1], F_SETFL, fcntl(descriptors[1], F_GETFL) | O_NONBLOCK)
    stopReader.store(descriptors[0], ordering: .relaxed)
    stopWriter.store(descriptors[1], ordering: .relaxed)
    stderrIsTerminal.store(isatty(2) == 1, ordering: .relaxed)
    // Globals are initialised lazily on first use: done here, so the handler never runs an
    // initialiser (it could land inside the same one on this thread).
    stopCount.store(0, ordering: .relaxed)
    pollUnderWay.store(false, ordering: .relaxed)
    _ = stoppingNote.utf8CodeUnitCount
    var action = sigaction()
    #if canImport(Darwin)
      action.__sigaction_u.__sa_handler = handleStop
    #else
      action.__sigaction_handler.sa_handler = handleStop
    #endif
    sigemptyset(&action.sa_mask)
    // Reads and writes under way go on: the loop looks at the request between polls.
    action.sa_flags = SA_RESTART
    sigaction(SIGINT, &action, nil)
    sigaction(SIGTERM, &action, nil)
    // A parent may have started us with them blocked (some process launchers do): unblocked,
    // they reach the handler, here and in threads started from now on.
    var signals = sigset_t()
    sigemptyset(&signals)
    sigaddset(&signals, SIGINT)
    sigaddset(&signals, SIGTERM)
    pthread_sigmask(SIG_UNBLOCK, &signals, nil)
    return true
  }

  static var isRequested: Bool { stopCount.load(ordering: .relaxed) > 0 }

  /// Whether a poll is under way: a stop then waits for it, and the handler says so at once.
  static func setPollUnderWay(_ isUnderWay: Bool) { pollUnderWay.store(isUnderWay, ordering: .relaxed) }

  /// Waits `seconds`, or less when a stop is requested; true when it was.
  static func wait(seconds: Double) -> Bool {
    let deadline = Clock.monotonic() + seconds
    var descriptor = pollfd(fd: stopReader.load(ordering: .relaxed), events: Int16(POLLIN), revents: 0)
    while !isRequested {
      let remaining = deadline - Clock.monotonic()
      if remaining <= 0 { return false }
      // Whole milliseconds, rounded up, so a wait never ends early and spins.
      let milliseconds = Int32(min((remaining * 1000).rounded(.up), Double(Int32.max)))
      if descriptor.fd < 0 {
        var request = timespec(
          tv_sec: Int(remaining), tv_nsec: Int((remaining - remaining.rounded(.down)) * 1e9))
        nanosleep(&request, nil)
      } else {
        _ = poll(&descriptor, 1, milliseconds)
      }
    }
    return true
  }
}

private let stopCount = Atomic<Int>(0)
private let stopReader = Atomic<Int32>(-1)
private let stopWriter = Atomic<Int32>(-1)
private let pollUnderWay = Atomic<Bool>(false)
/// Known before the handlers are installed: `isatty` is not on the list of what a handler may call.
private let stderrIsTerminal = Atomic<Bool>(false)
/// A literal: no allocation and no lazy initialisation inside the handler. It starts on a line
/// of its own, after a terminal's progress line.
private let stoppingNote: StaticString =
  "\r\u{1B}[Kstackdiff: note: stopping after the poll under way; press Ctrl-C again to quit at once\n"

/// Runs in the signal handler: only atomics, `write(2)` and `_exit(2)`, which are safe there.
private func handleStop(_ signal: Int32) {
  let savedErrno = errno
  if stopCount.add(1, ordering: .relaxed).newValue > 1 { _exit(128 + signal) }
  var byte: UInt8 = 1
  _ = write(stopWriter.load(ordering: .relaxed), &byte, 1)
  if pollUnderWay.load(ordering: .relaxed) {
    // Without a terminal the line starts plainly: no control bytes in a log.
    let skip = stderrIsTerminal.load(ordering: .relaxed) ? 0 : 4
    _ = write(2, stoppingNote.utf8Start + skip, stoppingNote.utf8CodeUnitCount - skip)
  }
  errno = savedErrno
}
