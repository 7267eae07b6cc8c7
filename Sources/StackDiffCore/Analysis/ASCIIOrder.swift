/// Whether the strings an order reads are all ASCII: only there is Swift's order of strings
/// (which `StringOrder` follows) a consistent one.
///
/// Canonically equivalent spellings make `<` inconsistent: `e` plus U+0301 equals `é`, yet does
/// not precede every string `é` precedes. With such names a comparison sort's result depends on
/// its algorithm, so the shortcuts that stand in for one (stack ranks, merging sorted runs,
/// choosing a section's top rows) give way to the comparison sort itself.
enum ASCIIOrder {
  /// Every string the report order (`Group.isOrderedBefore`) reads of `group`: its frames' and
  /// creator's names, files, images and arguments, its state and its thread names.
  static func holds(for group: Group) -> Bool {
    group.frames.allSatisfy(holds(for:)) && group.createdBy.map(holds(for:)) != false
      && holds(for: group.state) && group.names.allSatisfy { isASCII($0.name) }
  }

  static func holds(for frame: Frame) -> Bool {
    isASCII(frame.function) && isASCII(frame.file) && holds(for: frame.image) && holds(for: frame.arguments)
  }

  private static func holds(for text: String?) -> Bool { text.map(isASCII) ?? true }

  static func isASCII(_ text: String) -> Bool {
    let decided = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
      var combined: UInt8 = 0
      for byte in bytes { combined |= byte }
      return combined < 0x80
    }
    return decided ?? text.utf8.allSatisfy { $0 < 0x80 }
  }
}
