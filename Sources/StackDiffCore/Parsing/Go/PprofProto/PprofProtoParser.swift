/// Reads a pprof goroutine profile (`/debug/pprof/goroutine`, `debug=0`) after decompression.
///
/// A small hand-written decoder rather than swift-protobuf: a goroutine profile uses six
/// messages and a dozen fields, and decoding them directly streams the top-level fields one at a
/// time, skips what a goroutine profile never sets, and needs no generated code or build plugin.
///
/// Go writes the string table last, so samples cannot be named as they come. They are folded
/// as they are read, by the same `TraceAggregator` that folds text dumps, with location ids
/// standing in for frames and string indices for labels; memory follows distinct stacks even
/// when every sample is distinct by its labels (one per request). At the end each group is
/// named and handed to the snapshot builder.
struct PprofProtoParser {
  private struct FunctionEntry {
    var name: Int
    var file: Int
  }

  /// A label as string-table indices: `key`, and `value` or `number`.
  private struct Label {
    var key: Int
    var value: Int?
    var number: Int64?
  }

  private var samples = TraceAggregator(keepsHiddenFrames: true, possiblyCutDepth: nil)
  /// Label sets as their index bytes: only those some group lists (at most
  /// `Group.maximumLabelSets` per group), so memory follows distinct stacks.
  private let labelSets = ByteKeyTable(capacity: 64)
  /// Location ids beyond `Int32.max` (other producers than Go), numbered below -1:
  /// `largeLocations[-2 - id]` is the location.
  private var largeLocationIDs: [UInt64: Int32] = [:]
  private var largeLocations: [UInt64] = []
  private var locations: [UInt64: [(function: UInt64, line: Int)]] = [:]
  private var functions: [UInt64: FunctionEntry] = [:]
  private let strings = ByteArena()
  /// The string-table indices that functions and listed label sets name, fixed when the table
  /// begins (Go writes it after every sample, location and function): the other strings, such
  /// as one label value per request, are not kept. Nil keeps every string.
  private var keptStrings: Set<Int>?
  private var stringTableBegan = false
  /// A sample, location or function after the string table began: it may name a string that was
  /// not kept.
  private var readAfterStrings = false
  // Reused for every sample.
  private var sample = PendingTrace()
  private var sampleValues: [UInt64] = []
  private var sampleLabels: [Label] = []
  private let labelKey = ScratchBuffer(capacity: 64)

  /// True when `head` (the first bytes of a decompressed input) reads as profile.proto fields.
  static func looksLikeProfile(_ head: [UInt8]) -> Bool {
    head.withUnsafeBytes { raw in
      var reader = ProtobufReader(ByteSlice(raw))
      var fields = 0
      while !reader.isAtEnd {
        guard let field = try? reader.field(), (1...14).contains(field.number) else { return false }
        do {
          try reader.skip(field.wireType)
        } catch let error as ProtobufError {
          // The sniffed head may end inside a field; what came before was well formed.
          return error == .truncated && fields > 0
        } catch {
          return false
        }
        fields += 1
      }
      return fields > 0
    }
  }

  /// Decodes the whole profile from `source` into `builder`.
  static func parse(
    _ source: inout any ByteSource, name: String, format: DumpFormat, into builder: SnapshotBuilder
  ) throws {
    var parser = PprofProtoParser()
    var stream = FieldStream(source: source)
    do {
      while let (field, payload) = try stream.next() {
        try parser.read(field, payload)
      }
      try parser.emit(into: builder, format: format)
    } catch let error as ProtobufError {
      throw InputError(
        source: name, reason: "corrupt pprof profile (\(error.description)) after \(stream.offset) bytes")
    }
  }

  private mutating func read(_ field: ProtobufReader.Field, _ payload: ByteSlice) throws(ProtobufError) {
    if stringTableBegan && (2...5).contains(field.number) { readAfterStrings = true }
    switch field.number {
    case 2: try readSample(payload)
    case 4:
      let (id, lines) = try Self.location(payload)
      locations[id] = lines
    case 5:
      let (id, entry) = try Self.function(payload)
      functions[id] = entry
    case 6:
      if !stringTableBegan {
        stringTableBegan = true
        if samples.traceCount > 0 && !functions.isEmpty { keptStrings = namedStrings() }
      }
      if keptStrings?.contains(strings.count) ?? true {
        strings.append(payload)
      } else {
        strings.append(ByteSlice(base: ByteSlice.emptyBase, count: 0))
      }
    default: break
    }
  }

