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
    group.frames.allSatisfy(\.isASCII) && group.createdBy?.isASCII != false && holds(for: group.state)
      && group.names.allSatisfy(\.name.isASCII)
  }

  /// Whether the stack order (and the orders ending in it) is consistent on `group`: `holds`,
  /// and a stack with frames, since an empty one is ordered against others by state alone,
  /// which is not transitive.
  static func isConsistent(for group: Group) -> Bool { !group.frames.isEmpty && holds(for: group) }

  private static func holds(for text: String?) -> Bool { text?.isASCII ?? true }
}
