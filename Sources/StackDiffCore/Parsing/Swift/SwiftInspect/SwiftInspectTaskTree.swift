/// Who created a child task, as Go's `created by` says who started a goroutine.
///
/// A child task (task group member, `async let`) is created by its parent, and what a reader
/// asks is "which child tasks of X are stuck in Y". So a child's creator is where its parent
/// is: the parent's innermost frame in user code (the function that made the group or the
/// `async let` and now waits for it), else its innermost visible frame. Children with the
/// same stack under parents at different places are different groups, as goroutines with
/// different creators are. Unlike Go's creator, this is where the parent is now, not where it
/// was when it spawned; for a parent waiting on its children it is the same place.
///
/// swift-inspect prints a parent before its children, and each child names its parent's
/// address (`parent: 0x…`), so a parent's frames are known when a child asks. The address links
/// a child to its parent within one dump; no group is keyed on it.
struct SwiftInspectTaskTree {
  private var creatorByAddress: [UInt64: Int32] = [:]

  /// A new dump: addresses of the last one mean nothing.
  mutating func reset() {
    if !creatorByAddress.isEmpty { creatorByAddress.removeAll(keepingCapacity: true) }
  }

  /// A task with children ended: remember where it is, for them.
  mutating func noteParent(address: UInt64, frames ids: IDList, interner: FrameInterner) {
    var creator: Int32 = -1
    for id in ids where !interner.frames[Int(id)].isHidden {
      if interner.frames[Int(id)].origin == .user {
        creator = id
        break
      }
      if creator < 0 { creator = id }
    }
    creatorByAddress[address] = creator
  }

  /// The creator frame of a child of the task at `parent`; -1 when the parent is unknown (not
  /// printed, or printed without frames).
  func creator(ofChildOf parent: UInt64) -> Int32 {
    creatorByAddress[parent] ?? -1
  }
}
