/// Turns the report object of an `.ips` file (Apple's "Interpreting the JSON format of a crash
/// report") into traces, as the text form of the same crash reads, so both group alike:
///
///     {"procName":"OrderServer", "procPath":"/Users/USER/*/OrderServer",
///      "exception":{"type":"EXC_BREAKPOINT","signal":"SIGTRAP"},
///      "termination":{"namespace":"SIGNAL","code":5,"indicator":"Trace/BPT trap: 5"},
///      "asi":{"libswiftCore.dylib":["…Fatal error: …"]},
///      "threads":[{"triggered":true,"queue":"com.example.orders.ingest","frames":[
///        {"imageOffset":1063564,"symbol":"_assertionFailure(_:_:file:line:flags:)","symbolLocation":176,"imageIndex":3},
///        {"imageOffset":24360,"symbol":"OrderValidator.validate(order:)","symbolLocation":412,
///         "imageIndex":0,"sourceFile":"OrderValidator.swift","sourceLine":46}, …]}, …],
///      "usedImages":[{"base":4299800576,"name":"OrderServer","path":"/Users/USER/*/OrderServer"}, …]}
struct AppleIPSReport {
  let format: DumpFormat
  /// Canonical names by symbol and image: demangling runs once per symbol.
  private var names: [String: String] = [:]

  init(format: DumpFormat) { self.format = format }

  /// Whether `value` is a crash report's body: it has threads.
  static func isReport(_ value: JSONValue) -> Bool { value["threads"]?.array != nil }

  /// Adds the report's threads to `builder` as one snapshot; false when `value` holds none.
  mutating func add(_ value: JSONValue, to builder: SnapshotBuilder) -> Bool {
    guard let threads = value["threads"]?.array else { return false }
    let images = (value["usedImages"]?.array ?? []).map(Self.imageName)
    builder.finishSnapshot()
    for var event in Self.events(of: value) {
      event.withUTF8 { builder.addEvent(ByteSlice(UnsafeRawBufferPointer($0))) }
    }
    if let main = Self.mainImage(of: value, images: images) {
      builder.interner(for: format.dialect).learn(mainImage: main)
    }
    for (index, thread) in threads.enumerated() {
      let frames = (thread["frames"]?.array ?? []).map { makeFrame($0, images: images) }
      let state = frames.first.map { SwiftThreadState.state(leaf: $0.function, image: $0.image) }
      builder.add(
        format, state: state, frames: frames, id: index,
        name: AppleCrashNaming.threadName(name: thread["name"]?.string, queue: thread["queue"]?.string),
        isCrashed: thread["triggered"]?.bool == true)
    }
    return true
  }

  /// What the text form says in its header: `Exception Type:` as `EXC_CRASH (SIGABRT)`,
  /// `Termination Reason:` as `Namespace SIGNAL, Code 6 Abort trap: 6`, and the application-
  /// specific lines (`asi`), in that order.
  static func events(of value: JSONValue) -> [String] {
    var events: [String] = []
    if let exception = value["exception"], let type = exception["type"]?.string {
      let signal = exception["signal"]?.string.map { " (\($0))" } ?? ""
      events.append("Program crashed: \(type)\(signal)")
    }
    if let termination = value["termination"] {
      var parts: [String] = []
      if let namespace = termination["namespace"]?.string { parts.append("Namespace \(namespace)") }
      if let code = termination["code"]?.int { parts.append("Code \(code)") }
      var reason = parts.joined(separator: ", ")
      if let indicator = termination["indicator"]?.string, !indicator.isEmpty {
        reason += reason.isEmpty ? indicator : " " + indicator
      }
      if !reason.isEmpty { events.append("Termination Reason: \(reason)") }
    }
    if case .object(let members) = value["asi"] {
      for member in members {
        for line in member.value.array ?? [] {
          guard let text = line.string else { continue }
          for part in text.split(separator: "\n") where !part.isEmpty && events.count < 8 {
            events.append(String(part))
          }
        }
      }
    }
    return events
  }

  /// The executable: the image at `procPath`, else the first image (the system lists the
  /// executable first), else `procName`.
  static func mainImage(of value: JSONValue, images: [String]) -> String? {
    let used = value["usedImages"]?.array ?? []
    if let path = value["procPath"]?.string,
      let index = used.firstIndex(where: { $0["path"]?.string == path }), index < images.count
    {
      return images[index]
    }
    if let first = images.first, first != Self.unknownImage { return first }
    return value["procName"]?.string
  }

  /// How the text form names an image: its `name`, else its file name, else `???` (an image
  /// the system could not identify, `"source":"A"`).
  static func imageName(_ image: JSONValue) -> String {
    if let name = image["name"]?.string, !name.isEmpty { return name }
    if let path = image["path"]?.string, let last = path.split(separator: "/").last { return String(last) }
    return unknownImage
  }

  static let unknownImage = "???"

  private mutating func makeFrame(_ value: JSONValue, images: [String]) -> Frame {
    var image = Self.unknownImage
    if let index = value["imageIndex"]?.int, index >= 0, index < images.count { image = images[index] }
    let function: String
    if let symbol = value["symbol"]?.string, !symbol.isEmpty {
      let key = symbol + "\u{0}" + image
      if let known = names[key] {
        function = known
      } else {
        function = SwiftSymbol.canonicalName(symbol, image: image)
        names[key] = function
      }
    } else {
      let offset = UInt64(max(0, value["imageOffset"]?.int ?? 0))
      function = SwiftSymbol.unsymbolicatedFunction(image: image, offset: offset)
    }
    let flags: FrameFlags = value["inline"]?.bool == true ? .inlined : []
    return Frame(
      function: function, file: value["sourceFile"]?.string ?? "",
      line: max(0, value["sourceLine"]?.int ?? 0),
      image: image, flags: flags)
  }
}
