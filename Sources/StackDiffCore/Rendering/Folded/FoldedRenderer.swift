/// `--format folded`: collapsed stacks, the lines flamegraph.pl, inferno and speedscope read:
/// `outermost;caller;innermost count`, one line per distinct path of function names.
///
/// Groups that differ only in lines, state or creator share a path and are summed, so a state
/// shift (a worker in `sleep`, then in `chan receive`) is one line whose count does not change.
/// A diff writes `stack before after`, the two-column form of difffolded.pl, 0 for an absent
/// side. Lines are sorted by their bytes (as `LC_ALL=C sort` would), so the output is stable.
public struct FoldedRenderer: Sendable {
  public init() {}

  /// Every group of every snapshot; several snapshots are summed into one profile.
  public func show(_ snapshots: [Snapshot], to sink: (String) -> Void) {
    var counts: [String: Int] = [:]
    for snapshot in snapshots {
      for group in snapshot.groups { counts[Self.stack(group), default: 0] += group.count }
    }
    write(counts.map { ($0.key, "\($0.value)") }, to: sink)
  }

  public func show(_ snapshots: [Snapshot]) -> String {
    var out = ""
    show(snapshots) { out += $0 }
    return out
  }

  /// Every matched group of the diff, noise included, so the columns sum to the totals.
  public func diff(_ diff: SnapshotDiff, to sink: (String) -> Void) {
    var counts: [String: (before: Int, after: Int)] = [:]
    for change in diff.changes {
      let stack = Self.stack(change.group)
      let sum = counts[stack] ?? (0, 0)
      counts[stack] = (sum.before + change.before, sum.after + change.after)
    }
    write(counts.map { ($0.key, "\($0.value.before) \($0.value.after)") }, to: sink)
  }

  public func diff(_ diff: SnapshotDiff) -> String {
    var out = ""
    self.diff(diff) { out += $0 }
    return out
  }

  private func write(_ lines: [(stack: String, counts: String)], to sink: (String) -> Void) {
    var out = ""
    for line in lines.sorted(by: { Self.precedesByBytes($0.stack, $1.stack) }) {
      out += line.stack
      out += " "
      out += line.counts
      out += "\n"
      if out.utf8.count >= 1 << 16 {
        sink(out)
        out = ""
      }
    }
    if !out.isEmpty { sink(out) }
  }

  /// Byte order, as `LC_ALL=C sort` has it, compared in place.
  private static func precedesByBytes(_ a: String, _ b: String) -> Bool {
    var a = a
    var b = b
    return a.withUTF8 { a in b.withUTF8 { b in a.lexicographicallyPrecedes(b) } }
  }

  /// `main.main;main.serve;main.handle`: the group's path, outermost first.
  static func stack(_ group: Group) -> String {
    let path = StackPath(group)
    var out = ""
    for depth in 0..<path.count {
      if depth > 0 { out += ";" }
      out += name(path[depth].name)
    }
    return out
  }

  /// A frame name the readers cannot misread: `;` separates frames, so it becomes `:`; a line
  /// break or other control character becomes a space; a name ending in a space and digits
  /// would be read as a count, so that space becomes `_`. Other spaces stay (Swift's `closure #1
  /// in f()`): the readers take the count after the last space.
  static func name(_ name: String) -> String {
    if name.isEmpty { return "?" }
    // Nearly every name is printable ASCII without `;`.
    if name.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ";") }) {
      return withoutTrailingCount(name)
    }
    let scalars = name.unicodeScalars.map { scalar -> Unicode.Scalar in
      if scalar == ";" { return ":" }
      switch scalar.properties.generalCategory {
      case .control, .lineSeparator, .paragraphSeparator: return " "
      default: return scalar
      }
    }
    return withoutTrailingCount(String(String.UnicodeScalarView(scalars)))
  }

  /// `frame 12` → `frame_12`: a trailing space and digits would be taken for a count.
  private static func withoutTrailingCount(_ name: String) -> String {
    let utf8 = name.utf8
    let digits = utf8.reversed().prefix { (0x30...0x39).contains($0) }.count
    guard digits > 0, digits < utf8.count,
      utf8[utf8.index(utf8.endIndex, offsetBy: -digits - 1)] == UInt8(ascii: " ")
    else { return name }
    var bytes = Array(utf8)
    bytes[bytes.count - digits - 1] = UInt8(ascii: "_")
    return String(decoding: bytes, as: UTF8.self)
  }
}
