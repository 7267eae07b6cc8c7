#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

extension DumpReader {
  /// Whether reading `path` keeps a single core busy: a regular file too small to be parsed in
  /// two halves (`ParallelTextReader.minimumSize`). Two such inputs read at once
  /// (`readConcurrently`) take about half the time of one after the other; larger ones are
  /// read on two cores each, and reading two of them at once is slower.
  public static func readsOnOneCore(path: String) -> Bool {
    guard path != "-", !HTTPFetcher.isURL(path) else { return false }
    var info = stat()
    guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return false }
    return Int(info.st_size) < ParallelTextReader.minimumSize
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
