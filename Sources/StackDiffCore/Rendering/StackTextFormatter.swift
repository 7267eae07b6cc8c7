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
    runs(of: frames, breakingAt: breakIndex).map {
      Row(frame: frames[$0.index], repeats: $0.repeats, index: $0.index)
    }
  }

  /// `foldRecursion` as positions: the first frame of each run and its length.
  private static func runs(of frames: [Frame], breakingAt breakIndex: Int?) -> [(index: Int, repeats: Int)] {
    var runs: [(index: Int, repeats: Int)] = []
    frames.withUnsafeBufferPointer { frames in
      guard let base = frames.baseAddress else { return }
      runs.reserveCapacity(frames.count)
      for index in frames.indices {
        // Compared in place: a printed stack copies no frame.
        if index > 0, index != breakIndex, Frame.compare(base + index, base + index - 1) == 0 {
          runs[runs.count - 1].repeats += 1
        } else {
          runs.append((index, 1))
        }
      }
    }
    return runs
  }

  /// The rows of `group`'s stack; `noun` names the creating traces of ancestor stacks.
  public func lines(for group: Group, noun: TraceNoun) -> [String] {
    var text = ""
    append(group, noun: noun, to: &text)
    return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
  }

  /// One row of the printed stack: a run of `group.frames` from `frameIndex` (its name is the
  /// function, `×repeats` when more than one), or a line of its own `text` with the location
  /// of `frame`, if any.
  private struct Entry {
    var text = ""
    var frame: Frame?
    var frameIndex = -1
    var repeats = 1
    var kind: Kind
  }

  /// Appends the rows of `group`'s stack to `out`, each ending in a newline, without building
  /// a string per row or copying a frame: a report of 200,000 distinct stacks prints millions
  /// of rows, on two threads that would contend for the counts of the strings they share.
  public func append(_ group: Group, noun: TraceNoun, to out: inout String) {
    var text = ByteText()
    append(group, noun: noun, to: &text)
    out += text.string
  }

  /// `append(_:noun:to:)` into bytes, as a long report is built.
  func append(_ group: Group, noun: TraceNoun, to out: inout ByteText) {
    var elisionIndex: Int?
    if case .middle(_, let at) = group.elision { elisionIndex = at }
    let runs = Self.runs(of: group.frames, breakingAt: elisionIndex)
    let siteIndex = group.siteIndex
    var entries: [Entry] = []
    entries.reserveCapacity(runs.count + 2)
    group.frames.withUnsafeBufferPointer { frames in
      for run in runs {
        let kind: Kind =
          run.index == siteIndex ? .site : frames[run.index].origin == .user ? .user : .library
        entries.append(Entry(frameIndex: run.index, repeats: run.repeats, kind: kind))
      }
    }
    if case .middle(let count, let at) = group.elision {
      let position = runs.firstIndex { $0.index >= at } ?? runs.count
      entries.insert(Entry(text: StackMarker.middleElision(count), kind: .marker), at: position)
    } else if group.elision == .trailing {
      entries.append(Entry(text: StackMarker.trailingElision, kind: .marker))
    }
    if let caveat = group.caveat {
      entries.append(Entry(text: "(\(caveat.explanation(for: group)))", kind: .marker))
    }
    if group.isStackUnavailable {
      entries.append(Entry(text: StackMarker.stackUnavailable, kind: .marker))
    }
    if let creator = group.createdBy {
      entries.append(Entry(text: "created by \(creator.function)", frame: creator, kind: .creator))
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
            text: "\(count)from \(noun.singular) \(ancestor.id) at \(top.function)", frame: top,
            kind: .creator))
      }
    }
    group.frames.withUnsafeBufferPointer { frames in
      let widths = entries.map { Self.nameWidth($0, frames) }
      let width = min(widths.max() ?? 0, maximumFunctionWidth)
      for (entry, nameWidth) in zip(entries, widths) {
        out += indent
        // Styled rows wrap their text; plain rows (files, pipes) are appended piece by piece.
        guard style.isEnabled else {
          out += entry.kind == .site ? "> " : "  "
          appendRow(entry, frames, nameWidth: nameWidth, width: width, to: &out)
          out += "\n"
          continue
        }
        var row = ByteText()
        appendRow(entry, frames, nameWidth: nameWidth, width: width, to: &row)
        let text = row.string
        switch entry.kind {
        case .site: out += style.bold(style.cyan("> " + text))
        case .user: out += "  " + text
        case .library, .marker, .creator: out += "  " + style.dim(text)
        }
        out += "\n"
      }
    }
  }

  /// Columns the name of `entry` takes: `function ×N` for a run of frames.
  private static func nameWidth(_ entry: Entry, _ frames: UnsafeBufferPointer<Frame>) -> Int {
    guard entry.frameIndex >= 0 else { return displayWidth(entry.text) }
    let function = frames[entry.frameIndex].function
    guard entry.repeats > 1 else { return displayWidth(function) }
    // Characters do not simply add up after a name that is not ASCII: one may join the space.
    guard function.isASCII else { return displayWidth("\(function) ×\(entry.repeats)") }
    return function.utf8.count + 2 + String(entry.repeats).utf8.count
  }

  /// `name   file:line` of `entry`, with `frames` the group's frames.
  private func appendRow(
    _ entry: Entry, _ frames: UnsafeBufferPointer<Frame>, nameWidth: Int, width: Int, to text: inout ByteText
  ) {
    guard entry.frameIndex >= 0 else {
      appendRow(name: entry.text, of: entry.frame, nameWidth: nameWidth, width: width, to: &text)
      return
    }
    let frame = frames.baseAddress.map { $0 + entry.frameIndex }
    guard let frame else { return }
    text += frame.pointee.function
    if entry.repeats > 1 {
      text += " ×"
      text.append(entry.repeats)
    }
    appendLocation(of: frame.pointee, nameWidth: nameWidth, width: width, to: &text)
  }

  private func appendRow(name: String, of frame: Frame?, nameWidth: Int, width: Int, to text: inout ByteText)
  {
    text += name
    guard let frame else { return }
    appendLocation(of: frame, nameWidth: nameWidth, width: width, to: &text)
  }

  /// The padding to `width`, then `file:line`, if the frame has a location.
  private func appendLocation(of frame: Frame, nameWidth: Int, width: Int, to text: inout ByteText) {
    guard !frame.file.isEmpty || frame.line > 0 else { return }
    text.append(spaces: max(1, width - nameWidth + 2))
    appendLocation(of: frame, to: &text)
  }

  /// `server.go:80` (or the full path), as `location(_:)` gives it, appended in place.
  private func appendLocation(of frame: Frame, to text: inout ByteText) {
    text += fullPaths ? Substring(frame.file) : frame.fileName
    if frame.line > 0 {
      text += ":"
      text.append(frame.line)
    }
  }

  /// Columns a name takes: one per character, counted by bytes when it is ASCII (names are, nearly
  /// always), since counting characters costs a pass of grapheme breaking.
  static func displayWidth(_ text: String) -> Int {
    text.isASCII ? text.utf8.count : text.count
  }

  public func location(_ frame: Frame) -> String {
    fullPaths ? frame.location : frame.shortLocation
  }

  private enum Kind { case site, user, library, marker, creator }

}
