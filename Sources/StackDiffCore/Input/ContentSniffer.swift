/// Decides from an input's first bytes what it is.
enum ContentSniffer {
  /// True when the bytes cannot be a text dump: more than a tenth of them control bytes. A
  /// stray NUL in a text dump does not make it binary; the parsers skip it and say so.
  static func looksBinary(_ head: [UInt8]) -> Bool {
    guard !head.isEmpty else { return false }
    var control = 0
    for byte in head
    where byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D && byte != 0x1B && byte != 0x0C {
      control += 1
    }
    return control * 10 > head.count
  }
}
