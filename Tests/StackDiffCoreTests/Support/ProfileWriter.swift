/// Writes small pprof profiles (profile.proto, not compressed) for tests that need shapes no
/// capture has: many label sets, location ids beyond 32 bits.
struct ProfileWriter {
  private(set) var strings: [String] = [""]
  private var functions: [(id: UInt64, name: Int)] = []
  private var locations: [(id: UInt64, function: UInt64, line: Int)] = []
  private var samples: [(locations: [UInt64], value: UInt64, labels: [(Int, Int)])] = []

  /// The string table index of `text`, added when new; tests also call it to put strings first.
  @discardableResult
  mutating func string(_ text: String) -> Int {
    if let index = strings.firstIndex(of: text) { return index }
    strings.append(text)
    return strings.count - 1
  }

  /// A location running `function` (a new function entry), with id `id`.
  mutating func location(_ id: UInt64, function name: String, line: Int) {
    let function = UInt64(functions.count + 1)
    functions.append((function, string(name)))
    locations.append((id, function, line))
  }

  mutating func sample(_ locations: [UInt64], value: UInt64, labels: [(String, String)] = []) {
    samples.append((locations, value, labels.map { (string($0.0), string($0.1)) }))
  }

  var bytes: [UInt8] {
    var out: [UInt8] = []
    for sample in samples {
      var message: [UInt8] = []
      Self.field(1, packed: sample.locations, into: &message)
      Self.field(2, packed: [sample.value], into: &message)
      for (key, value) in sample.labels {
        var label: [UInt8] = []
        Self.field(1, varint: UInt64(key), into: &label)
        Self.field(2, varint: UInt64(value), into: &label)
        Self.field(3, bytes: label, into: &message)
      }
      Self.field(2, bytes: message, into: &out)
    }
    for location in locations {
      var line: [UInt8] = []
      Self.field(1, varint: location.function, into: &line)
      Self.field(2, varint: UInt64(location.line), into: &line)
      var message: [UInt8] = []
      Self.field(1, varint: location.id, into: &message)
      Self.field(4, bytes: line, into: &message)
      Self.field(4, bytes: message, into: &out)
    }
    for function in functions {
      var message: [UInt8] = []
      Self.field(1, varint: function.id, into: &message)
      Self.field(2, varint: UInt64(function.name), into: &message)
      Self.field(4, varint: UInt64(string(for: "main.go")), into: &message)
      Self.field(5, bytes: message, into: &out)
    }
    for text in strings { Self.field(6, bytes: Array(text.utf8), into: &out) }
    return out
  }

  private func string(for text: String) -> Int { strings.firstIndex(of: text) ?? 0 }

  private static func varint(_ value: UInt64, into out: inout [UInt8]) {
    var value = value
    while value >= 0x80 {
      out.append(UInt8(value & 0x7F) | 0x80)
      value >>= 7
    }
    out.append(UInt8(value))
  }

  private static func field(_ number: UInt64, varint value: UInt64, into out: inout [UInt8]) {
    varint(number << 3, into: &out)
    varint(value, into: &out)
  }

  private static func field(_ number: UInt64, bytes: [UInt8], into out: inout [UInt8]) {
    varint(number << 3 | 2, into: &out)
    varint(UInt64(bytes.count), into: &out)
    out += bytes
  }

  private static func field(_ number: UInt64, packed values: [UInt64], into out: inout [UInt8]) {
    var payload: [UInt8] = []
    for value in values { varint(value, into: &payload) }
    field(number, bytes: payload, into: &out)
  }
}
