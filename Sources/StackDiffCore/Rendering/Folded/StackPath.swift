/// A group's stack as flame graphs and folded stacks read it: outermost frame first, with the
/// text report's markers where the dump cut the stack, and a marker for a stack without frames.
///
/// It reads the group's frames in place, so walking 200,000 distinct stacks copies none.
struct StackPath {
  /// One frame of the path, or a marker (`origin` nil) that is not a call.
  struct Step {
    var name: String
    var origin: FrameOrigin?
  }

  private let frames: [Frame]
  /// The root-most step when the outermost frames are missing (`...additional frames elided...`).
  private let cutMarker: String?
  /// Where frames were elided in the middle: the marker follows the frame at this index
  /// (innermost-first) on the way in.
  private let middle: (at: Int, marker: String)?
  /// The only step of a stack without frames.
  private let emptyMarker: String?

  let count: Int

  init(_ group: Group) {
    frames = group.frames
    switch group.elision {
    case .none:
      cutMarker = nil
      middle = nil
    case .trailing:
      cutMarker = StackMarker.trailingElision
      middle = nil
    case .middle(let elided, let at):
      cutMarker = nil
      // A marker outside the frames (at 0 or past the last) would sit at an end: keep it there.
      middle = (min(max(at, 0), group.frames.count), StackMarker.middleElision(elided))
    }
    if group.frames.isEmpty && cutMarker == nil && middle == nil {
      emptyMarker = group.isStackUnavailable ? StackMarker.stackUnavailable : "(no frames)"
    } else {
      emptyMarker = nil
    }
    count = frames.count + (cutMarker == nil ? 0 : 1) + (middle == nil ? 0 : 1) + (emptyMarker == nil ? 0 : 1)
  }

  /// The step `depth` frames in from the outermost (0).
  subscript(depth: Int) -> Step {
    if let emptyMarker { return Step(name: emptyMarker, origin: nil) }
    var position = depth
    if let cutMarker {
      if position == 0 { return Step(name: cutMarker, origin: nil) }
      position -= 1
    }
    if let middle {
      // Outermost first, the frames at `middle.at` and beyond come before the marker.
      let outer = frames.count - middle.at
      if position == outer { return Step(name: middle.marker, origin: nil) }
      if position > outer { position -= 1 }
    }
    let frame = frames[frames.count - 1 - position]
    return Step(name: frame.function, origin: frame.origin)
  }
}
