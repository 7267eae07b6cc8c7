#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Times for `watch`: a monotonic clock for waits, wall-clock times for lines and file names.
enum Clock {
  /// Seconds on a clock that never jumps (NTP, daylight saving).
  static func monotonic() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
  }

  /// `10:42:07`, local time.
  static func localTime(_ time: time_t) -> String {
    var parts = tm()
    localtime_r([time], &parts)
    return format(parts, "%H:%M:%S")
  }

  /// `2026-11-29T10-42-07Z`, UTC: sorts as it happened and is a valid file name everywhere.
  static func fileStamp(_ time: time_t) -> String {
    var parts = tm()
    gmtime_r([time], &parts)
    return format(parts, "%Y-%m-%dT%H-%M-%SZ")
  }

  static func now() -> time_t { time(nil) }

  private static func format(_ parts: tm, _ pattern: String) -> String {
    var parts = parts
    var buffer = [CChar](repeating: 0, count: 64)
    let n = strftime(&buffer, buffer.count, pattern, &parts)
    return String(decoding: buffer.prefix(n).map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}
