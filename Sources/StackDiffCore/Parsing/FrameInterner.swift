/// Gives every distinct frame of a dump one small integer id, creating its `Frame` value once.
///
/// A frame's identity is its function, file and line (and its argument text when grouping
/// exactly). The parser copies the pieces into a scratch key as the two lines of a frame go by.
struct FrameInterner {
  private var table = ByteKeyTable(capacity: 4096)
  private(set) var frames: [Frame] = []
  /// Per id: hidden at the default traceback level (see `GoSymbol.isHiddenAtDefaultTraceback`).
  private(set) var hidden: [Bool] = []
  /// Learned from the first runtime frame with an absolute path.
  private(set) var goroot: String?

  var count: Int { frames.count }

  /// Interns a frame whose key was built by `FrameKey`.
  mutating func intern(_ key: FrameKey) -> Int32 {
    let (id, isNew) = table.intern(key.bytes)
    if isNew {
      let frame = key.makeFrame()
      frames.append(frame)
      hidden.append(GoSymbol.isHiddenAtDefaultTraceback(frame.function))
      if goroot == nil { learnGoroot(from: frame) }
    }
    return id
  }

  private mutating func learnGoroot(from frame: Frame) {
    guard frame.function.hasPrefix("runtime."),
      frame.file.hasPrefix("/") || frame.file.dropFirst().hasPrefix(":/")
    else { return }
    guard let range = frame.file.firstRange(of: "/src/runtime/") else { return }
    goroot = String(frame.file[..<range.lowerBound])
  }
}

/// Builds the byte key of one frame: function, file, line and optionally arguments.
struct FrameKey {
  private let buffer = ScratchBuffer(capacity: 512)
  private var functionLength = 0
  private var argumentsLength = -1
  private var fileLength = 0
  private var line = 0

  var bytes: ByteSlice { buffer.slice }

  /// Builds the key of a frame that is already held as strings (pprof profiles).
  mutating func set(_ frame: Frame) {
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
  mutating func begin(function: ByteSlice, arguments: ByteSlice?) {
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
  mutating func complete(file: ByteSlice, line: Int) {
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
