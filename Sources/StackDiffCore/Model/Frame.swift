/// One call in a stack: the function, and where in its source the call is.
///
/// Identity is what the dump printed (function, file, line, arguments, image, flags). `origin`
/// and `isHidden` are the dump's dialect's verdicts, decided once when the frame is read, so
/// every analysis and renderer reads them instead of knowing the language.
public struct Frame: Hashable, Sendable {
  /// Fully qualified, as the dump prints it: `example.com/x/server.(*Server).logsContainer`.
  /// Mangled names are demangled (`$s4main3runyyF` → `run()`).
  public var function: String { didSet { noteIdentityText() } }
  /// As printed: absolute, module-relative (-trimpath) or a bare file name; empty when unknown.
  public var file: String { didSet { noteIdentityText() } }
  /// 0 when unknown; at most `Int32.max` (a larger number is damage, and is clamped).
  public var line: Int {
    get { Int(storedLine) }
    set { storedLine = Int32(clamping: newValue) }
  }
  /// Four bytes, not eight: a dump of many distinct stacks holds millions of frames.
  private var storedLine: Int32
  /// Attributes the dump printed for the frame (inlined, async, …).
  public var flags: FrameFlags
  /// Whose code this is: the user's, a library's, or the language runtime's.
  public var origin: FrameOrigin
  /// A runtime-internal frame that some dumps print and others hide; dropped before grouping
  /// unless `--runtime-frames`.
  public var isHidden: Bool
  /// Whether every string of the frame's identity (function, file, arguments, image) is ASCII,
  /// where the order of strings is consistent (`ASCIIOrder`); kept up to date by their setters,
  /// so that a report's order shortcuts do not scan each frame's strings again.
  public private(set) var isASCII: Bool
  /// The fields most frames lack, boxed: a dump of many distinct stacks holds millions of
  /// frames, and three inline optional strings would make each 40 bytes larger.
  private var rare: RareSlot

  /// The name as the dump printed it, when that was a mangled name (`$ss17_assertionFailure…`,
  /// `_ZN4llvm3sys15PrintStackTraceERNS_11raw_ostreamEi`) that `function` demangles. Not part of
  /// the frame's identity: the same function printed mangled or not is one frame.
  public var rawName: String? {
    get { rare.fields?.rawName }
    set { rare = RareFields.make(rawName: newValue, arguments: arguments, image: image) }
  }
  /// The argument words, kept only when grouping exactly (`--group-by exact`).
  public var arguments: String? {
    get { rare.fields?.arguments }
    set {
      rare = RareFields.make(rawName: rawName, arguments: newValue, image: image)
      noteIdentityText()
    }
  }
  /// The library or executable the code is in, for formats that print it.
  public var image: String? {
    get { rare.fields?.image }
    set {
      rare = RareFields.make(rawName: rawName, arguments: arguments, image: newValue)
      noteIdentityText()
    }
  }

  /// What ends the name of a Swift frame whose argument labels the dump did not print
  /// (lldb prints values instead): `consumeEvents(…)`.
  public static let unknownLabels = "(…)"

  public init(
    function: String, file: String, line: Int, arguments: String? = nil, image: String? = nil,
    flags: FrameFlags = [], origin: FrameOrigin = .user, isHidden: Bool = false, rawName: String? = nil
  ) {
    self.init(
      function: function, file: file, line: line, arguments: arguments, image: image, flags: flags,
      origin: origin, isHidden: isHidden, rawName: rawName, isASCII: nil)
  }

  /// `isASCII` as the caller already knows it from the bytes the strings were made of, or nil.
  init(
    function: String, file: String, line: Int, arguments: String?, image: String?, flags: FrameFlags,
    origin: FrameOrigin, isHidden: Bool, rawName: String?, isASCII: Bool?
  ) {
    self.function = function
    self.file = file
    self.storedLine = Int32(clamping: line)
    self.flags = flags
    self.origin = origin
    self.isHidden = isHidden
    self.rare = RareFields.make(rawName: rawName, arguments: arguments, image: image)
    self.isASCII = isASCII ?? false
    if isASCII == nil { noteIdentityText() }
  }

  private mutating func noteIdentityText() {
    isASCII =
      function.isASCII && file.isASCII
      && (rare.fields == nil || (arguments?.isASCII ?? true) && (image?.isASCII ?? true))
  }

  public static func == (a: Frame, b: Frame) -> Bool {
    a.function == b.function && a.file == b.file && a.storedLine == b.storedLine && a.flags == b.flags
      && (a.rare.fields === b.rare.fields || (a.arguments == b.arguments && a.image == b.image))
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(function)
    hasher.combine(file)
    hasher.combine(line)
    hasher.combine(arguments)
    hasher.combine(image)
    hasher.combine(flags)
  }

  /// The last path element of `file`: what `--full-paths` turns off.
  public var shortFile: String { String(fileName) }

  /// `shortFile` in place, for writers that append it without making a string.
  var fileName: Substring {
    let utf8 = file.utf8
    // Searched in the string's bytes: the view's `lastIndex(where:)` costs a call per byte.
    let found = utf8.withContiguousStorageIfAvailable { bytes -> Int? in
      var index = bytes.count
      while index > 0 {
        index -= 1
        if bytes[index] == UInt8(ascii: "/") || bytes[index] == UInt8(ascii: "\\") { return index }
      }
      return nil
    }
    let slash: String.Index?
    if let found {
      slash = found.map { utf8.index(utf8.startIndex, offsetBy: $0) }
    } else {
      slash = utf8.lastIndex(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "\\") })
    }
    guard let slash else { return Substring(file) }
    return file[utf8.index(after: slash)...]
  }

  /// `file:line`, the form patterns and annotations use.
  public var location: String { line > 0 ? "\(file):\(line)" : file }
  public var shortLocation: String { line > 0 ? "\(shortFile):\(line)" : shortFile }
}

/// A frame's rarely present fields; immutable, so frames that share one stay values.
private final class RareFields: Sendable {
  let rawName: String?
  let arguments: String?
  let image: String?

  private init(rawName: String?, arguments: String?, image: String?) {
    self.rawName = rawName
    self.arguments = arguments
    self.image = image
  }

  /// No box when every field is absent: most frames need none.
  static func make(rawName: String?, arguments: String?, image: String?) -> RareSlot {
    RareSlot(
      fields: rawName == nil && arguments == nil && image == nil
        ? nil : RareFields(rawName: rawName, arguments: arguments, image: image))
  }
}

/// A frame's `RareFields`, if any. A struct around the optional, not the optional itself: with
/// a bare optional reference among its fields, the optimizer retained and released a new frame
/// as a whole (a copy and a destroy of its strings) before returning it from its initializer.
private struct RareSlot: Sendable {
  var fields: RareFields?
}
