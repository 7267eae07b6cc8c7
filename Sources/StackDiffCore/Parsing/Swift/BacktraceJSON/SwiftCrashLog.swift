/// Turns one backtracer JSON report (`"kind": "crashReport"`, the schema of the runtime's
/// `CrashLog`) into traces: each thread with its name, its crashed mark, and its frames as the
/// text report would print them, so the two forms of one dump group alike.
struct SwiftCrashLog {
  let format: DumpFormat
  /// Canonical names by printed name and image: demangling runs once per symbol.
  private var names: [String: String] = [:]

  init(format: DumpFormat) { self.format = format }

  /// Whether `value` is a backtracer report.
  static func isReport(_ value: JSONValue) -> Bool {
    value["kind"]?.string == "crashReport" && value["threads"]?.array != nil
  }

  /// Adds the report's threads to `builder` as one snapshot; false when `value` holds none.
  mutating func add(_ value: JSONValue, to builder: SnapshotBuilder) -> Bool {
    guard Self.isReport(value), let threads = value["threads"]?.array else { return false }
    builder.finishSnapshot()
    if let description = value["description"]?.string {
      var event =
        description.hasPrefix("Swift runtime failure") ? description : "Program crashed: \(description)"
      if let address = value["faultAddress"]?.string, !description.hasPrefix("Swift runtime failure") {
        event += " at \(address)"
      }
      event.withUTF8 { builder.addEvent(ByteSlice(UnsafeRawBufferPointer($0))) }
    }
    for (index, thread) in threads.enumerated() {
      var frames: [Frame] = []
      var elision = Elision.none
      for frame in thread["frames"]?.array ?? [] {
        switch frame["kind"]?.string {
        case "omittedFrames":
          elision = .middle(count: max(0, frame["count"]?.int ?? 0), at: frames.count)
        case "truncated":
          if elision == .none { elision = .trailing }
        default:
          frames.append(makeFrame(frame))
        }
      }
      // A cut marker with no frame after it cuts the end of the stack.
      if case .middle(_, let at) = elision, at == frames.count { elision = .trailing }
      let leaf = frames.first
      let state = leaf.map { SwiftThreadState.state(leaf: $0.function, image: $0.image) }
      builder.add(
        format, state: state, frames: frames, id: index, name: thread["name"]?.string,
        isCrashed: thread["crashed"]?.bool == true, elision: elision)
    }
    if let omitted = value["omittedThreads"]?.int, omitted > 0 {
      var event = "\(omitted) threads not printed (omittedThreads)"
      event.withUTF8 { builder.addEvent(ByteSlice(UnsafeRawBufferPointer($0))) }
    }
    return true
  }

  private mutating func makeFrame(_ value: JSONValue) -> Frame {
    let image = value["image"]?.string
    // `description` is the demangled name with its offset; `symbol` is mangled.
    var printed = value["description"]?.string.map(Self.removingOffset) ?? value["symbol"]?.string
    if printed == nil || printed?.isEmpty == true { printed = value["address"]?.string ?? "?" }
    let raw = printed ?? "?"
    let key = raw + "\u{0}" + (image ?? "")
    let function: String
    if let known = names[key] {
      function = known
    } else {
      function = SwiftSymbol.canonicalName(raw, image: image)
      names[key] = function
    }
    var flags = FrameFlags()
    if value["kind"]?.string == "asyncResumePoint" { flags.insert(.async) }
    if value["inlined"]?.bool == true { flags.insert(.inlined) }
    if value["thunk"]?.bool == true { flags.insert(.thunk) }
    if value["system"]?.bool == true { flags.insert(.system) }
    let location = value["sourceLocation"]
    var file = location?["file"]?.string ?? ""
    if file.hasPrefix("//<") { file.removeFirst(2) }
    // The mangled `symbol` stays beside the demangled name, for JSON output and patterns.
    let rawName = value["symbol"]?.string.flatMap { SwiftSymbol.looksMangled($0) ? $0 : nil }
    return Frame(
      function: function, file: file, line: max(0, location?["line"]?.int ?? 0), image: image, flags: flags,
      rawName: rawName)
  }

  /// `closure #1 in f() + 29` → `closure #1 in f()`.
  private static func removingOffset(_ description: String) -> String {
    let bytes = Array(description.utf8)
    var digitsStart = bytes.count
    while digitsStart > 0, bytes[digitsStart - 1] &- 0x30 < 10 { digitsStart -= 1 }
    guard digitsStart < bytes.count, digitsStart >= 3, bytes[digitsStart - 1] == 0x20,
      bytes[digitsStart - 2] == UInt8(ascii: "+") || bytes[digitsStart - 2] == UInt8(ascii: "-"),
      bytes[digitsStart - 3] == 0x20
    else { return description }
    return String(decoding: bytes[..<(digitsStart - 3)], as: UTF8.self)
  }
}
