/// Writes a pprof `debug=0` goroutine profile (profile.proto, before gzip) holding the same
/// goroutines as a `debug=1` plan, each a sample with its own `request_id` label.
///
/// Only what a goroutine profile uses: Profile{sample_type=1, sample=2, location=4, function=5,
/// string_table=6, period_type=11, period=12}, Sample{location_id=1 packed, value=2, label=3},
/// Label{key=1, str=2}, Location{id=1, address=3, line=4}, Line{function_id=1, line=2},
/// Function{id=1, name=2, system_name=3, filename=4}. Fields come in the order Go's encoder
/// writes them, string table last.
struct ProfileEncoder {
  private var strings: [String] = [""]
  private var stringIndex: [String: UInt64] = ["": 0]
  private var functionIDs: [FunctionKey: UInt64] = [:]
  private var functions: [FunctionKey] = []
  private var locationIDs: [ProfileFrame: UInt64] = [:]
  private var locations: [ProfileFrame] = []
  /// Per record: its packed location ids, innermost first.
  private var recordLocations: [[UInt64]] = []

  init(records: [ProfileRecord]) {
    for name in ["goroutine", "count", "request_id"] { _ = intern(name) }
    for record in records {
      recordLocations.append(record.frames.map { location(for: $0) })
    }
  }

  /// Writes the profile of `plan` (indices into the records given to `init`) to `path`.
  func write(_ plan: DumpPlan<Int>, to path: String) throws -> Int {
    var writer = try FileWriter(path: path)
    let goroutine = stringIndex["goroutine", default: 0]
    let count = stringIndex["count", default: 0]
    let requestID = stringIndex["request_id", default: 0]
    // Request ids are appended to the string table after the fixed strings, in id order.
    let firstIDString = UInt64(strings.count)

    try writer.write(
      ProtoMessage.build { $0.valueType(1, type: goroutine, unit: count) }.bytes)
    var sample = ProtoMessage()
    for (index, id) in plan {
      sample.clear()
      sample.message(2) {
        $0.packed(1, recordLocations[index])
        $0.packed(2, [1])
        $0.message(3) {
          $0.varint(1, requestID)
          $0.varint(2, firstIDString + UInt64(id - 1))
        }
      }
      try writer.write(sample.bytes)
    }

    var tables = ProtoMessage()
    for (offset, frame) in locations.enumerated() {
      tables.message(4) {
        $0.varint(1, UInt64(offset + 1))
        $0.varint(3, frame.address)
        $0.message(4) {
          $0.varint(1, functionIDs[FunctionKey(frame), default: 0])
          $0.varint(2, UInt64(max(frame.line, 0)))
        }
      }
    }
    for (offset, function) in functions.enumerated() {
      let name = stringIndex[function.name, default: 0]
      tables.message(5) {
        $0.varint(1, UInt64(offset + 1))
        $0.varint(2, name)
        $0.varint(3, name)
        $0.varint(4, stringIndex[function.file, default: 0])
      }
    }
    for string in strings { tables.bytes(6, Array(string.utf8)) }
    try writer.write(tables.bytes)
    for id in stride(from: 1, through: plan.itemCount, by: 1) {
      tables.clear()
      tables.bytes(6, Array(String(id).utf8))
      try writer.write(tables.bytes)
    }
    tables.clear()
    tables.valueType(11, type: goroutine, unit: count)
    tables.varint(12, 1)
    try writer.write(tables.bytes)
    return try writer.finish()
  }

  private mutating func intern(_ string: String) -> UInt64 {
    if let index = stringIndex[string] { return index }
    let index = UInt64(strings.count)
    strings.append(string)
    stringIndex[string] = index
    return index
  }

  private mutating func location(for frame: ProfileFrame) -> UInt64 {
    if let id = locationIDs[frame] { return id }
    let functionKey = FunctionKey(frame)
    if functionIDs[functionKey] == nil {
      _ = intern(frame.function)
      _ = intern(frame.file)
      functions.append(functionKey)
      functionIDs[functionKey] = UInt64(functions.count)
    }
    locations.append(frame)
    let id = UInt64(locations.count)
    locationIDs[frame] = id
    return id
  }
}

private struct FunctionKey: Hashable {
  let name: String
  let file: String

  init(_ frame: ProfileFrame) {
    name = frame.function
    file = frame.file
  }
}

/// Protocol buffer wire format, just the varint and length-delimited fields pprof uses.
struct ProtoMessage {
  private(set) var bytes: [UInt8] = []

  static func build(_ body: (inout ProtoMessage) -> Void) -> ProtoMessage {
    var message = ProtoMessage()
    body(&message)
    return message
  }

  mutating func clear() { bytes.removeAll(keepingCapacity: true) }

  mutating func varint(_ field: Int, _ value: UInt64) {
    appendVarint(UInt64(field << 3))
    appendVarint(value)
  }

  /// A pprof ValueType{type=1, unit=2} of string-table indices.
  mutating func valueType(_ field: Int, type: UInt64, unit: UInt64) {
    message(field) {
      $0.varint(1, type)
      $0.varint(2, unit)
    }
  }

  mutating func bytes(_ field: Int, _ payload: [UInt8]) {
    appendVarint(UInt64(field << 3 | 2))
    appendVarint(UInt64(payload.count))
    bytes.append(contentsOf: payload)
  }

  /// A repeated scalar field in packed encoding; absent when empty, as proto3 writes it.
  mutating func packed(_ field: Int, _ values: [UInt64]) {
    guard !values.isEmpty else { return }
    var payload = ProtoMessage()
    for value in values { payload.appendVarint(value) }
    bytes(field, payload.bytes)
  }

  mutating func message(_ field: Int, _ body: (inout ProtoMessage) -> Void) {
    bytes(field, ProtoMessage.build(body).bytes)
  }

  private mutating func appendVarint(_ value: UInt64) {
    var rest = value
    while rest >= 0x80 {
      bytes.append(UInt8(rest & 0x7f) | 0x80)
      rest >>= 7
    }
    bytes.append(UInt8(rest))
  }
}
