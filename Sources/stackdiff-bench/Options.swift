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
      (when on PATH, run once per size) measured beside it. Each size also gets a generated \
      few-stacks dump (seeded; distinct goroutine ids, argument words from 100,000 heap words, a \
      3-deep recursion; ~400k goroutines at 100M), timed with `stackdiff show` beside `wc -l`. Reports median wall time, CPU time, \
      MB/s, traces/s (goroutines/s), peak RSS and the issue's targets as PASS/FAIL (information \
      only).

      The 'distinct' shape (issue 14) generates, from a fixed seed, Go debug=2 dumps in which \
      every goroutine has a stack of its own (8–12 frames; functions unique to the goroutine, \
      files shared), at each --distinct-sizes, and times `stackdiff show`, `show --format json` \
      and `diff` (against the same dump plus 10% new stacks) beside `wc -l` and gostackparse \
      parsing and hashing every stack, reporting the ratios to gostackparse, peak RSS over the \
      input's size and, across sizes, time growth against stack growth.

      Build first: `swift run -c release stackdiff-bench` builds only the bench, so run \
      `swift build -c release` before it (the bench does not build stackdiff itself).

      Exit status: 0 when every command ran (whatever the targets say), 1 when a stackdiff run or \
      a baseline failed or stackdiff's total disagrees with the generated dump, 64 on a usage error.
      """)

  @Option(help: "Dump sizes of the 'few' shape, K/M/G = 2^10/2^20/2^30 bytes (1G allowed).")
  var sizes = SizeList([ByteSize(bytes: 10 << 20), ByteSize(bytes: 100 << 20)])

  @Option(
    help: """
      Dump shapes: 'few' (the sizes above: real sample blocks, a few dozen distinct stacks, and \
      the varied-arguments dump) and \
      'distinct' (every goroutine a stack of its own, issue 14).
      """)
  var shapes = ShapeList([.few, .distinct])

  @Option(
    name: .customLong("distinct-sizes"),
    help: """
      Goroutines in the distinct-stack dumps, k/M = 1000/1000000 (each size also gets an "after" \
      dump with 10% more stacks, for diff).
      """)
  var distinctSizes = CountList([20_000, 200_000])

  @Option(
    help: """
      Repetitions of each command; the median wall time and the largest peak RSS are reported. \
      Seven by default: on a shared machine a command of a tenth of a second varies by a third \
      from run to run, and a median of three moves with it.
      """)
  var runs = 7

  @Option(
    name: .customLong("distinct-max-runs"),
    help:
      "At most this many repetitions for distinct-stack dumps of 100k goroutines or more (they take seconds each)."
  )
  var distinctMaxRuns = 3

  @Option(
    help: """
      gostackparse-count binary (default: built at start with ../shared/peers/gostackparse/build.sh \
      beside the package when `go` is on PATH; skipped with a note otherwise).
      """)
  var gostackparse: String?

  @Flag(help: "Same as --sizes 10M --distinct-sizes 20k --runs 1.")
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
    if distinctMaxRuns < 1 { throw ValidationError("--distinct-max-runs must be at least 1.") }
    guard panicparseTimeout.isFinite, panicparseTimeout > 0 else {
      throw ValidationError("--panicparse-timeout takes a positive number of seconds.")
    }
  }

  func run() throws {
    var options = Options(
      sizes: sizes.sizes, shapes: shapes.shapes, distinctSizes: distinctSizes.counts, runs: runs,
      distinctMaxRuns: distinctMaxRuns, keep: keep, directory: directory, stackdiff: stackdiff,
      gostackparse: gostackparse, samples: samples, panicparseTimeout: panicparseTimeout)
    if quick {
      options.sizes = [ByteSize(bytes: 10 << 20)]
      options.distinctSizes = [20_000]
      options.runs = 1
    }
    let status = try runBench(options)
    if status != 0 { throw ExitCode(status) }
  }
}

/// What one run of the bench measures, from its command line.
struct Options {
  var sizes: [ByteSize]
  var shapes: [Shape]
  var distinctSizes: [Int]
  var runs: Int
  var distinctMaxRuns: Int
  var keep: Bool
  var directory: String?
  var stackdiff: String?
  var gostackparse: String?
  var samples: String?
  var panicparseTimeout: Double
}

/// What the generated dumps look like.
enum Shape: String, CaseIterable {
  /// Real sample blocks copied: a few dozen distinct stacks, hundreds of thousands of goroutines.
  case few
  /// Every goroutine a stack of its own (issue 14).
  case distinct
}

/// `few,distinct`
struct ShapeList: ExpressibleByArgument {
  var shapes: [Shape]

  init(_ shapes: [Shape]) { self.shapes = shapes }

  init?(argument: String) {
    let parsed = argument.split(separator: ",").map { Shape(rawValue: String($0).lowercased()) }
    guard !parsed.isEmpty, parsed.allSatisfy({ $0 != nil }) else { return nil }
    shapes = Shape.allCases.filter { parsed.contains($0) }
  }

  var defaultValueDescription: String { shapes.map(\.rawValue).joined(separator: ",") }
  static var allValueStrings: [String] { Shape.allCases.map(\.rawValue) }
}

/// `20k,200k`: goroutine counts, k and M decimal.
struct CountList: ExpressibleByArgument {
  var counts: [Int]

  init(_ counts: [Int]) { self.counts = counts }

  init?(argument: String) {
    var counts: [Int] = []
    for part in argument.split(separator: ",") {
      var digits = Substring(part.lowercased())
      var multiplier = 1
      if digits.hasSuffix("k") {
        multiplier = 1_000
        digits = digits.dropLast()
      } else if digits.hasSuffix("m") {
        multiplier = 1_000_000
        digits = digits.dropLast()
      }
      guard let count = Int(digits), count > 0, count <= 100_000_000 / multiplier else { return nil }
      counts.append(count * multiplier)
    }
    guard !counts.isEmpty else { return nil }
    self.counts = counts
  }

  var defaultValueDescription: String { counts.map(countLabel).joined(separator: ",") }
}

/// `20k`, `1M`, or the plain number.
func countLabel(_ count: Int) -> String {
  if count % 1_000_000 == 0 { return "\(count / 1_000_000)M" }
  if count % 1_000 == 0 { return "\(count / 1_000)k" }
  return "\(count)"
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
