// stackdiff-bench: `swift build -c release && swift run -c release stackdiff-bench --help`.
// Deliberately without Foundation: see FileSystem.swift.
#if canImport(Glibc)
  import Glibc
#endif

/// Finds the binaries, generates each size's inputs, measures them and prints the report.
/// Returns the exit status: 1 when a stackdiff run or a baseline failed, else 0.
func runBench(_ options: Options) throws -> Int32 {
  var tools = try findTools(options)
  let runFew = options.shapes.contains(.few)
  let runDistinct = options.shapes.contains(.distinct)
  let generator = try runFew ? DumpGenerator(samplesDirectory: findSamples(options)) : nil
  let workspace = try Workspace(directory: options.directory)
  defer {
    if !options.keep { workspace.removeAll() }
  }
  if runDistinct { findGostackparse(options, tools: &tools, workspace: workspace) }

  let sizes = runFew ? fittingSizes(options.sizes, keep: options.keep, directory: workspace.directory) : []
  let distinctSizes =
    runDistinct
    ? fittingDistinctSizes(options.distinctSizes, keep: options.keep, directory: workspace.directory) : []
  guard !sizes.isEmpty || !distinctSizes.isEmpty else { return 1 }

  Report.printHeader(machine: MachineInfo.current(), tools: tools, runs: options.runs, workspace: workspace)
  var failed = false
  if let generator {
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
  }
  var distinctResults: [DistinctResult] = []
  for count in distinctSizes {
    let inputs = try DistinctInputs.generate(goroutines: count, workspace: workspace)
    let runs = count >= DistinctBench.largeCount ? min(options.runs, options.distinctMaxRuns) : options.runs
    let result = try DistinctBench.measure(inputs, tools: tools, runs: runs, workspace: workspace)
    DistinctReport.printSize(result)
    distinctResults.append(result)
    failed = failed || result.failed
    if !options.keep { workspace.removeFiles() }
  }
  if distinctResults.count > 1 { DistinctReport.printGrowth(distinctResults) }
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

/// The peer of the distinct-stack shape: `--gostackparse`, else built with the shared build
/// script when Go is on PATH, else a note saying why it is left out.
func findGostackparse(_ options: Options, tools: inout Tools, workspace: Workspace) {
  if let given = options.gostackparse {
    let path = FileSystem.absolute(given)
    if FileSystem.isExecutableFile(path) {
      tools.gostackparse = path
    } else {
      tools.gostackparseNote = "no executable at \(path) (skipped)"
    }
    return
  }
  // #filePath is Sources/stackdiff-bench/main.swift; the peers sit beside the package.
  let packageRoot = parentDirectory(parentDirectory(parentDirectory(#filePath)))
  let script = parentDirectory(packageRoot) + "/shared/peers/gostackparse/build.sh"
  guard ChildProcess.which("go") != nil else {
    tools.gostackparseNote = "go not on PATH, gostackparse skipped (apt-get install golang-go)"
    return
  }
  guard FileSystem.isExecutableFile(script) else {
    tools.gostackparseNote = "no \(script), gostackparse skipped (or pass --gostackparse PATH)"
    return
  }
  let output = workspace.keptFile("gostackparse-count")
  let errors = workspace.file("gostackparse-build.stderr")
  let start = monotonicSeconds()
  let result = try? ChildProcess.run(
    Command(executable: script, arguments: [output], stdout: .file(errors), stderr: .file(errors)))
  if let result, result.succeeded, FileSystem.isExecutableFile(output) {
    tools.gostackparse = output
    printError("stackdiff-bench: built \(output) (\(fixed(monotonicSeconds() - start, 1)) s)")
  } else {
    tools.gostackparseNote =
      "building it with \(script) failed (\(result?.endingDescription ?? "not started")): \(tail(of: errors)); skipped"
  }
}

/// The distinct-stack sizes whose inputs fit on the disk.
func fittingDistinctSizes(_ counts: [Int], keep: Bool, directory: String) -> [Int] {
  guard let available = FileSystem.availableBytes(at: directory) else { return counts }
  var fitting: [Int] = []
  var kept = 0
  for count in counts {
    let needed = DistinctInputs.bytesNeeded(goroutines: count) + (keep ? kept : 0)
    if needed <= available {
      fitting.append(count)
      kept += DistinctInputs.bytesNeeded(goroutines: count)
    } else {
      printError(
        "stackdiff-bench: skipping distinct \(countLabel(count)): it needs about \(needed >> 20) MB in \(directory), "
          + "\(available >> 20) MB free")
    }
  }
  return fitting
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

// `stackdiff-bench --write-distinct COUNT PATH`: writes the distinct-stack dump alone, to look at.
if CommandLine.arguments.count == 4 && CommandLine.arguments[1] == "--write-distinct",
  let count = Int(CommandLine.arguments[2]), count > 0
{
  do {
    let bytes = try DistinctDumpGenerator().write(count: count, to: CommandLine.arguments[3])
    printError("stackdiff-bench: \(count) goroutines, \(bytes) bytes in \(CommandLine.arguments[3])")
    exit(0)
  } catch {
    printError("stackdiff-bench: \(error)")
    exit(1)
  }
}

// `stackdiff-bench --write-varied SIZE PATH`: writes the few-stacks varied dump alone, to look at.
if CommandLine.arguments.count == 4 && CommandLine.arguments[1] == "--write-varied",
  let size = ByteSize(parsing: CommandLine.arguments[2])
{
  do {
    let written = try VariedDumpGenerator().write(bytes: size.bytes, to: CommandLine.arguments[3])
    printError(
      "stackdiff-bench: \(written.goroutines) goroutines in \(written.groups) stacks, \(written.bytes) bytes in \(CommandLine.arguments[3])"
    )
    exit(0)
  } catch {
    printError("stackdiff-bench: \(error)")
    exit(1)
  }
}

BenchCommand.main()
