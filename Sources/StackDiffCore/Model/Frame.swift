/// One call in a stack: the function, and where in its source the call is.
///
/// Identity is what the dump printed (function, file, line, arguments, image, flags). `origin`
/// and `isHidden` are the dump's dialect's verdicts, decided once when the frame is read, so
/// every analysis and renderer reads them instead of knowing the language.
public struct Frame: Hashable, Sendable {
  /// Fully qualified, as the dump prints it: `example.com/x/server.(*Server).logsContainer`.
  /// Mangled names are demangled (`$s4main3runyyF` → `run()`).
  public var function: String
  /// The name as the dump printed it, when that was a mangled name (`$ss17_assertionFailure…`,
  /// `_ZN4llvm3sys15PrintStackTraceERNS_11raw_ostreamEi`) that `function` demangles. Not part of
  /// the frame's identity: the same function printed mangled or not is one frame.
  public var rawName: String?
  /// As printed: absolute, module-relative (-trimpath) or a bare file name; empty when unknown.
  public var file: String
  /// 0 when unknown.
  public var line: Int
  /// The argument words, kept only when grouping exactly (`--group-by exact`).
  public var arguments: String?
  /// The library or executable the code is in, for formats that print it.
  public var image: String?
  /// Attributes the dump printed for the frame (inlined, async, …).
  public var flags: FrameFlags
  /// Whose code this is: the user's, a library's, or the language runtime's.
  public var origin: FrameOrigin
  /// A runtime-internal frame that some dumps print and others hide; dropped before grouping
  /// unless `--runtime-frames`.
  public var isHidden: Bool

  /// What ends the name of a Swift frame whose argument labels the dump did not print
  /// (lldb prints values instead): `consumeEvents(…)`.
  public static let unknownLabels = "(…)"

  public init(
    function: String, file: String, line: Int, arguments: String? = nil, image: String? = nil,
    flags: FrameFlags = [], origin: FrameOrigin = .user, isHidden: Bool = false, rawName: String? = nil
  ) {
    self.function = function
    self.rawName = rawName
    self.file = file
    self.line = line
    self.arguments = arguments
    self.image = image
    self.flags = flags
    self.origin = origin
    self.isHidden = isHidden
  }

  public static func == (a: Frame, b: Frame) -> Bool {
    a.function == b.function && a.file == b.file && a.line == b.line && a.arguments == b.arguments
      && a.image == b.image && a.flags == b.flags
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
    guard let slash = utf8.lastIndex(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "\\") }) else {
      return Substring(file)
    }
    return file[utf8.index(after: slash)...]
  }

  /// `file:line`, the form patterns and annotations use.
  public var location: String { line > 0 ? "\(file):\(line)" : file }
  public var shortLocation: String { line > 0 ? "\(shortFile):\(line)" : shortFile }
}
