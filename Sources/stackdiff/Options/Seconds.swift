import ArgumentParser

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `500ms`, `2s`, `1.5s`, `1m`, or a plain number of seconds.
struct Seconds: ExpressibleByArgument, CustomStringConvertible {
  var value: Double

  init(_ value: Double) { self.value = value }

  init?(argument: String) {
    let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60)]
    var number: Double?
    var scale = 1.0
    for (suffix, unit) in units where argument.hasSuffix(suffix) {
      number = Double(argument.dropLast(suffix.count))
      scale = unit
      break
    }
    if number == nil { number = Double(argument) }
    // At most a day: an interval is a pause between fetches, and a finite one.
    guard let number, number.isFinite, number >= 0, number * scale <= 86_400 else { return nil }
    value = number * scale
  }

  var description: String { value < 1 ? "\(Int(value * 1000))ms" : "\(value.formatted1)s" }
  var defaultValueDescription: String { description }

  func sleep() {
    var request = timespec(tv_sec: Int(value), tv_nsec: Int((value - value.rounded(.down)) * 1e9))
    var remaining = timespec()
    while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
  }
}

extension Double {
  fileprivate var formatted1: String {
    self == rounded() ? String(Int(self)) : String(self)
  }
}
