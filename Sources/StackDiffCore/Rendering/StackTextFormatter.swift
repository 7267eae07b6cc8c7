/// Prints a group's stack as aligned `function   file:line` rows, marking the site and folding
/// direct recursion (`main.deep ×19`).
public struct StackTextFormatter: Sendable {
  public var style: TextStyle
  public var fullPaths: Bool
  public var indent: String
  /// Longest function column before names are no longer padded.
  public var maximumFunctionWidth = 72

  public init(style: TextStyle, fullPaths: Bool, indent: String = "  ") {
    self.style = style
    self.fullPaths = fullPaths
    self.indent = indent
  }

  /// One row per run of identical consecutive frames.
  public struct Row: Equatable, Sendable {
    public var frame: Frame
    public var repeats: Int
    public var index: Int
  }

  /// `breakingAt` keeps a run from spanning an elision marker placed before that frame index.
  public static func foldRecursion(_ frames: [Frame], breakingAt breakIndex: Int? = nil) -> [Row] {
    var rows: [Row] = []
    frames.withUnsafeBufferPointer { frames in
      guard let base = frames.baseAddress else { return }
      rows.reserveCapacity(frames.count)
      for index in frames.indices {
        // Compared in place: only the first frame of each run is copied into its row.
        if index > 0, index != breakIndex, Frame.compare(base + index, base + index - 1) == 0 {
          rows[rows.count - 1].repeats += 1
        } else {
          rows.append(Row(frame: frames[index], repeats: 1, index: index))
        }
      }
    }
    return rows
  }

  /// The rows of `group`'s stack; `noun` names the creating traces of ancestor stacks.
  public func lines(for group: Group, noun: TraceNoun) -> [String] {
    var text = ""
    append(group, noun: noun, to: &text)
    return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
  }

  /// One row of the printed stack: a name, and the frame whose location follows it, if any.
  private struct Entry {
    var name: String
    var frame: Frame?
    var kind: Kind
  }

  /// Appends the rows of `group`'s stack to `out`, each ending in a newline, without building
  /// a string per row: a report of 200,000 distinct stacks prints millions of rows.
  public func append(_ group: Group, noun: TraceNoun, to out: inout String) {
    var elisionIndex: Int?
    if case .middle(_, let at) = group.elision { elisionIndex = at }
    let rows = Self.foldRecursion(group.frames, breakingAt: elisionIndex)
    let siteIndex = group.siteIndex
    var entries = rows.map { row -> Entry in
      Entry(
        name: row.repeats > 1 ? "\(row.frame.function) ×\(row.repeats)" : row.frame.function,
        frame: row.frame,
        kind: row.index == siteIndex ? .site : row.frame.origin == .user ? .user : .library)
    }
    if case .middle(let count, let at) = group.elision {
      let position = rows.firstIndex { $0.index >= at } ?? rows.count
      entries.insert(Entry(name: StackMarker.middleElision(count), kind: .marker), at: position)
    } else if group.elision == .trailing {
      entries.append(Entry(name: StackMarker.trailingElision, kind: .marker))
    }
    if let caveat = group.caveat {
      entries.append(Entry(name: "(\(caveat.explanation(for: group)))", kind: .marker))
    }
    if group.isStackUnavailable {
      entries.append(Entry(name: StackMarker.stackUnavailable, kind: .marker))
    }
    if let creator = group.createdBy {
      entries.append(Entry(name: "created by \(creator.function)", frame: creator, kind: .creator))
    }
    // Ancestor stacks (Go's GODEBUG=tracebackancestors): where each creator was when it started
    // the next. Members that came to be in several ways list each, with its count.
    let ancestries =
      group.ancestries.count > 1 ? group.ancestries : [Ancestry(ancestors: group.ancestors, count: 0)]
    for ancestry in ancestries {
      for (level, ancestor) in ancestry.ancestors.enumerated() {
        guard let top = ancestor.frames.first else { continue }
        let count = level == 0 && ancestry.count > 0 ? "×\(ancestry.count) " : ""
        entries.append(
          Entry(
            name: "\(count)from \(noun.singular) \(ancestor.id) at \(top.function)", frame: top,
            kind: .creator))
      }
    }
    let widths = entries.map { Self.displayWidth($0.name) }
    let width = min(widths.max() ?? 0, maximumFunctionWidth)
    for (entry, nameWidth) in zip(entries, widths) {
      out += indent
      // Styled rows wrap their text; plain rows (files, pipes) are appended piece by piece.
      guard style.isEnabled else {
        out += entry.kind == .site ? "> " : "  "
        appendRow(entry, nameWidth: nameWidth, width: width, to: &out)
        out += "\n"
        continue
      }
      var text = ""
      appendRow(entry, nameWidth: nameWidth, width: width, to: &text)
      switch entry.kind {
      case .site: out += style.bold(style.cyan("> " + text))
      case .user: out += "  " + text
      case .library, .marker, .creator: out += "  " + style.dim(text)
      }
      out += "\n"
    }
  }

  /// `name   file:line`: the name padded to `width`, then the location, if the row has one.
  private func appendRow(_ entry: Entry, nameWidth: Int, width: Int, to text: inout String) {
    text += entry.name
    guard let frame = entry.frame, !frame.file.isEmpty || frame.line > 0 else { return }
    var padding = max(1, width - nameWidth + 2)
    // Whole runs of spaces: one append per row, not one per column.
    while padding > 0 {
      let run = min(padding, Self.spaces.utf8.count)
      text += Self.spaces.prefix(run)
      padding -= run
    }
    appendLocation(of: frame, to: &text)
  }

  /// `server.go:80` (or the full path), as `location(_:)` gives it, appended in place.
  private func appendLocation(of frame: Frame, to text: inout String) {
    text += fullPaths ? Substring(frame.file) : frame.fileName
    if frame.line > 0 {
      text += ":"
      text += String(frame.line)
    }
  }

  /// Columns a name takes: one per character, counted by bytes when it is ASCII (names are, nearly
  /// always), since counting characters costs a pass of grapheme breaking.
  static func displayWidth(_ text: String) -> Int {
    let utf8 = text.utf8
    // Scanned as a buffer: the view's iterator would cost a call per byte.
    let isASCII = utf8.withContiguousStorageIfAvailable { bytes in bytes.allSatisfy { $0 < 0x80 } }
    return isASCII ?? utf8.allSatisfy({ $0 < 0x80 }) ? utf8.count : text.count
  }

  public func location(_ frame: Frame) -> String {
    fullPaths ? frame.location : frame.shortLocation
  }

  private enum Kind { case site, user, library, marker, creator }

  private static let spaces = String(repeating: " ", count: 64)
}
