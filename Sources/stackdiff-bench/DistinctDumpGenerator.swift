/// Writes Go `debug=2` dumps in which every goroutine has a stack of its own (issue 14), as a
/// monolith with tens of thousands of distinct stacks would: 8–12 frames each, the runtime's
/// blocking frames innermost (by state), then user frames whose functions are unique to the
/// goroutine (`example.com/app/pkg17.(*Store).loadOrder48213`) but live in files shared by all
/// (`/src/app/pkg17/store.go`), then one or two shared entry frames, and a `created by … in
/// goroutine M` line.
///
/// Deterministic: stack `i` is drawn from a generator seeded with `seed` and `i` alone, so the
/// same index gives the same stack in every file and every run; a file holds stacks `0..<n` with
/// goroutine ids `1...n`. The "after" dump of a diff is the "before" one plus new stacks.
struct DistinctDumpGenerator {
  static let defaultSeed: UInt64 = 0x5EED_0014
  let seed: UInt64

  init(seed: UInt64 = defaultSeed) { self.seed = seed }

  /// Writes stacks `0..<count`; returns the file's size.
  func write(count: Int, to path: String) throws -> Int {
    var writer = try FileWriter(path: path)
    for index in 0..<count {
      if index > 0 { try writer.write(GoDumpText.newline) }
      try writeGoroutine(index, to: &writer)
    }
    return try writer.finish()
  }

  private func writeGoroutine(_ index: Int, to writer: inout FileWriter) throws {
    var random = SplitMix64(seed: seed ^ (UInt64(index) &* 0x9E37_79B9_7F4A_7C15))
    let state = Self.states[random.below(Self.states.count)]
    try writer.writeGoroutineHeader(id: index + 1, state: state.name, maximumMinutes: 2_000, &random)

    let frameCount = 8 + random.below(5)
    let entryCount = 1 + random.below(2)
    let userCount = frameCount - state.frames.count - entryCount

    for frame in state.frames {
      try writer.write(frame.function)
      try writeArguments(frame.arguments, inlined: frame.offset == nil, &random, to: &writer)
      try writer.writeLocation(file: frame.file, line: frame.line, offset: frame.offset)
    }

    // User frames: the functions carry the goroutine's index, so no two stacks are alike; the
    // files are the shared ones of the package.
    for depth in 0..<userCount {
      let package = random.below(Self.packageCount)
      let type = random.below(Self.types.count)
      let file = random.below(Self.filesPerPackage)
      try writer.write(Self.packagePrefix)
      try writer.writeDecimal(package)
      try writer.write(Self.typePrefix)
      try writer.write(Self.types[type])
      try writer.write(Self.typeSuffix)
      try writer.write(Self.verbs[random.below(Self.verbs.count)])
      try writer.write(Self.nouns[random.below(Self.nouns.count)])
      try writer.writeDecimal(index)
      if depth > 0 && random.below(5) == 0 {
        // A closure inside it: `loadOrder48213.func2`.
        try writer.write(Self.funcWord)
        try writer.writeDecimal(1 + random.below(3))
      }
      let inlined = random.below(10) == 0
      try writeArguments(1 + random.below(2), inlined: inlined, &random, to: &writer)
      try writer.write(GoDumpText.newlineTab)
      try writer.write(Self.sourcePrefix)
      try writer.writeDecimal(package)
      try writer.write(Self.slash)
      try writer.write(Self.fileNames[file])
      try writer.write(Self.goSuffix)
      try writer.writeDecimal(20 + random.below(1_500))
      try writeOffset(inlined ? nil : 0x10 + random.below(0x7f0), to: &writer)
      try writer.write(GoDumpText.newline)
    }

    for _ in 0..<entryCount {
      let frame = Self.entries[random.below(Self.entries.count)]
      try writer.write(frame.function)
      try writeArguments(frame.arguments, inlined: false, &random, to: &writer)
      try writer.writeLocation(file: frame.file, line: frame.line, offset: frame.offset)
    }

    let creator = Self.creators[random.below(Self.creators.count)]
    // Created by an earlier goroutine (the first ones by goroutine 1).
    let parent = 1 + random.below(max(index, 1))
    try writer.writeCreatedBy(
      creator.function, parent: parent, file: creator.file, line: creator.line, offset: creator.offset)
  }

