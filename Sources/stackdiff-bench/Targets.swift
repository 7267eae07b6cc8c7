/// The performance targets and the ratios they rest on, all from one run so machine
/// speed cancels out.
struct Ratio {
  let name: String
  let value: String
}

struct TargetCheck {
  let name: String
  let value: String
  /// nil when it could not be measured (a failed run, panicparse not installed).
  let passed: Bool?
}

enum Targets {
  static let maxShowOverWc = 5.0
  static let maxRSSMiB = 64.0
  static let maxGzipOverZcat = 1.3
  static let minPanicparseSpeedup = 50.0
  /// "Same order as text": at most this much slower per goroutine.
  static let maxFormatSlowdown = 10.0
  /// Swift runtime-backtracer text, uncompressed MB (2^20 bytes) per second of `stackdiff show`.
  static let minSwiftMBPerSecond = 300.0

  static func ratios(_ size: SizeResult) -> [Ratio] {
    var ratios = [
      Ratio(name: "stackdiff show / wc -l", value: times(wallRatio(size, .show, .wcText))),
      Ratio(name: "stackdiff diff / wc -l of both files", value: times(wallRatio(size, .diff, .wcBoth))),
      Ratio(name: "stackdiff show .gz / zcat", value: times(wallRatio(size, .showGzip, .zcat))),
      Ratio(
        name: "stackdiff show debug1 / show text",
        value: "\(times(wallRatio(size, .showDebug1, .show))) wall, "
          + "\(times(perGoroutineRatio(size, .showDebug1, .show))) per goroutine"),
      Ratio(
        name: "stackdiff show proto / show text",
        value: "\(times(wallRatio(size, .showProto, .show))) wall, "
          + "\(times(perGoroutineRatio(size, .showProto, .show))) per goroutine"),
    ]
    ratios.append(
      Ratio(
        name: "stackdiff show varied / wc -l", value: times(wallRatio(size, .showVaried, .wcVaried))))
    if size.result(.panicparse) != nil {
      ratios.append(
        Ratio(name: "panicparse -aggressive / stackdiff show", value: panicparseSpeedup(size).text))
    }
    ratios.append(
      Ratio(name: "stackdiff show swift / wc -l", value: times(wallRatio(size, .showSwift, .wcSwift))))
    let swift = swiftThroughput(size)
    ratios.append(
      Ratio(
        name: "swift backtracer MB/s",
        value: swift.map {
          "\(fixed($0.mbPerSecond, 1)) MB/s (\(fixed($0.megabytes, 1)) MB in \(fixed($0.seconds, 3)) s)"
        } ?? "n/a"))
    return ratios
  }

