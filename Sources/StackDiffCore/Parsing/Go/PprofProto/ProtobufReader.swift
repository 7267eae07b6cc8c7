/// Reads protobuf wire format from a message held in memory.
///
/// Only what profile.proto needs: varints, length-delimited fields, and skipping the fixed-width
/// types. Every read checks bounds; damage is reported as `ProtobufError`.
struct ProtobufReader {
  enum WireType: UInt64 {
    case varint = 0
    case fixed64 = 1
    case lengthDelimited = 2
    case fixed32 = 5
  }

  struct Field {
    var number: UInt64
    var wireType: WireType
  }

  private let bytes: ByteSlice
  private(set) var position = 0

  init(_ bytes: ByteSlice) { self.bytes = bytes }

  var isAtEnd: Bool { position >= bytes.count }

  mutating func varint() throws(ProtobufError) -> UInt64 {
    var value: UInt64 = 0
    var shift: UInt64 = 0
    while position < bytes.count {
      let byte = bytes[position]
      position += 1
      guard shift < 64 else { throw .malformed("varint longer than 10 bytes") }
      value |= UInt64(byte & 0x7F) << shift
      if byte & 0x80 == 0 { return value }
      shift += 7
    }
    throw .truncated
  }

  mutating func field() throws(ProtobufError) -> Field {
    let tag = try varint()
    guard let wireType = WireType(rawValue: tag & 7), tag >> 3 > 0 else {
      throw .malformed("unsupported field tag \(tag)")
    }
    return Field(number: tag >> 3, wireType: wireType)
  }

  mutating func lengthDelimited() throws(ProtobufError) -> ByteSlice {
    let length = try varint()
    guard length <= UInt64(bytes.count - position) else { throw .truncated }
    let slice = bytes[position..<(position + Int(length))]
    position += Int(length)
    return slice
  }

  mutating func skip(_ wireType: WireType) throws(ProtobufError) {
    switch wireType {
    case .varint: _ = try varint()
    case .lengthDelimited: _ = try lengthDelimited()
    case .fixed64: try advance(8)
    case .fixed32: try advance(4)
    }
  }

  /// A repeated integer field: one varint, or a packed run of them.
  /// Each value of a repeated integer field, packed or not.
  mutating func forEachInteger(_ wireType: WireType, _ body: (UInt64) -> Void) throws(ProtobufError) {
    switch wireType {
    case .varint:
      body(try varint())
    case .lengthDelimited:
      var packed = ProtobufReader(try lengthDelimited())
      while !packed.isAtEnd { body(try packed.varint()) }
    default:
      throw .malformed("integer field with wire type \(wireType.rawValue)")
    }
  }

  private mutating func advance(_ count: Int) throws(ProtobufError) {
    guard count <= bytes.count - position else { throw .truncated }
    position += count
  }
}

enum ProtobufError: Error, Equatable {
  case truncated
  case malformed(String)

  var description: String {
    switch self {
    case .truncated: return "truncated message"
    case .malformed(let why): return why
    }
  }
}