  /// The string indices that functions and the listed label sets name.
  private func namedStrings() -> Set<Int> {
    var named: Set<Int> = [0]
    for function in functions.values {
      named.insert(function.name)
      named.insert(function.file)
    }
    for set in 0..<labelSets.count {
      let bytes = labelSets.key(Int32(set))
      let raw = UnsafeRawPointer(bytes.base)
      for offset in stride(from: 0, through: bytes.count - 25, by: 25) {
        named.insert(Int(raw.loadUnaligned(fromByteOffset: offset, as: Int64.self)))
        named.insert(Int(raw.loadUnaligned(fromByteOffset: offset + 8, as: Int64.self)))
      }
    }
    return named
  }

  private mutating func readSample(_ payload: ByteSlice) throws(ProtobufError) {
    var reader = ProtobufReader(payload)
    sample.reset()
    sample.isActive = true
    sampleValues.removeAll(keepingCapacity: true)
    sampleLabels.removeAll(keepingCapacity: true)
    while !reader.isAtEnd {
      let field = try reader.field()
      switch field.number {
      case 1:
        try reader.forEachInteger(field.wireType) {
          let id = provisionalID(of: $0)
          sample.frames.append(id)
        }
      case 2: try reader.forEachInteger(field.wireType) { sampleValues.append($0) }
      case 3:
        var label = ProtobufReader(try reader.lengthDelimited())
        var entry = Label(key: 0)
        while !label.isAtEnd {
          let labelField = try label.field()
          switch labelField.number {
          case 1: entry.key = Int(truncatingIfNeeded: try label.varint())
          case 2: entry.value = Int(truncatingIfNeeded: try label.varint())
          case 3: entry.number = Int64(bitPattern: try label.varint())
          default: try label.skip(labelField.wireType)
          }
        }
        sampleLabels.append(entry)
      default: try reader.skip(field.wireType)
      }
    }
    let value = sampleValues.first ?? 0
    guard value <= UInt64(PendingTrace.maximumMultiplicity) else {
      throw .malformed("sample value \(Int64(bitPattern: value)) is not a goroutine count")
    }
    guard value > 0 else { return }
    sample.multiplicity = Int(value)
    let group = samples.addOpaque(sample)
    if !sampleLabels.isEmpty { countLabels(inGroup: group) }
  }

  /// The stand-in frame id of a location: the id itself where it fits (Go numbers them from 1).
  private mutating func provisionalID(of location: UInt64) -> Int32 {
    if location <= UInt64(Int32.max) { return Int32(location) }
    if let known = largeLocationIDs[location] { return known }
    let id = -2 - Int32(truncatingIfNeeded: largeLocations.count)
    largeLocationIDs[location] = id
    largeLocations.append(location)
    return id
  }

  private func location(for provisionalID: Int32) -> UInt64? {
    if provisionalID >= 0 { return UInt64(provisionalID) }
    let index = -2 - Int(provisionalID)
    return index < largeLocations.count ? largeLocations[index] : nil
  }

  /// Counts the sample's label set in `group`: listed if the group lists it or has room, which is
  /// when the set is named and kept.
  private mutating func countLabels(inGroup group: Int) {
    buildLabelKey()
    let tally = samples.labels(ofGroup: group)
    if let id = labelSets.lookup(labelKey.slice), tally.lists(id) {
      samples.countLabels(id, sample.multiplicity, inGroup: group)
    } else if tally.hasRoom {
      samples.countLabels(labelSets.intern(labelKey.slice).id, sample.multiplicity, inGroup: group)
    } else {
      samples.countLabels(nil, sample.multiplicity, inGroup: group)
    }
  }

  /// The sample's labels, sorted by key, as their index bytes.
  private func buildLabelKey() {
    labelKey.removeAll()
    for label in sampleLabels.sorted(by: { $0.key < $1.key }) {
      labelKey.append(raw: Int64(label.key))
      labelKey.append(raw: Int64(label.value ?? -1))
      labelKey.append(raw: label.number ?? 0)
      labelKey.append(label.number == nil ? 0 : 1)
    }
  }

