/// Turns the rows of native crash traces into a trace's frames, by the rules every native format
/// shares, and hands finished traces to the builder.
///
/// A frame's identity:
/// - with a symbol, its canonical name (`SwiftSymbol.canonicalName`: mangled Swift and C++ names
///   demangled, the printed one kept as the frame's raw name), its image and its source
///   location if printed; never its address, its offset in the function or its frame number, so
///   two threads that differ only in `+ 1023` and `+ 1426` are one group;
/// - without a symbol (`n/a`, `<unavailable>`, `??`), its image and the address's offset within
///   the image, written as the function, `libfoo.so+0x1234`: the same code in every thread and
///   every run of one build, wherever the image was loaded;
/// - with neither, its address: all there is, and it changes from run to run.
final class NativeTraceWriter {
  let format: DumpFormat
  let frames: FrameInterner
  private let builder: SnapshotBuilder
  private let symbols = SwiftSymbolTable()
  private let frameKey = FrameKey()
  private let name = ScratchBuffer(capacity: 256)
  private var trace = PendingTrace()
  private let leafStates = SwiftLeafStates()

  init(format: DumpFormat, builder: SnapshotBuilder) {
    self.format = format
    self.builder = builder
    frames = builder.interner(for: format.dialect)
  }

  var isActive: Bool { trace.isActive }
  var frameCount: Int { trace.frames.count }

  /// Starts a trace; the one before ends. Lines of the same dump between traces (a blank line,
  /// a module list) do not split the dump when `continuesAfterProse`.
  func begin(id: Int, isCrashed: Bool, continuesAfterProse: Bool) {
    finish()
    builder.beginTrace(of: format, frames: frames, continuesAfterProse: continuesAfterProse)
    trace.reset()
    trace.isActive = true
    trace.id = id
    trace.isCrashed = isCrashed
  }

  func add(_ row: NativeFrameRow) {
    let image = row.image.map(Self.fileName)
    var flags = FrameFlags()
    if let symbol = row.symbol {
      let canonical = symbols.canonicalName(symbol, image: image)
      frameKey.begin(function: canonical, arguments: nil)
      if SwiftSymbol.looksMangled(symbol) && !canonical.equals(symbol) { frameKey.rawName = symbol }
      if Self.isSignalHandler(canonical) { flags.insert(.system) }
    } else if let image, let offset = row.imageOffset {
      name.removeAll()
      SwiftSymbol.appendUnsymbolicatedFunction(image: image, offset: offset, to: name)
      frameKey.begin(function: name.slice, arguments: nil)
    } else if let address = row.address {
      frameKey.begin(function: address, arguments: nil)
    } else {
      frameKey.begin(function: ByteSlice(base: ByteSlice.emptyBase, count: 0), arguments: nil)
    }
    frameKey.complete(file: row.file ?? ByteSlice(base: ByteSlice.emptyBase, count: 0), line: row.line)
    frameKey.add(image: image, flags: flags)
    let id = frames.intern(frameKey)
    if trace.frames.isEmpty { trace.stateID = leafStates.state(leaf: id, frames: frames, builder: builder) }
    trace.frames.append(id)
  }

  /// Adds the trace being read, if it has frames, to the builder.
  func finish() {
    guard trace.isActive else { return }
    if !trace.frames.isEmpty { builder.add(&trace, frames: frames) }
    trace.reset()
  }

  // MARK: Names

  /// `/tmp/x/libwaiter.so` → `libwaiter.so`: tools print the image as a path or a file name.
  static func fileName(_ image: ByteSlice) -> ByteSlice {
    guard let slash = image.lastIndex(of: UInt8(ascii: "/")), slash + 1 < image.count
    else {
      return image
    }
    return image.dropFirst(slash + 1)
  }

  /// The frames of the handler that printed the trace (LLVM's signal handler), above the crash:
  /// flagged `system`, so they are hidden like other machinery and never a site.
  static func isSignalHandler(_ function: ByteSlice) -> Bool {
    function.hasPrefix("llvm::sys::PrintStackTrace(") || function.hasPrefix("llvm::sys::RunSignalHandlers(")
      || function.equals("SignalHandler(int)") || function.hasPrefix("PrintStackTraceSignalHandler(")
      || function.hasPrefix("SignalHandler(int, siginfo_t*, void*)")
      || function.equals("__restore_rt") || function.equals("restore_rt")
  }
}
