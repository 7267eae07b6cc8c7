/// The trace being parsed, in interned ids; reused from one goroutine to the next.
struct PendingTrace {
  var isActive = false
  var id = -1
  var stateID: Int32 = -1
  var waitMinutes = -1
  var isLocked = false
  var isLeaked = false
  /// -1: no labels; `PendingTrace.unlistedLabels`: labels beyond what is kept.
  var labelsID: Int32 = -1
  var attributesID: Int32 = -1
  var frames = IDList()
  var createdBy: Int32 = -1
  var creatorID = -1
  var elision = Elision.none
  var isStackUnavailable = false
  var ancestors: [PendingAncestor] = []
  var multiplicity = 1
  /// The folded thread name (`SnapshotBuilder.internName`), or -1; `unlistedLabels` when not kept.
  var nameID: Int32 = -1
  var isCrashed = false

  static let unlistedLabels: Int32 = -2
  /// A record claiming more goroutines than this (2^40) is damage, not a process.
  static let maximumMultiplicity = 1 << 40

  mutating func reset() {
    isActive = false
    id = -1
    stateID = -1
    waitMinutes = -1
    isLocked = false
    isLeaked = false
    labelsID = -1
    attributesID = -1
    frames.removeAll()
    createdBy = -1
    creatorID = -1
    elision = .none
    isStackUnavailable = false
    if !ancestors.isEmpty { ancestors.removeAll() }
    multiplicity = 1
    nameID = -1
    isCrashed = false
  }
}

struct PendingAncestor {
  var id: Int
  var frames: [Int32] = []
  var createdBy: Int32 = -1
}