  static func checks(_ size: SizeResult) -> [TargetCheck] {
    var checks: [TargetCheck] = []
    for (kind, baseline, name) in [
      (BenchCase.Kind.show, BenchCase.Kind.wcText, "show"), (.diff, .wcBoth, "diff"),
    ] {
      let ratio = wallRatio(size, kind, baseline)
      checks.append(
        TargetCheck(
          name: "\(name) ≤ \(number(maxShowOverWc))× wc -l", value: times(ratio),
          passed: ratio.map { $0 <= maxShowOverWc }))
    }
    let varied = wallRatio(size, .showVaried, .wcVaried)
    checks.append(
      TargetCheck(
        name: "show (varied args, recursion) ≤ \(number(maxShowOverWc))× wc -l", value: times(varied),
        passed: varied.map { $0 <= maxShowOverWc }))
    let textCases = [BenchCase.Kind.show, .diff, .showGzip].compactMap { size.result($0) }
    let rss = textCases.allSatisfy { $0.failure == nil } ? textCases.map(\.maxRSSMiB).max() : nil
    checks.append(
      TargetCheck(
        name: "peak RSS ≤ \(number(maxRSSMiB)) MB (show, diff, show .gz)",
        value: rss.map { "\(fixed($0, 1)) MB" } ?? "n/a", passed: rss.map { $0 <= maxRSSMiB }))
    let gzip = wallRatio(size, .showGzip, .zcat)
    checks.append(
      TargetCheck(
        name: "show .gz ≤ \(number(maxGzipOverZcat))× zcat", value: times(gzip),
        passed: gzip.map { $0 <= maxGzipOverZcat }))
    let speedup = panicparseSpeedup(size)
    checks.append(
      TargetCheck(
        name: "show ≥ \(number(minPanicparseSpeedup))× faster than panicparse -aggressive",
        value: speedup.text,
        passed: speedup.lowerBound.map { $0 >= minPanicparseSpeedup }))
    for (kind, name) in [(BenchCase.Kind.showDebug1, "debug1"), (.showProto, "proto")] {
      let ratio = perGoroutineRatio(size, kind, .show)
      checks.append(
        TargetCheck(
          name: "\(name) same order as text (≤ \(number(maxFormatSlowdown))× per goroutine)",
          value: times(ratio), passed: ratio.map { $0 <= maxFormatSlowdown }))
    }
    let swift = swiftThroughput(size)?.mbPerSecond
    checks.append(
      TargetCheck(
        name: "swift backtracer ≥ \(number(minSwiftMBPerSecond)) MB/s",
        value: swift.map { "\(fixed($0, 1)) MB/s" } ?? "n/a",
        passed: swift.map { $0 >= minSwiftMBPerSecond }))
    let swiftRSS = size.result(.showSwift).flatMap { $0.failure == nil ? $0.maxRSSMiB : nil }
    checks.append(
      TargetCheck(
        name: "peak RSS ≤ \(number(maxRSSMiB)) MB (show swift)",
        value: swiftRSS.map { "\(fixed($0, 1)) MB" } ?? "n/a", passed: swiftRSS.map { $0 <= maxRSSMiB }))
    return checks
  }

  /// `stackdiff show` of the Swift report: its bytes over the median wall time.
  private static func swiftThroughput(_ size: SizeResult) -> (
    mbPerSecond: Double, megabytes: Double, seconds: Double
  )? {
    guard let show = size.result(.showSwift), show.failure == nil, !show.runs.isEmpty, show.medianWall > 0
    else { return nil }
    let megabytes = Double(show.benchCase.bytes) / Double(1 << 20)
    return (megabytes / show.medianWall, megabytes, show.medianWall)
  }

  /// panicparse's time over stackdiff show's; a lower bound when panicparse timed out.
  private static func panicparseSpeedup(_ size: SizeResult) -> (lowerBound: Double?, text: String) {
    guard let panicparse = size.result(.panicparse) else { return (nil, "panicparse not on PATH") }
    if panicparse.skipped != nil { return (nil, "panicparse skipped") }
    guard let show = size.result(.show), show.failure == nil, show.medianWall > 0 else { return (nil, "n/a") }
    if let failure = panicparse.failure { return (nil, "panicparse failed: \(failure)") }
    let ratio = panicparse.medianWall / show.medianWall
    return panicparse.timedOut
      ? (ratio, "≥ \(fixed(ratio, 1))× (panicparse timed out)") : (ratio, times(ratio))
  }

  private static func wallRatio(_ size: SizeResult, _ kind: BenchCase.Kind, _ baseline: BenchCase.Kind)
    -> Double?
  {
    guard let measured = size.result(kind), let base = size.result(baseline),
      measured.failure == nil, base.failure == nil, base.medianWall > 0
    else { return nil }
    return measured.medianWall / base.medianWall
  }

  /// Seconds per goroutine of `kind` over those of `baseline`: fair across formats whose files
  /// hold different numbers of goroutines per MB.
  private static func perGoroutineRatio(
    _ size: SizeResult, _ kind: BenchCase.Kind, _ baseline: BenchCase.Kind
  ) -> Double? {
    guard let measured = size.result(kind), let base = size.result(baseline),
      let wall = wallRatio(size, kind, baseline), measured.benchCase.goroutines > 0
    else { return nil }
    return wall * Double(base.benchCase.goroutines) / Double(measured.benchCase.goroutines)
  }

  private static func times(_ ratio: Double?) -> String {
    ratio.map { "\(fixed($0, $0 >= 10 ? 1 : 2))×" } ?? "n/a"
  }

  private static func number(_ value: Double) -> String {
    value == value.rounded() ? String(Int(value)) : String(value)
  }
}
