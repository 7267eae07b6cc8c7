/// Command-line options of `stackdiff-bench`, parsed by hand to stay dependency-free.
struct Options {
  var sizes: [ByteSize] = [ByteSize(bytes: 10 << 20), ByteSize(bytes: 100 << 20)]
  var runs = 3
  var keep = false
  var directory: String?
  var stackdiff: String?
  var samples: String?
  var panicparseTimeout = 300.0
  var help = false

  static let usage = """
    USAGE: stackdiff-bench [--sizes 10M,100M] [--runs N] [--quick] [--keep] [--dir PATH]
                           [--stackdiff PATH] [--samples DIR] [--panicparse-timeout SECONDS]

    Builds large goroutine dumps from SampleDumps (real blocks, goroutines renumbered) in a temp
    folder, then times `stackdiff show` and `stackdiff diff` on Go debug=2 text, its gzip, pprof
    debug=1 text and debug=0 protobuf, with `wc -l`, `zcat` and `panicparse -aggressive` (when on
    PATH, run once per size) measured beside it. Reports median wall time, CPU time, MB/s,
    traces/s (goroutines/s), peak RSS and the issue's targets as PASS/FAIL (information only).

    Build first: `swift run -c release stackdiff-bench` builds only the bench, so run
    `swift build -c release` before it (the bench does not build stackdiff itself).

    OPTIONS:
      --sizes LIST        Dump sizes, K/M/G = 2^10/2^20/2^30 bytes (default 10M,100M; 1G allowed).
      --runs N            Repetitions of each command; the median wall time and the largest
                          peak RSS are reported (default 3).
      --quick             Same as --sizes 10M --runs 1.
      --keep              Keep the generated files.
      --dir PATH          Folder for the generated files (default: a new folder under $TMPDIR,
                          removed at the end).
      --stackdiff PATH    stackdiff binary (default: `stackdiff` next to this executable).
      --samples DIR       SampleDumps folder (default: found from this source file's location,
                          else ./SampleDumps).
      --panicparse-timeout SECONDS
                          Give up on panicparse after this long (default 300).
      -h, --help          Show this help.

    Exit status: 0 when every command ran (whatever the targets say), 1 when a stackdiff run or
    a baseline failed or stackdiff's total disagrees with the generated dump, 64 on a usage error.
    """

  static func parse(_ arguments: [String]) throws(UsageError) -> Options {
    var options = Options()
    var remaining = arguments[...]
    func value(for flag: String) throws(UsageError) -> String {
      guard let next = remaining.popFirst() else { throw UsageError("\(flag) needs a value") }
      return next
    }
    while let argument = remaining.popFirst() {
      switch argument {
      case "--sizes":
        let list = try value(for: argument)
        var sizes: [ByteSize] = []
        for item in list.split(separator: ",") {
          guard let size = ByteSize(parsing: String(item)) else {
            throw UsageError("--sizes: '\(item)' is not a size like 10M, 100M or 1G")
          }
          sizes.append(size)
        }
        guard !sizes.isEmpty else { throw UsageError("--sizes needs at least one size") }
        options.sizes = sizes
      case "--runs":
        let text = try value(for: argument)
        guard let runs = Int(text), runs >= 1 else {
          throw UsageError("--runs: '\(text)' is not a positive number")
        }
        options.runs = runs
      case "--quick":
        options.sizes = [ByteSize(bytes: 10 << 20)]
        options.runs = 1
      case "--keep":
        options.keep = true
      case "--dir":
        options.directory = try value(for: argument)
      case "--stackdiff":
        options.stackdiff = try value(for: argument)
      case "--samples":
        options.samples = try value(for: argument)
      case "--panicparse-timeout":
        let text = try value(for: argument)
        guard let seconds = Double(text), seconds > 0 else {
          throw UsageError("--panicparse-timeout: '\(text)' is not a positive number of seconds")
        }
        options.panicparseTimeout = seconds
      case "-h", "--help":
        options.help = true
      default:
        throw UsageError("unknown argument '\(argument)'")
      }
    }
    return options
  }
}

struct UsageError: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
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
