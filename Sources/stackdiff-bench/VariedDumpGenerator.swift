/// Writes the second dump of the few-stacks shape (issue 14): a Go `debug=2` dump of hundreds of
/// thousands of goroutines in a few dozen stacks, where nothing but the stack repeats. Goroutine
/// ids are all distinct (rising with gaps, as a long-lived server's are), the argument words vary
/// (pointers drawn from 100,000 distinct heap words, lengths, interface pairs), a quarter of the
/// waits print minutes, and some stacks hold a 3-deep direct recursion (`main.walk` three times
/// at the same line). Most goroutines are short leaks, as in a real leak dump; the rest are
/// `net/http` handlers with the runtime's blocking frames (`runtime.gopark` …) and tree walks.
///
/// Deterministic: goroutine `i` is drawn from a generator seeded with `seed` and `i` alone.
/// Goroutines are written until the size is reached; at 100M that is about 400k goroutines.
struct VariedDumpGenerator {
  static let defaultSeed: UInt64 = 0x5EED_14B
  /// Distinct heap words the pointer arguments are drawn from.
  static let pointerWords = 100_000
  let seed: UInt64
  let templates: [Template]
  /// Cumulative weights of `templates`, for drawing one.
  private let cumulative: [Int]

  struct Written {
    let bytes: Int
    let goroutines: Int
    /// Distinct stacks written: the groups stackdiff's default grouping must find.
    let groups: Int
  }

  init(seed: UInt64 = defaultSeed) {
    self.seed = seed
    templates = Self.makeTemplates()
    var total = 0
    cumulative = templates.map {
      total += $0.weight
      return total
    }
  }

  /// Writes goroutines until `bytes` is reached (the last one may pass it by a few hundred bytes).
  func write(bytes budget: Int, to path: String) throws -> Written {
    var writer = try FileWriter(path: path)
    var used = [Bool](repeating: false, count: templates.count)
    var id = 0
    var count = 0
    while writer.byteCount < budget {
      var random = SplitMix64(seed: seed ^ (UInt64(count) &* 0x9E37_79B9_7F4A_7C15))
      // Ids rise with gaps: goroutines that ended left holes.
      id += 1 + random.below(4)
      let pick = random.below(cumulative.last!)
      let index = cumulative.firstIndex { pick < $0 }!
      used[index] = true
      if count > 0 { try writer.write(GoDumpText.newline) }
      try writeGoroutine(id: id, templates[index], &random, to: &writer)
      count += 1
    }
    let groups = used.filter { $0 }.count
    return Written(bytes: try writer.finish(), goroutines: count, groups: groups)
  }

  private func writeGoroutine(
    id: Int, _ template: Template, _ random: inout SplitMix64, to writer: inout FileWriter
  ) throws {
    try writer.writeGoroutineHeader(id: id, state: template.state, maximumMinutes: 600, &random)
    for frame in template.frames {
      try writer.write(frame.function)
      try writeArguments(frame.arguments, inlined: frame.offset == nil, &random, to: &writer)
      try writer.writeLocation(file: frame.file, line: frame.line, offset: frame.offset)
    }
    let creator = template.creator
    let parent = 1 + random.below(max(id / 2, 1))
    try writer.writeCreatedBy(
      creator.function, parent: parent, file: creator.file, line: creator.line, offset: creator.offset ?? 0x1d
    )
  }

  /// `(0xc000a1b2c0, 0x3f)`, `({0x7651e0, 0xc0001f2a40}, 0x1?)`, or `(...)` for an inlined frame.
  private func writeArguments(
    _ count: Int, inlined: Bool, _ random: inout SplitMix64, to writer: inout FileWriter
  ) throws {
    try writer.writeArguments(count, inlined: inlined) { writer in
      switch random.below(8) {
      case 0, 1, 2, 3:
        try writePointer(&random, to: &writer)
      case 4:
        try writer.write(GoDumpText.openBrace)
        try writer.write(Self.typeWords[random.below(Self.typeWords.count)])
        try writer.write(GoDumpText.commaSpace)
        try writePointer(&random, to: &writer)
        try writer.write(GoDumpText.closeBrace)
      case 5:
        try writePointer(&random, to: &writer)
        try writer.write(GoDumpText.question)
      default:
        try writer.write(GoDumpText.hexPrefix)
        try writer.writeHex(random.below(0x400), digits: 0)
      }
    }
  }

  /// One of `pointerWords` distinct heap words, 16-byte aligned: `0xc000` and 6 hex digits.
  private func writePointer(_ random: inout SplitMix64, to writer: inout FileWriter) throws {
    // An odd multiplier permutes 2^20, so distinct indices give distinct words.
    let word = (random.below(Self.pointerWords) &* 0x9E3B1) & 0xF_FFFF
    try writer.write(GoDumpText.heapPrefix)
    try writer.writeHex(word << 4, digits: 6)
  }

  // MARK: The stacks

  typealias Frame = DistinctDumpGenerator.Frame

  struct Template {
    let state: [UInt8]
    /// Innermost first.
    let frames: [Frame]
    let creator: Frame
    let weight: Int

