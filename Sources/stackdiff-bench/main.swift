// stackdiff-bench: `swift build -c release && swift run -c release stackdiff-bench --help`.
// Deliberately without Foundation: see FileSystem.swift.
#if canImport(Glibc)
  import Glibc
#endif

/// Finds the binaries, generates each size's inputs, measures them and prints the report.
/// Returns the exit status: 1 when a stackdiff run or a baseline failed, else 0.
func runBench(_ options: Options) throws -> Int32 {
  let tools = try findTools(options)
  let samples = try findSamples(options)
  let generator = try DumpGenerator(samplesDirectory: samples)
  let workspace = try Workspace(directory: options.directory)
  defer {
    if !options.keep { workspace.removeAll() }
  }

  let sizes = fittingSizes(options.sizes, keep: options.keep, directory: workspace.directory)
  guard !sizes.isEmpty else { return 1 }

  Report.printHeader(machine: MachineInfo.current(), tools: tools, runs: options.runs, workspace: workspace)
  var failed = false
  for size in sizes {
    let inputs = try InputSet.generate(
      size: size, generator: generator, workspace: workspace, gzip: tools.gzip, keepProtobuf: options.keep)
    let result = try Benchmark.measure(
      inputs, tools: tools, runs: options.runs, panicparseTimeout: options.panicparseTimeout,
      workspace: workspace)
    Report.printSize(result)
    failed = failed || result.failed
    if !options.keep { workspace.removeFiles() }
  }
  if options.keep { printError("stackdiff-bench: inputs kept in \(workspace.directory)") }
  return failed ? 1 : 0
}

/// stackdiff next to this executable unless `--stackdiff` says otherwise; the baselines on PATH.
func findTools(_ options: Options) throws -> Tools {
  let stackdiff: String
  if let given = options.stackdiff {
    stackdiff = FileSystem.absolute(given)
  } else {
    let executable = FileSystem.executablePath() ?? "./stackdiff-bench"
    stackdiff = parentDirectory(executable) + "/stackdiff"
  }
  guard FileSystem.isExecutableFile(stackdiff) else {
    throw BenchError(
      """
      no stackdiff binary at \(stackdiff). `swift run -c release stackdiff-bench` builds only the \
      bench: run `swift build -c release` first, or pass --stackdiff PATH.
      """)
  }
  func required(_ name: String) throws -> String {
    guard let path = ChildProcess.which(name) else { throw BenchError("\(name) is not on PATH") }
    return path
  }
  return Tools(
    stackdiff: stackdiff, wc: try required("wc"), zcat: try required("zcat"), gzip: try required("gzip"),
    panicparse: ChildProcess.which("panicparse"))
}

/// `--samples`, else SampleDumps beside this source's package, else ./SampleDumps.
func findSamples(_ options: Options) throws -> String {
  // #filePath is Sources/stackdiff-bench/main.swift.
  let packageRoot = parentDirectory(parentDirectory(parentDirectory(#filePath)))
  let candidates =
    options.samples.map { [FileSystem.absolute($0)] }
    ?? [packageRoot + "/SampleDumps", FileSystem.currentDirectory + "/SampleDumps"]
  for candidate in candidates {
    let missing = (DumpGenerator.textSamples + DumpGenerator.profileSamples + DumpGenerator.swiftSamples)
      .filter {
        !FileSystem.exists("\(candidate)/\($0)")
      }
    if missing.isEmpty { return candidate }
    if options.samples != nil {
      throw BenchError("\(candidate) lacks \(missing.joined(separator: ", "))")
    }
  }
  throw BenchError(
    "no SampleDumps folder found (tried \(candidates.joined(separator: ", "))); pass --samples DIR")
}

/// The sizes whose inputs fit on the disk; the others are refused with a message.
func fittingSizes(_ sizes: [ByteSize], keep: Bool, directory: String) -> [ByteSize] {
  guard let available = FileSystem.availableBytes(at: directory) else { return sizes }
  var fitting: [ByteSize] = []
  var kept = 0
  for size in sizes {
    // Without --keep each size's files are removed before the next size is generated.
    let needed = Workspace.bytesNeeded(for: size) + (keep ? kept : 0)
    if needed <= available {
      fitting.append(size)
      kept += Workspace.bytesNeeded(for: size)
    } else {
      printError(
        "stackdiff-bench: skipping \(size.label): its inputs need about \(needed >> 20) MB in \(directory), "
          + "\(available >> 20) MB free")
    }
  }
  return fitting
}

func parentDirectory(_ path: String) -> String {
  guard let slash = path.lastIndex(of: "/") else { return "." }
  return slash == path.startIndex ? "/" : String(path[..<slash])
}

// A fresh copy of the bench starting one timed command: see MeasuredChild.
if CommandLine.arguments.count > 1 && CommandLine.arguments[1] == MeasuredChild.flag {
  exit(MeasuredChild.main(Array(CommandLine.arguments.dropFirst(2))))
}

BenchCommand.main()