  private static func location(_ payload: ByteSlice) throws(ProtobufError) -> (UInt64, [(UInt64, Int)]) {
    var reader = ProtobufReader(payload)
    var id: UInt64 = 0
    var lines: [(UInt64, Int)] = []
    while !reader.isAtEnd {
      let field = try reader.field()
      switch field.number {
      case 1: id = try reader.varint()
      case 4:
        var line = ProtobufReader(try reader.lengthDelimited())
        var function: UInt64 = 0
        var number = 0
        while !line.isAtEnd {
          let lineField = try line.field()
          switch lineField.number {
          case 1: function = try line.varint()
          case 2: number = Int(truncatingIfNeeded: try line.varint())
          default: try line.skip(lineField.wireType)
          }
        }
        lines.append((function, number))
      default: try reader.skip(field.wireType)
      }
    }
    return (id, lines)
  }

  private static func function(_ payload: ByteSlice) throws(ProtobufError) -> (UInt64, FunctionEntry) {
    var reader = ProtobufReader(payload)
    var id: UInt64 = 0
    var entry = FunctionEntry(name: 0, file: 0)
    while !reader.isAtEnd {
      let field = try reader.field()
      switch field.number {
      case 1: id = try reader.varint()
      case 2: entry.name = Int(truncatingIfNeeded: try reader.varint())
      case 4: entry.file = Int(truncatingIfNeeded: try reader.varint())
      default: try reader.skip(field.wireType)
      }
    }
    return (id, entry)
  }

  private func string(_ index: Int) throws(ProtobufError) -> String {
    guard index >= 0, index < strings.count else {
      throw .malformed("string index \(index) outside the string table")
    }
    if readAfterStrings, let keptStrings, !keptStrings.contains(index) {
      throw .malformed("string \(index) is named by a field after the string table")
    }
    return strings.slice(index).string
  }

  /// Names every group's frames and labels and adds the groups to `builder`, one record per
  /// label set.
  private func emit(into builder: SnapshotBuilder, format: DumpFormat) throws(ProtobufError) {
    let interner = builder.interner(for: format.dialect)
    builder.beginDump(of: format, frames: interner)
    let frameKey = FrameKey()
    var named: [Int32: [Int32]] = [:]
    var labelTexts: [Int32: Int32] = [:]
    var record = PendingTrace()
    for group in 0..<samples.groupCount {
      let key = samples.key(of: group)
      record.reset()
      record.isActive = true
      for provisional in key[TraceAggregator.keyHeaderLength...] {
        if let known = named[provisional] {
          record.frames.append(contentsOf: known)
          continue
        }
        let ids = try frames(of: provisional).map { frame -> Int32 in
          frameKey.set(frame)
          return interner.intern(frameKey)
        }
        named[provisional] = ids
        record.frames.append(contentsOf: ids)
      }
      let labels = samples.details[group].labels
      var unlabelled = samples.counters[group].count - labels.unlisted
      for (provisional, count) in labels.entries {
        // Counts saturate at Int.max on absurd input; never below zero.
        unlabelled = max(0, unlabelled - count)
        if let known = labelTexts[provisional] {
          record.labelsID = known
        } else {
          var text = try labelText(provisional)
          record.labelsID = text.withUTF8 { builder.internLabels(ByteSlice(UnsafeRawBufferPointer($0))) }
          labelTexts[provisional] = record.labelsID
        }
        record.multiplicity = count
        builder.add(&record, frames: interner)
      }
      if labels.unlisted > 0 {
        record.labelsID = PendingTrace.unlistedLabels
        record.multiplicity = labels.unlisted
        builder.add(&record, frames: interner)
      }
      if unlabelled > 0 {
        record.labelsID = -1
        record.multiplicity = unlabelled
        builder.add(&record, frames: interner)
      }
    }
  }

  /// The frames of one location, innermost (inlined) first.
  private func frames(of provisional: Int32) throws(ProtobufError) -> [Frame] {
    guard let id = location(for: provisional), let lines = locations[id] else {
      throw .malformed("sample refers to missing location \(provisional)")
    }
    var frames: [Frame] = []
    for line in lines {
      guard let function = functions[line.function] else {
        throw .malformed("location refers to missing function \(line.function)")
      }
      frames.append(
        Frame(
          function: GoSymbol.elidingTypeArguments(GoSymbol.unescaping(try string(function.name))),
          file: try string(function.file), line: line.line))
    }
    return frames
  }