    init(_ state: String, _ frames: [Frame], _ creator: Frame, weight: Int) {
      self.state = Array(state.utf8)
      self.frames = frames
      self.creator = creator
      self.weight = weight
    }
  }

  /// 14 short leaks (96% of goroutines), 8 walks with a 3-deep recursion (1.8%), 16 HTTP
  /// handlers blocked in the runtime (1.8%): 38 stacks, about 260 bytes a goroutine.
  static func makeTemplates() -> [Template] {
    var templates: [Template] = []
    let leaks: [(state: String, package: String, type: String, function: String)] = [
      ("chan send", "jobs", "Pool", "emit"), ("chan send", "events", "Bus", "publish"),
      ("chan receive", "jobs", "Pool", "collect"), ("chan receive", "cache", "Loader", "await"),
      ("select", "stream", "Conn", "pump"), ("select", "session", "Manager", "expire"),
      ("chan send", "metrics", "Reporter", "push"), ("chan receive", "orders", "Queue", "next"),
      ("select", "ledger", "Writer", "flushLoop"), ("semacquire", "store", "Shard", "lock"),
      ("sync.Cond.Wait", "queue", "Ring", "take"), ("chan send", "audit", "Log", "append"),
      ("select", "ratelimit", "Bucket", "wait"), ("chan receive", "search", "Index", "results"),
    ]
    for (number, leak) in leaks.enumerated() {
      let file = "/src/app/\(leak.package)/\(leak.package).go"
      templates.append(
        Template(
          leak.state,
          [
            Frame(
              "example.com/app/\(leak.package).(*\(leak.type)).\(leak.function)", 1 + number % 2, file,
              40 + 7 * number,
              0x45 + number)
          ],
          Frame(
            "example.com/app/\(leak.package).(*\(leak.type)).start", 0, file, 20 + number, 0x1a2), weight: 120
        ))
    }

    // `main.walk` calling itself at one line, three deep, under four callers in two states.
    let walkers: [(function: String, file: String, line: Int)] = [
      ("main.walk", "/src/app/cmd/app/walk.go", 42),
      ("example.com/app/tree.(*Node).walk", "/src/app/tree/node.go", 118),
    ]
    let callers: [(function: String, file: String, line: Int)] = [
      ("example.com/app/tree.(*Index).Rebuild", "/src/app/tree/index.go", 77),
      ("example.com/app/tree.(*Index).Verify", "/src/app/tree/index.go", 143),
    ]
    for walker in walkers {
      for caller in callers {
        for (state, leaf) in [
          ("chan receive", Frame("example.com/app/tree.(*Node).load", 2, "/src/app/tree/node.go", 61, 0x8c)),
          (
            "semacquire",
            Frame("sync.(*Mutex).Lock", 1, "\(DistinctDumpGenerator.goRoot)/sync/mutex.go", 90, 0x5d)
          ),
        ] {
          let walk = Frame(walker.function, 3, walker.file, walker.line, 0x7b)
          templates.append(
            Template(
              state,
              [leaf, walk, walk, walk, Frame(caller.function, 1, caller.file, caller.line, 0x13c)],
              Frame("example.com/app/tree.(*Index).Start", 0, "/src/app/tree/index.go", 33, 0x6f), weight: 4))
        }
      }
    }

    // HTTP handlers blocked in the runtime, as a SIGQUIT dump prints them (gopark included).
    let handlers: [(function: String, file: String, line: Int)] = [
      ("example.com/app/api.(*Server).getOrder", "/src/app/api/orders.go", 88),
      ("example.com/app/api.(*Server).listUsers", "/src/app/api/users.go", 52),
      ("example.com/app/api.(*Server).upload", "/src/app/api/upload.go", 131),
      ("example.com/app/api.(*Server).stream", "/src/app/api/stream.go", 74),
    ]
    let goRoot = DistinctDumpGenerator.goRoot
    let serve = [
      Frame("net/http.HandlerFunc.ServeHTTP", 3, "\(goRoot)/net/http/server.go", 2136, 0x29),
      Frame("net/http.(*ServeMux).ServeHTTP", 3, "\(goRoot)/net/http/server.go", 2514, 0x142),
      Frame("net/http.serverHandler.ServeHTTP", 3, "\(goRoot)/net/http/server.go", 2938, 0x8e),
      Frame("net/http.(*conn).serve", 2, "\(goRoot)/net/http/server.go", 2009, 0x5f4),
    ]
    let serveCreator = Frame("net/http.(*Server).Serve", 0, "\(goRoot)/net/http/server.go", 3086, 0x5cb)
    for handler in handlers {
      for state in DistinctDumpGenerator.states.prefix(4) {
        let user = [
          Frame("example.com/app/store.(*DB).query", 3, "/src/app/store/db.go", 210, 0x1f4),
          Frame(handler.function, 3, handler.file, handler.line, 0xb1),
        ]
        templates.append(
          Template(
            String(decoding: state.name, as: UTF8.self), state.frames + user + serve, serveCreator, weight: 2)
        )
      }
    }
    return templates
  }

  private static let typeWords = ["0x7651e0", "0x8a2f40", "0x6c1d20", "0x7f9a80"].map { Array($0.utf8) }
}
