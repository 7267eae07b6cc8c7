/// The counting pass of `Differ.functionChanges` when only growth is reported: its rows (the
/// functions of the growing changes) are made, and every change adds its counts to the rows of
/// the functions it holds, each once.
///
/// With hundreds of thousands of distinct stacks that pass looks up millions of names, most of
/// them in no row, and waits on memory for each. The rows are only read, so the changes are
/// split between two cores, each with its own counts, which are summed.
struct GrowthTally {
  var before: [Int]
  var after: [Int]
  var netDelta: [Int]

  /// Changes this many and more are counted on two cores.
  static let twoCoreMinimum = 8192

  private init(rowCount: Int) {
    before = [Int](repeating: 0, count: rowCount)
    after = before
    netDelta = before
  }

  /// The counts of `changes` in the `rowCount` rows of `rows`.
  static func counts(_ changes: [GroupChange], rows: NameRows, rowCount: Int) -> GrowthTally {
    guard changes.count >= twoCoreMinimum else { return counting(changes, rows: rows, rowCount: rowCount) }
    // Counted in memory order (`MemoryOrder`): the sums do not depend on it.
    let order = MemoryOrder.positions(of: changes)
    let middle = order.count / 2
    let (first, second) = TwoCores.run(
      { counting(changes, order[..<middle], rows: rows, rowCount: rowCount, asciiOnly: true) },
      { counting(changes, order[middle...], rows: rows, rowCount: rowCount, asciiOnly: true) })
    // A name outside ASCII makes `NameRows` build its dictionary, which one thread must do.
    guard first.isComplete, second.isComplete else {
      return counting(changes, rows: rows, rowCount: rowCount)
    }
    var total = first.tally
    let rest = second.tally
    for row in 0..<rowCount {
      total.before[row] += rest.before[row]
      total.after[row] += rest.after[row]
      total.netDelta[row] += rest.netDelta[row]
    }
    return total
  }

  /// The counts of all `changes`, on this thread.
  private static func counting(_ changes: [GroupChange], rows: NameRows, rowCount: Int) -> GrowthTally {
    counting(changes, changes.indices, rows: rows, rowCount: rowCount, asciiOnly: false).tally
  }

  /// The counts of the changes at `positions`, complete unless `asciiOnly` stopped at a frame
  /// whose names are not all ASCII.
  private static func counting(
    _ changes: [GroupChange], _ positions: some Sequence<Int>, rows: NameRows, rowCount: Int, asciiOnly: Bool
  ) -> (tally: GrowthTally, isComplete: Bool) {
    var tally = GrowthTally(rowCount: rowCount)
    // Per row, the last change that counted it: a recursive function counts once per trace.
    var lastCounted = [Int](repeating: -1, count: rowCount)
    // The changes hold every name, as `RowsByIdentity` needs.
    var known = RowsByIdentity()
    let completed = changes.withUnsafeBufferPointer { changes in
      for position in positions where changes[position].noise == nil {
        let change = changes[position]
        let isASCII = change.group.frames.withUnsafeBufferPointer { frames in
          for frame in frames.indices {
            if asciiOnly && !frames[frame].isASCII { return false }
            // The rows are all made: a name's row, or its lack of one, stays.
            guard let row = known.row(of: frames[frame].function, lookUp: rows.row(of:)),
              lastCounted[row] != position
            else { continue }
            lastCounted[row] = position
            tally.before[row] += change.before
            tally.after[row] += change.after
            tally.netDelta[row] += change.netDelta
          }
          return true
        }
        if !isASCII { return false }
      }
      return true
    }
    return (tally, completed)
  }
}
