/// A thread's state read from its innermost frame (`SwiftThreadState`), interned once per
/// frame: threads share few leaf frames, so each is looked up and interned only the first time.
final class SwiftLeafStates {
  @exclusivity(unchecked) private var stateByLeaf: [Int32] = []

  /// The state id of a thread whose innermost frame is `id` in `frames`.
  func state(leaf id: Int32, frames: FrameInterner, builder: SnapshotBuilder) -> Int32 {
    let index = Int(id)
    if index < stateByLeaf.count, stateByLeaf[index] >= 0 { return stateByLeaf[index] }
    let frame = frames.frames[index]
    var state = SwiftThreadState.state(leaf: frame.function, image: frame.image)
    let stateID = state.withUTF8 { builder.internState(ByteSlice(UnsafeRawBufferPointer($0))) }
    if index >= stateByLeaf.count {
      stateByLeaf.append(contentsOf: repeatElement(-1, count: index + 1 - stateByLeaf.count))
    }
    stateByLeaf[index] = stateID
    return stateID
  }
}
