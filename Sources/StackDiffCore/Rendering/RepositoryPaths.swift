/// Maps a file path printed in a dump to a path in the repository, so that an annotation lands
/// on the file a reviewer sees: a build directory's prefix is replaced (`--path-prefix`), a Go
/// module path (a `-trimpath` build prints `example.com/x/main.go`) becomes the checkout's
/// directory (`--module`, or the `go.mod` of the current directory), and an absolute path
/// under the working directory becomes relative. Nil when the path stays outside the
/// repository: such a frame is not annotated with a file.
public struct RepositoryPaths: Sendable, Equatable {
  public struct Rule: Sendable, Equatable {
    public var from: String
    public var to: String

    public init(from: String, to: String) {
      self.from = from
      self.to = to
    }

    /// `OLD=NEW`; nil without `=` or with an empty OLD.
    public init?(parsing text: String) {
      guard let equals = text.firstIndex(of: "="), equals != text.startIndex else { return nil }
      from = String(text[..<equals])
      to = String(text[text.index(after: equals)...])
    }
  }

  public var prefixes: [Rule]
  public var modules: [Rule]
  public var workingDirectory: String?

  public init(prefixes: [Rule] = [], modules: [Rule] = [], workingDirectory: String? = nil) {
    self.prefixes = prefixes
    self.modules = modules
    self.workingDirectory = workingDirectory
  }

  public func repositoryPath(of file: String) -> String? {
    guard !file.isEmpty else { return nil }
    for rule in prefixes where Self.starts(file, with: rule.from) {
      return relative(Self.join(rule.to, file.dropFirst(rule.from.count)))
    }
    // The longest module first: `example.com/x/tools` before `example.com/x`.
    let modules = modules.map { Rule(from: $0.from.trimmingSuffix("/"), to: $0.to) }
    for rule in modules.sorted(by: { $0.from.count > $1.from.count }) where file.hasPrefix(rule.from + "/") {
      return relative(Self.join(rule.to, file.dropFirst(rule.from.count + 1)))
    }
    // A relative path no rule mapped is another module's (`example.com/dep/x.go`), not a file
    // of this checkout.
    guard file.hasPrefix("/") else { return nil }
    return relative(file)
  }

  /// Whether `path` starts with `prefix` at a path boundary: `/work/x` is not a prefix of
  /// `/work/xy/a.go`, `/work/x/` and `/work/x` are of `/work/x/a.go`.
  private static func starts(_ path: String, with prefix: String) -> Bool {
    guard path.hasPrefix(prefix) else { return false }
    return prefix.hasSuffix("/") || path.count == prefix.count
      || path.dropFirst(prefix.count).first == "/"
  }

  /// An absolute path under the working directory made relative; other absolute paths are
  /// outside the repository.
  private func relative(_ path: String) -> String? {
    guard path.hasPrefix("/") else { return path }
    guard let directory = workingDirectory?.trimmingSuffix("/"), path.hasPrefix(directory + "/") else {
      return nil
    }
    return String(path.dropFirst(directory.count + 1))
  }

  /// `dir` + `rest` without doubled or leading `./` and `/`.
  private static func join(_ directory: String, _ rest: Substring) -> String {
    let tail = rest.drop { $0 == "/" }
    let head = directory.trimmingSuffix("/")
    if head.isEmpty || head == "." { return String(tail) }
    return head + "/" + tail
  }

  /// The module path a `go.mod` declares: its `module` line, quotes and comments removed.
  public static func goModulePath(in goMod: String) -> String? {
    for line in goMod.split(whereSeparator: \.isNewline) {
      var text = line.drop { $0 == " " || $0 == "\t" }
      guard text.hasPrefix("module") else { continue }
      text = text.dropFirst("module".count)
      guard let first = text.first, first == " " || first == "\t" else { continue }
      if let comment = text.firstRange(of: "//") { text = text[..<comment.lowerBound] }
      let path = text.trimmingCharacters(in: " \t\"`")
      return path.isEmpty ? nil : path
    }
    return nil
  }
}

extension StringProtocol {
  fileprivate func trimmingSuffix(_ suffix: Character) -> String {
    var text = String(self)
    while text.count > 1 && text.last == suffix { text.removeLast() }
    return text
  }

  fileprivate func trimmingCharacters(in set: String) -> String {
    let characters = Set(set)
    return String(drop { characters.contains($0) }.reversed().drop { characters.contains($0) }.reversed())
  }
}
