#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// One reading of a file or URL that `watch` polls, optionally keeping the bytes it received.
public enum DumpPoll {
  /// Reads `path` (a file or an `http(s)://` URL) as `DumpReader.read(path:options:)` does.
  ///
  /// With `saving`, the bytes received are also written to `<directory>/<name>.<ext>.gz` (`.txt`,
  /// `.pb` or `.json`, after the format read; `.zlib` instead of `.gz` for a zlib stream, which
  /// is kept as it came), gzip-compressed unless they came compressed, and the snapshots are named
  /// by that file: `diff` and `trend` read it as they would have read the input. The file appears
  /// only once complete; an input that cannot be read leaves none.
  public static func read(
    path: String, options: DumpReader.Options, saving: (directory: String, name: String)?
  )
    throws -> [Snapshot]
  {
    guard let saving else { return try DumpReader.read(path: path, options: options) }
    let partial = saving.directory + "/." + saving.name + ".partial"
    let http: HTTPSource?
    let upstream: any ByteSource
    if HTTPFetcher.isURL(path) {
      let source = try HTTPSource(
        address: path, timeout: options.timeout ?? DumpReader.Options.defaultURLTimeout,
        limit: options.maximumInputBytes)
      http = source
      upstream = source
    } else {
      http = nil
      upstream = try FileDescriptorSource.open(path: path)
    }
    defer { http?.close() }
    let recorder = RecordingSource(upstream, path: partial)
    var snapshots: [Snapshot]
    do {
      snapshots = try DumpReader.read(recorder, name: path, options: options)
      try recorder.drain()
      try recorder.finish()
    } catch {
      unlink(partial)
      throw error
    }
    let format = snapshots.last?.format
    let suffix = recorder.container == .zlib ? "zlib" : "gz"
    let saved =
      saving.directory + "/" + saving.name + "."
      + (format.map { fileExtension($0, options.formats) } ?? "txt")
      + "." + suffix
    guard rename(partial, saved) == 0 else {
      let reason = FileDescriptorSource.describe(errno: errno)
      unlink(partial)
      throw InputError(source: saved, reason: "cannot save: \(reason)")
    }
    for index in snapshots.indices { snapshots[index].source = saved }
    return snapshots
  }

  /// `pb` for a binary format, `json` for a JSON one, else `txt`.
  static func fileExtension(_ format: DumpFormat, _ formats: FormatRegistry) -> String {
    if formats.binaryFormats.contains(where: { $0.format == format }) { return "pb" }
    if format.name.hasSuffix("json") || format.name == "apple-ips" { return "json" }
    return "txt"
  }
}
