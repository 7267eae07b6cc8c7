#if canImport(Glibc)
  import Glibc
#endif

/// Facts printed above the report, so numbers from different machines are not compared blindly.
struct MachineInfo {
  let cpuModel: String
  let cores: Int
  let memoryBytes: Int
  let kernel: String
  let date: String
  /// Other work on the machine skews wall times; the 1, 5 and 15 minute load averages say how much.
  let loadAverage: String

  static func current() -> MachineInfo {
    let cpuinfo =
      (try? FileSystem.readFile("/proc/cpuinfo")).map { String(decoding: $0, as: UTF8.self) } ?? ""
    let modelLine = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
    let model = modelLine.flatMap { $0.split(separator: ":", maxSplits: 1).dropFirst().first }
    let kernel = (try? FileSystem.readFile("/proc/sys/kernel/osrelease")).map {
      String(decoding: $0, as: UTF8.self)
    }
    return MachineInfo(
      cpuModel: model.map { trimmed(String($0)) } ?? "unknown CPU",
      cores: sysconf(Int32(_SC_NPROCESSORS_ONLN)),
      memoryBytes: sysconf(Int32(_SC_PHYS_PAGES)) * sysconf(Int32(_SC_PAGESIZE)),
      kernel: kernel.map(trimmed) ?? "?",
      date: formatTime(Int(time(nil))),
      loadAverage: (try? FileSystem.readFile("/proc/loadavg")).map {
        String(decoding: $0, as: UTF8.self).split(separator: " ").prefix(3).joined(separator: " ")
      } ?? "?")
  }
}

extension MachineInfo {
  /// MemAvailable from /proc/meminfo.
  static func availableMemoryBytes() -> Int? {
    guard let bytes = try? FileSystem.readFile("/proc/meminfo") else { return nil }
    let line = String(decoding: bytes, as: UTF8.self).split(separator: "\n").first {
      $0.hasPrefix("MemAvailable:")
    }
    let kib = line?.split(separator: " ").dropFirst().first.flatMap { Int($0) }
    return kib.map { $0 * 1024 }
  }
}

/// `2026-11-28 20:02:25 UTC`.
func formatTime(_ seconds: Int) -> String {
  var time = time_t(seconds)
  var parts = tm()
  gmtime_r(&time, &parts)
  var buffer = [CChar](repeating: 0, count: 64)
  let count = strftime(&buffer, buffer.count, "%Y-%m-%d %H:%M:%S UTC", &parts)
  return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

func trimmed(_ text: String) -> String {
  String(text.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
}
