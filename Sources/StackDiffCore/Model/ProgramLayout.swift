/// Where the dumped program keeps its code, as far as the dump reveals it: what a dialect needs
/// besides a frame's own text to tell user code from library code.
public struct ProgramLayout: Hashable, Sendable {
  /// The language's installation (Go's GOROOT): library files live below it.
  public var languageRoot: String?
  /// The program's own executable image: frames in it are user code.
  public var mainImage: String?

  public init(languageRoot: String? = nil, mainImage: String? = nil) {
    self.languageRoot = languageRoot
    self.mainImage = mainImage
  }
}
