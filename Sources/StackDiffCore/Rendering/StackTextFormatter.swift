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
    for (index, frame) in frames.enumerated() {
      if let last = rows.last, last.frame == frame, index != breakIndex {
        rows[rows.count - 1].repeats += 1
      } else {
        rows.append(Row(frame: frame, repeats: 1, index: index))
      }
    }
    return rows
  }

  /// The rows of `group`'s stack; `noun` names the creating traces of ancestor stacks.
  public func lines(for group: Group, noun: TraceNoun) -> [String] {
    var elisionIndex: Int?
    if case .middle(_, let at) = group.elision { elisionIndex = at }
    let rows = Self.foldRecursion(group.frames, breakingAt: elisionIndex)
    var names = rows.map { $0.repeats > 1 ? "\($0.frame.function) ×\($0.repeats)" : $0.frame.function }
    var locations = rows.map { location($0.frame) }
    let siteIndex = group.siteIndex
    var kinds = rows.map { row -> Kind in
      if row.index == siteIndex { return .site }
      return row.frame.origin == .user ? .user : .library
    }
    if case .middle(let count, let at) = group.elision {
      let position = rows.firstIndex { $0.index >= at } ?? rows.count
      names.insert("...\(count) frames elided...", at: position)
      locations.insert("", at: position)
      kinds.insert(.marker, at: position)
    } else if group.elision == .trailing {
      names.append("...additional frames elided...")
      locations.append("")
      kinds.append(.marker)
    }
    if let caveat = group.caveat {
      names.append("(\(caveat.explanation(for: group)))")
      locations.append("")
      kinds.append(.marker)
    }
    if group.isStackUnavailable {
      names.append("(stack unavailable: running on another thread)")
      locations.append("")
      kinds.append(.marker)
    }
    if let creator = group.createdBy {
      names.append("created by \(creator.function)")
      locations.append(location(creator))
      kinds.append(.creator)
    }
    // Ancestor stacks (Go's GODEBUG=tracebackancestors): where each creator was when it started
    // the next.
    // Members that came to be in several ways list each, with its count.
    let ancestries =
      group.ancestries.count > 1 ? group.ancestries : [Ancestry(ancestors: group.ancestors, count: 0)]
    for ancestry in ancestries {
      for (level, ancestor) in ancestry.ancestors.enumerated() {
        guard let top = ancestor.frames.first else { continue }
        let count = level == 0 && ancestry.count > 0 ? "×\(ancestry.count) " : ""
        names.append("\(count)from \(noun.singular) \(ancestor.id) at \(top.function)")
        locations.append(location(top))
        kinds.append(.creator)
      }
    }
    let widths = names.map(Self.displayWidth)
    let width = min(widths.max() ?? 0, maximumFunctionWidth)
    return names.indices.map { index in
      let (name, location, kind) = (names[index], locations[index], kinds[index])
      let padded =
        location.isEmpty ? name : name + String(repeating: " ", count: max(1, width - widths[index] + 2))
      let text = location.isEmpty ? padded : padded + location
      switch kind {
      case .site: return indent + style.bold(style.cyan("> " + text))
      case .user: return indent + "  " + text
      case .library: return indent + "  " + style.dim(text)
      case .marker, .creator: return indent + "  " + style.dim(text)
      }
    }
  }

  /// Columns a name takes: one per character, counted by bytes when it is ASCII (names are, nearly
  /// always), since counting characters costs a pass of grapheme breaking.
  static func displayWidth(_ text: String) -> Int {
    let utf8 = text.utf8
    return utf8.allSatisfy({ $0 < 0x80 }) ? utf8.count : text.count
  }

  public func location(_ frame: Frame) -> String {
    fullPaths ? frame.location : frame.shortLocation
  }

  private enum Kind { case site, user, library, marker, creator }
}