  /// `{"k":"v", "n":3}`, keys sorted: the spelling of pprof's `debug=1` labels line.
  private func labelText(_ provisional: Int32) throws(ProtobufError) -> String {
    var pairs: [(String, String)] = []
    let bytes = labelSets.key(provisional)
    do {
      let raw = UnsafeRawPointer(bytes.base)
      for offset in stride(from: 0, to: bytes.count, by: 25) {
        let key = try string(Int(raw.loadUnaligned(fromByteOffset: offset, as: Int64.self)))
        let value = Int(raw.loadUnaligned(fromByteOffset: offset + 8, as: Int64.self))
        let number = raw.loadUnaligned(fromByteOffset: offset + 16, as: Int64.self)
        let isNumber = bytes[offset + 24] == 1
        var quotedKey = ""
        JSONWriter.appendQuoted(key, to: &quotedKey)
        if !isNumber && value >= 0 {
          var quoted = ""
          JSONWriter.appendQuoted(try string(value), to: &quoted)
          pairs.append((key, "\(quotedKey):\(quoted)"))
        } else {
          pairs.append((key, "\(quotedKey):\(isNumber ? number : 0)"))
        }
      }
    }
    pairs.sort { $0.0 < $1.0 }
    return "{" + pairs.map(\.1).joined(separator: ", ") + "}"
  }
}

/// Splits a stream into top-level protobuf fields without holding the whole stream: each
/// field's payload is read into a reusable buffer.
private struct FieldStream {
  private var source: any ByteSource
  private var buffer: [UInt8] = []
  private var start = 0
  private var exhausted = false
  private(set) var offset = 0
  private var payload: [UInt8] = []
  private static let maximumField = 256 << 20

  init(source: any ByteSource) { self.source = source }

  mutating func next() throws -> (ProtobufReader.Field, ByteSlice)? {
    guard try ensure(1) else { return nil }
    let tag = try varint()
    guard let wireType = ProtobufReader.WireType(rawValue: tag & 7), tag >> 3 > 0 else {
      throw ProtobufError.malformed("unsupported field tag \(tag)")
    }
    let field = ProtobufReader.Field(number: tag >> 3, wireType: wireType)
    switch wireType {
    case .varint:
      _ = try varint()
      return (field, ByteSlice(base: ByteSlice.emptyBase, count: 0))
    case .fixed64: try take(8)
    case .fixed32: try take(4)
    case .lengthDelimited:
      let length = try varint()
      guard length <= UInt64(Self.maximumField) else {
        throw ProtobufError.malformed("field of \(length) bytes")
      }
      try take(Int(length))
    }
    return (field, payload.withUnsafeBytes { ByteSlice($0) })
  }

  /// Copies the next `count` bytes into `payload`.
  private mutating func take(_ count: Int) throws {
    guard try ensure(count) else { throw ProtobufError.truncated }
    payload.removeAll(keepingCapacity: true)
    payload.append(contentsOf: buffer[start..<(start + count)])
    start += count
    offset += count
  }

  private mutating func varint() throws -> UInt64 {
    var value: UInt64 = 0
    var shift: UInt64 = 0
    while true {
      guard try ensure(1) else { throw ProtobufError.truncated }
      let byte = buffer[start]
      start += 1
      offset += 1
      guard shift < 64 else { throw ProtobufError.malformed("varint longer than 10 bytes") }
      value |= UInt64(byte & 0x7F) << shift
      if byte & 0x80 == 0 { return value }
      shift += 7
    }
  }

  /// Makes `count` bytes available from `start`; false when the input ends first.
  private mutating func ensure(_ count: Int) throws -> Bool {
    while buffer.count - start < count {
      if exhausted { return false }
      if start > 0 {
        buffer.removeSubrange(0..<start)
        start = 0
      }
      let chunk = max(64 * 1024, count - buffer.count)
      let old = buffer.count
      buffer.append(contentsOf: repeatElement(0, count: chunk))
      let n = try buffer.withUnsafeMutableBytes { bytes in
        try source.read(into: UnsafeMutableRawBufferPointer(rebasing: bytes[old..<(old + chunk)]))
      }
      buffer.removeSubrange((old + n)...)
      if n == 0 { exhausted = true }
    }
    return true
  }
}
