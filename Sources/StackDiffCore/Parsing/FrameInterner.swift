#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Gives every distinct frame of a dump one small integer id, creating its `Frame` value once.
///
/// A frame's identity is its function, file and line (and its argument text when grouping
/// exactly). The parser copies the pieces into a scratch key as the two lines of a frame go by.
///
/// It also remembers, for each frame, the frame that followed it last time and the text of its
/// location line: goroutines of one group repeat the same lines, so the parser can confirm a
/// guessed frame with two byte comparisons instead of parsing and hashing.
final class FrameInterner {
  private let table = ByteKeyTable(capacity: 4096)
  /// `successors[id + 1]`: the frame that followed `id` last time (`successors[0]`: the top frame).
  private var successors: [Int32] = [-1]
  private var functionLengths: [Int32] = []
  private let locationTexts = ByteArena()
  private(set) var frames: [Frame] = []
  /// Per id: hidden at the default traceback level (see `GoSymbol.isHiddenAtDefaultTraceback`).
  private(set) var hidden: [Bool] = []
  /// Per id: `runtime.goexit`, which ends every stack in system-level tracebacks.
  private(set) var isGoexit: [Bool] = []
  private var wrapperVerdicts: [Int64: Bool] = [:]
  /// Learned from the first runtime frame with an absolute path.
  private(set) var goroot: String?

  var count: Int { frames.count }

  /// The frame that followed `previous` last time (-1: none known); `previous` -1 is the top.
  @inline(__always)
  func successor(of previous: Int32) -> Int32 { successors[Int(previous) + 1] }

  /// The function name of frame `id`, valid until the next insertion.
  @inline(__always)
  func functionName(_ id: Int32) -> ByteSlice { table.key(id).prefix(Int(functionLengths[Int(id)])) }

  /// The location line (indentation removed) seen with frame `id` the first time.
  @inline(__always)
  func locationText(_ id: Int32) -> ByteSlice { locationTexts.slice(Int(id)) }

  /// Interns a frame that comes after `previous` in a stack (-1 at the top) and remembers the
  /// succession; `locationText` is stored with frames seen for the first time.
  @inline(__always)
  func intern(_ key: FrameKey, after previous: Int32, locationText: ByteSlice) -> Int32 {
    let guess = successors[Int(previous) + 1]
    if guess >= 0 {
      // The guessed frame at another location text (an inlined call has no `+0x` offset).
      let known = table.key(guess)
      let bytes = key.bytes
      if known.equals(bytes) { return guess }
    }
    let id = intern(key, locationText: locationText)
    successors[Int(previous) + 1] = id
    return id
  }

  /// Interns a frame whose key was built by `FrameKey`.
  func intern(_ key: FrameKey, locationText: ByteSlice = ByteSlice(base: ByteSlice.emptyBase, count: 0))
    -> Int32
  {
    let (id, isNew) = table.intern(key.bytes)
    if isNew {
      successors.append(-1)
      functionLengths.append(Int32(key.functionLength))
      locationTexts.append(locationText)
      let frame = key.makeFrame()
      frames.append(frame)
      hidden.append(GoSymbol.isHiddenAtDefaultTraceback(frame))
      isGoexit.append(frame.function == "runtime.goexit")
      if goroot == nil { learnGoroot(from: frame) }
    }
    return id
  }

  /// Whether `frame`, at the bottom of a system-level stack of a goroutine created by
  /// `creator`, is the compiler's wrapper for `go f(x)` (Go 1.17–1.21 name it `<creator>.funcN`,
  /// or `<creator>.N` inside a closure, and place it at the `go` statement; tracebacks at the
  /// default level hide it).
  func isGoStatementWrapper(_ frame: Int32, creator: Int32) -> Bool {
    let key = Int64(frame) << 32 | Int64(creator)
    if let verdict = wrapperVerdicts[key] { return verdict }
    let wrapper = frames[Int(frame)]
    let created = frames[Int(creator)]
    var verdict = false
    // `main.f.func3` from `main.f`, or `main.f.func1.2` from the closure `main.f.func1`.
    if wrapper.file == created.file, wrapper.line == created.line,
      wrapper.function.hasPrefix(created.function + ".")
    {
      var suffix = wrapper.function.dropFirst(created.function.count + 1)
      if suffix.hasPrefix("func") { suffix = suffix.dropFirst(4) }
      verdict = !suffix.isEmpty && suffix.allSatisfy { $0 >= "0" && $0 <= "9" }
    }
    wrapperVerdicts[key] = verdict
    return verdict
  }

  /// GOROOT is the part of a standard-library frame's absolute path before `/src/<package>/`:
  /// `/usr/lib/go-1.23/src/net/http/server.go` for `net/http.…` gives `/usr/lib/go-1.23`.
  private func learnGoroot(from frame: Frame) {
    guard frame.file.hasPrefix("/") || frame.file.dropFirst().hasPrefix(":/") else { return }
    let package = GoSymbol.packagePath(of: frame.function)
    guard package != "main", !package.hasPrefix("_/"),
      !(package.split(separator: "/", maxSplits: 1).first ?? "").contains(".")
    else { return }
    guard let range = frame.file.firstRange(of: "/src/" + package + "/") else { return }
    goroot = String(frame.file[..<range.lowerBound])
  }
}

/// Builds the byte key of one frame: function, file, line and optionally arguments.
final class FrameKey {
  private let buffer = ScratchBuffer(capacity: 512)
  private(set) var functionLength = 0
  private var argumentsLength = -1
  private var fileLength = 0
  private var line = 0

  var bytes: ByteSlice { buffer.slice }

  /// Builds the key of a frame that is already held as strings (pprof profiles).
  func set(_ frame: Frame) {
    var function = frame.function
    var file = frame.file
    function.withUTF8 { functionBytes in
      file.withUTF8 { fileBytes in
        begin(function: ByteSlice(UnsafeRawBufferPointer(functionBytes)), arguments: nil)
        complete(file: ByteSlice(UnsafeRawBufferPointer(fileBytes)), line: frame.line)
      }
    }
  }

  /// Starts a frame from its call line. `arguments` is nil unless grouping exactly.
  func begin(function: ByteSlice, arguments: ByteSlice?) {
    buffer.removeAll()
    buffer.append(function)
    functionLength = function.count
    if let arguments {
      buffer.append(0)
      buffer.append(arguments)
      argumentsLength = arguments.count
    } else {
      argumentsLength = -1
    }
  }

  /// Completes the frame with its location line (empty file and 0 when it was missing).
  func complete(file: ByteSlice, line: Int) {
    buffer.truncate(to: functionLength + (argumentsLength >= 0 ? argumentsLength + 1 : 0))
    buffer.append(0)
    buffer.append(file)
    buffer.append(raw: Int64(line))
    fileLength = file.count
    self.line = line
  }

  func makeFrame() -> Frame {
    let all = buffer.slice
    let function = all.prefix(functionLength).string
    var offset = functionLength
    var arguments: String?
    if argumentsLength >= 0 {
      arguments = all[(offset + 1)..<(offset + 1 + argumentsLength)].string
      offset += 1 + argumentsLength
    }
    let file = all[(offset + 1)..<(offset + 1 + fileLength)].string
    return Frame(function: function, file: file, line: line, arguments: arguments)
  }
}
