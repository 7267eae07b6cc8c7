/// One call in a stack: the function, and where in its source the call is.
public struct Frame: Hashable, Sendable {
  /// Fully qualified, as the runtime prints it: `example.com/x/server.(*Server).logsContainer`.
  public var function: String
  /// As printed: absolute, module-relative (-trimpath) or a bare file name; empty when unknown.
  public var file: String
  /// 0 when unknown.
  public var line: Int
  /// The argument words, kept only when grouping exactly (`--group-by exact`).
  public var arguments: String?

  public init(function: String, file: String, line: Int, arguments: String? = nil) {
    self.function = function
    self.file = file
    self.line = line
    self.arguments = arguments
  }

  /// The last path element of `file`: what `--full-paths` turns off.
  public var shortFile: String {
    guard let slash = file.lastIndex(where: { $0 == "/" || $0 == "\\" }) else { return file }
    return String(file[file.index(after: slash)...])
  }

  /// `file:line`, the form patterns and annotations use.
  public var location: String { line > 0 ? "\(file):\(line)" : file }
  public var shortLocation: String { line > 0 ? "\(shortFile):\(line)" : shortFile }
}