  /// `(0xc000123456, {0x7651e0, 0xc0000aa000}, 0x1?)`, or `(...)` for an inlined frame.
  private func writeArguments(
    _ count: Int, inlined: Bool, _ random: inout SplitMix64, to writer: inout FileWriter
  ) throws {
    try writer.writeArguments(count, inlined: inlined) { writer in
      switch random.below(8) {
      case 0:
        try writer.write(GoDumpText.heapPrefix)
        try writer.writeHex(0x10_0000 + random.below(0xEF_FFFF), digits: 6)
      case 1:
        try writer.write(GoDumpText.openBrace)
        try writer.write(GoDumpText.hexPrefix)
        try writer.writeHex(0x70_0000 + random.below(0xF_FFFF), digits: 0)
        try writer.write(GoDumpText.commaSpace)
        try writer.write(GoDumpText.heapPrefix)
        try writer.writeHex(0x10_0000 + random.below(0xEF_FFFF), digits: 6)
        try writer.write(GoDumpText.closeBrace)
      case 2:
        try writer.write(GoDumpText.heapPrefix)
        try writer.writeHex(0x10_0000 + random.below(0xEF_FFFF), digits: 6)
        try writer.write(GoDumpText.question)
      default:
        try writer.write(GoDumpText.hexPrefix)
        try writer.writeHex(random.below(0x40), digits: 0)
      }
    }
  }

  private func writeOffset(_ offset: Int?, to writer: inout FileWriter) throws {
    guard let offset else { return }
    try writer.write(GoDumpText.offsetPrefix)
    try writer.writeHex(offset, digits: 0)
  }

  // MARK: The vocabulary

  struct Frame {
    let function: [UInt8]
    let arguments: Int
    let file: [UInt8]
    let line: Int
    /// nil for an inlined frame: `(...)` and no `+0x…`.
    let offset: Int?

    init(_ function: String, _ arguments: Int, _ file: String, _ line: Int, _ offset: Int?) {
      self.function = Array(function.utf8)
      self.arguments = arguments
      self.file = Array(file.utf8)
      self.line = line
      self.offset = offset
    }
  }

  struct State {
    let name: [UInt8]
    /// The runtime frames of that state, innermost first, as Go 1.21 prints them.
    let frames: [Frame]

    init(_ name: String, _ frames: [Frame]) {
      self.name = Array(name.utf8)
      self.frames = frames
    }
  }

  static let goRoot = "/usr/local/go/src"
  static let gopark = Frame("runtime.gopark", 5, "\(goRoot)/runtime/proc.go", 398, 0xce)
  static let states: [State] = [
    State(
      "chan receive",
      [
        gopark, Frame("runtime.chanrecv", 3, "\(goRoot)/runtime/chan.go", 583, 0x3cd),
        Frame("runtime.chanrecv1", 2, "\(goRoot)/runtime/chan.go", 442, 0x12),
      ]),
    State("select", [gopark, Frame("runtime.selectgo", 4, "\(goRoot)/runtime/select.go", 327, 0x725)]),
    State(
      "IO wait",
      [
        gopark, Frame("runtime.netpollblock", 3, "\(goRoot)/runtime/netpoll.go", 564, 0xf7),
        Frame("internal/poll.runtime_pollWait", 2, "\(goRoot)/runtime/netpoll.go", 343, 0x85),
        Frame("internal/poll.(*pollDesc).wait", 3, "\(goRoot)/internal/poll/fd_poll_runtime.go", 84, 0x27),
      ]),
    State(
      "semacquire",
      [
        gopark, Frame("runtime.goparkunlock", 0, "\(goRoot)/runtime/proc.go", 404, nil),
        Frame("runtime.semacquire1", 5, "\(goRoot)/runtime/sema.go", 160, 0x218),
        Frame("sync.runtime_SemacquireMutex", 3, "\(goRoot)/runtime/sema.go", 77, 0x25),
      ]),
    State(
      "sync.Cond.Wait",
      [
        gopark, Frame("runtime.goparkunlock", 0, "\(goRoot)/runtime/proc.go", 404, nil),
        Frame("sync.runtime_notifyListWait", 2, "\(goRoot)/runtime/sema.go", 527, 0x159),
        Frame("sync.(*Cond).Wait", 1, "\(goRoot)/sync/cond.go", 70, 0x85),
      ]),
  ]

