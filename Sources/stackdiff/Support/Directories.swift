import StackDiffCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Directories the command writes into.
enum Directories {
  /// Creates `path` and its missing parents, as `mkdir -p` does.
  static func create(_ path: String) throws {
    var prefix = path.hasPrefix("/") ? "/" : ""
    for component in path.split(separator: "/") {
      prefix += component
      if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
        throw InputError(
          source: path, reason: "cannot create: \(String(cString: strerror(errno)).lowercased())")
      }
      prefix += "/"
    }
    var info = stat()
    guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
      throw InputError(source: path, reason: "not a directory")
    }
  }

  /// `snaps/` as `snaps`, so that file names joined to it read as a shell's glob prints them.
  static func trimmed(_ path: String) -> String {
    var path = path
    while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
    return path
  }
}
