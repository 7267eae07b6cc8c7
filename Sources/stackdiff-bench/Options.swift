import ArgumentParser

/// `stackdiff-bench`'s command line.
struct BenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "stackdiff-bench",
    abstract: "Time stackdiff on large generated dumps, side by side with wc, zcat and panicparse.",
    discussion: """
      Builds large goroutine dumps from SampleDumps (real blocks, goroutines renumbered) in a \
      temp folder, then times `stackdiff show` and `stackdiff diff` on Go debug=2 text, its gzip, \
      pprof debug=1 text and debug=0 protobuf, and `stackdiff show` on one Swift runtime-backtracer \
      report (real threads renumbered), with `wc -l`, `zcat` and `panicparse -aggressive` \
      (when on PATH, run once per size) measured beside it. Reports median wall time, CPU time, \
      MB/s, traces/s (goroutines/s), peak RSS and the issue's targets as PASS/FAIL (information \
      only).

      Build first: `swift run -c release stackdiff-bench` builds only the bench, so run \
      `swift build -c release` before it (the bench does not build stackdiff itself).

      Exit status: 0 when every command ran (whatever the targets say), 1 when a stackdiff run or \
      a baseline failed or stackdiff's total disagrees with the generated dump, 64 on a usage error.
      """)

  @Option(help: "Dump sizes, K/M/G = 2^10/2^20/2^30 bytes (1G allowed).")
  var sizes = SizeList([ByteSize(bytes: 10 << 20), ByteSize(bytes: 100 << 20)])

  @Option(help: "Repetitions of each command; the median wall time and the largest peak RSS are reported.")
  var runs = 3

  @Flag(help: "Same as --sizes 10M --runs 1.")
  var quick = false

  @Flag(help: "Keep the generated files.")
  var keep = false

  @Option(
    name: .customLong("dir"),
    help: "Folder for the generated files (default: a new folder under $TMPDIR, removed at the end).")
  var directory: String?

  @Option(help: "stackdiff binary (default: `stackdiff` next to this executable).")
  var stackdiff: String?

  @Option(help: "SampleDumps folder (default: found from this source file's location, else ./SampleDumps).")
  var samples: String?

  @Option(name: .customLong("panicparse-timeout"), help: "Give up on panicparse after this many seconds.")
  var panicparseTimeout = 300.0

  func validate() throws {
    if runs < 1 { throw ValidationError("--runs must be at least 1.") }
    guard panicparseTimeout.isFinite, panicparseTimeout > 0 else {
      throw ValidationError("--panicparse-timeout takes a positive number of seconds.")
    }
  }

  func run() throws {
    var options = Options(
      sizes: sizes.sizes, runs: runs, keep: keep, directory: directory, stackdiff: stackdiff,
      samples: samples,
      panicparseTimeout: panicparseTimeout)
    if quick {
      options.sizes = [ByteSize(bytes: 10 << 20)]
      options.runs = 1
    }
    let status = try runBench(options)
    if status != 0 { throw ExitCode(status) }
  }
}

/// What one run of the bench measures, from its command line.
struct Options {
  var sizes: [ByteSize]
  var runs: Int
  var keep: Bool
  var directory: String?
  var stackdiff: String?
  var samples: String?
  var panicparseTimeout: Double
}

/// `10M,100M`
struct SizeList: ExpressibleByArgument {
  var sizes: [ByteSize]

  init(_ sizes: [ByteSize]) { self.sizes = sizes }

  init?(argument: String) {
    let parsed = argument.split(separator: ",").map { ByteSize(parsing: String($0)) }
    guard !parsed.isEmpty, parsed.allSatisfy({ $0 != nil }) else { return nil }
    sizes = parsed.compactMap { $0 }
  }

  var defaultValueDescription: String { sizes.map(\.label).joined(separator: ",") }
}

/// A size with a binary suffix: `10M` is 10 × 2^20 bytes.
struct ByteSize: Equatable {
  let bytes: Int

  init(bytes: Int) { self.bytes = bytes }

  init?(parsing text: String) {
    let multipliers: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30]
    var digits = Substring(text.uppercased())
    var multiplier = 1
    if let last = digits.last, let factor = multipliers[last] {
      multiplier = factor
      digits = digits.dropLast()
    }
    guard let count = Int(digits), count > 0 else { return nil }
    let (bytes, overflow) = count.multipliedReportingOverflow(by: multiplier)
    guard !overflow else { return nil }
    self.bytes = bytes
  }

  /// `10M`, `1G`, or plain bytes when the size is no whole multiple.
  var label: String {
    for (suffix, factor) in [("G", 1 << 30), ("M", 1 << 20), ("K", 1 << 10)]
    where bytes % factor == 0 {
      return "\(bytes / factor)\(suffix)"
    }
    return "\(bytes)"
  }
}