  /// The outermost frames, shared: the server loops every request starts from.
  static let entries: [Frame] = [
    Frame("net/http.HandlerFunc.ServeHTTP", 3, "\(goRoot)/net/http/server.go", 2136, 0x29),
    Frame("net/http.(*ServeMux).ServeHTTP", 3, "\(goRoot)/net/http/server.go", 2514, 0x142),
    Frame("net/http.serverHandler.ServeHTTP", 3, "\(goRoot)/net/http/server.go", 2938, 0x8e),
    Frame("net/http.(*conn).serve", 2, "\(goRoot)/net/http/server.go", 2009, 0x5f4),
    Frame(
      "google.golang.org/grpc.(*Server).processUnaryRPC", 5,
      "/src/mod/google.golang.org/grpc@v1.59.0/server.go", 1343, 0xe03),
    Frame(
      "google.golang.org/grpc.(*Server).handleStream", 3, "/src/mod/google.golang.org/grpc@v1.59.0/server.go",
      1737, 0xc4c),
    Frame("example.com/app/server.(*Server).dispatch", 3, "/src/app/server/dispatch.go", 214, 0x1b3),
    Frame("example.com/app/server.(*Worker).run", 1, "/src/app/server/worker.go", 88, 0x9d),
    Frame("example.com/app/jobs.(*Runner).loop", 2, "/src/app/jobs/runner.go", 131, 0x24a),
    Frame("example.com/app/events.(*Bus).deliver", 3, "/src/app/events/bus.go", 57, 0x11c),
  ]

  static let creators: [Frame] = [
    Frame("net/http.(*Server).Serve", 0, "\(goRoot)/net/http/server.go", 3086, 0x5cb),
    Frame(
      "google.golang.org/grpc.(*Server).serveStreams.func1", 0,
      "/src/mod/google.golang.org/grpc@v1.59.0/server.go", 1016, 0x59),
    Frame("example.com/app/server.(*Pool).start", 0, "/src/app/server/pool.go", 45, 0x8a),
    Frame("example.com/app/jobs.(*Scheduler).spawn", 0, "/src/app/jobs/scheduler.go", 172, 0x1f6),
    Frame("example.com/app/events.NewBus", 0, "/src/app/events/bus.go", 31, 0x13e),
    Frame("main.main", 0, "/src/app/cmd/app/main.go", 96, 0x4b5),
  ]

  static let packageCount = 48
  static let filesPerPackage = 8
  static let types = [
    "Store", "Client", "Handler", "Worker", "Cache", "Queue", "Session", "Pool", "Router", "Conn",
  ]
  .map { Array($0.utf8) }
  static let fileNames = ["store", "client", "handler", "worker", "cache", "queue", "session", "util"]
    .map { Array($0.utf8) }
  static let verbs = [
    "load", "save", "fetch", "apply", "sync", "wait", "send", "read", "flush", "merge", "check", "update",
  ]
  .map { Array($0.utf8) }
  static let nouns = [
    "Order", "User", "Batch", "Event", "Record", "Index", "Snapshot", "Quota", "Ledger", "Token",
  ]
  .map { Array($0.utf8) }

  private static let slash = Array("/".utf8)
  private static let packagePrefix = Array("example.com/app/pkg".utf8)
  private static let typePrefix = Array(".(*".utf8)
  private static let typeSuffix = Array(").".utf8)
  private static let funcWord = Array(".func".utf8)
  private static let sourcePrefix = Array("/src/app/pkg".utf8)
  private static let goSuffix = Array(".go:".utf8)
}

/// SplitMix64 (Steele, Lea, Flood 2014): a tiny, fast generator whose whole state is one seed,
/// so every stack can be drawn from its own.
struct SplitMix64 {
  private var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A number in `0..<bound` (the slight modulo bias does not matter here).
  mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
