#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

extension DumpReader {
  /// Whether `path` is an input that one thread reads: an uncompressed regular file too small
  /// to be parsed in two halves (`ParallelTextReader.minimumSize`). Two such inputs read at
  /// once (`readConcurrently`) take each a core; a larger file is parsed in two halves and a
  /// compressed one inflated on a second thread, so two of those at once would share two
  /// cores four ways.
  public static func readsOnOneCore(path: String) -> Bool {
    guard path != "-", !HTTPFetcher.isURL(path) else { return false }
    let descriptor = path.withCString { open($0, O_RDONLY | O_CLOEXEC) }
    guard descriptor >= 0 else { return false }
    defer { close(descriptor) }
    var info = stat()
    guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG,
      Int(info.st_size) < ParallelTextReader.minimumSize
    else { return false }
    guard let head = ParallelTextReader.readBytes(descriptor, at: 0, count: 2) else { return true }
    return InflatingSource.container(of: head) == nil
  }

  /// Reads two inputs at once, the second on a thread of its own: each result is what
  /// `read(path:options:)` gives or throws for it.
  public static func readConcurrently(
    _ first: String, options firstOptions: Options, _ second: String, options secondOptions: Options
  ) -> (first: Result<[Snapshot], any Error>, second: Result<[Snapshot], any Error>) {
    TwoCores.run(
      { Result { try read(path: first, options: firstOptions) } },
      { Result { try read(path: second, options: secondOptions) } })
  }
}
