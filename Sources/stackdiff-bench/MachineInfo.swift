import Foundation

/// Facts printed above the report, so numbers from different machines are not compared blindly.
struct MachineInfo {
  let cpuModel: String
  let cores: Int
  let memoryBytes: UInt64
  let kernel: String
  let date: String

  static func current() -> MachineInfo {
    let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
    let modelLine = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
    let model = modelLine.flatMap { $0.split(separator: ":", maxSplits: 1).last }
    let kernel = (try? String(contentsOfFile: "/proc/sys/kernel/osrelease", encoding: .utf8)) ?? "?"
    let formatter = ISO8601DateFormatter()
    formatter.timeZone = TimeZone.current
    return MachineInfo(
      cpuModel: model.map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown CPU",
      cores: ProcessInfo.processInfo.activeProcessorCount,
      memoryBytes: ProcessInfo.processInfo.physicalMemory,
      kernel: kernel.trimmingCharacters(in: .whitespacesAndNewlines),
      date: formatter.string(from: Date()))
  }
}

/// Bytes free for an unprivileged user on the file system holding `path`.
func availableDiskBytes(at path: String) -> Int? {
  var stats = statvfs()
  guard statvfs(path, &stats) == 0 else { return nil }
  return Int(stats.f_bavail) * Int(stats.f_frsize)
}
