/// The items of a generated file, in order: the prologue once, whole copies of the unit (so the
/// samples keep their natural proportions), then filler items cycled until the size is reached.
///
/// It is planned from item sizes before anything is written, so a header can state the total and
/// the protobuf can hold exactly the records of the `debug=1` file.
struct DumpPlan<Item> {
  let prologue: [Item]
  let unit: [Item]
  let filler: [Item]
  private(set) var copies = 0
  private(set) var fillers = 0
  /// The bytes the planned items take, by `size`.
  private(set) var plannedBytes = 0

  /// Plans as many items as fit in `budget` bytes; `size(item, id)` is an item's size when it
  /// gets the 1-based number `id`.
  init(prologue: [Item], unit: [Item], filler: [Item], budget: Int, size: (Item, Int) -> Int) {
    self.prologue = prologue
    self.unit = unit
    self.filler = filler
    var id = 0
    for item in prologue {
      id += 1
      plannedBytes += size(item, id)
    }
    while !unit.isEmpty {
      var copyBytes = 0
      for (offset, item) in unit.enumerated() { copyBytes += size(item, id + offset + 1) }
      guard plannedBytes + copyBytes <= budget else { break }
      plannedBytes += copyBytes
      id += unit.count
      copies += 1
    }
    while !filler.isEmpty {
      let itemBytes = size(filler[fillers % filler.count], id + 1)
      guard plannedBytes + itemBytes <= budget else { break }
      plannedBytes += itemBytes
      id += 1
      fillers += 1
    }
  }

  var itemCount: Int { prologue.count + copies * unit.count + fillers }
}

extension DumpPlan: Sequence {
  /// Each planned item with its 1-based number.
  struct Iterator: IteratorProtocol {
    let plan: DumpPlan
    var id = 0

    mutating func next() -> (item: Item, id: Int)? {
      guard id < plan.itemCount else { return nil }
      let index = id
      id += 1
      let copied = plan.copies * plan.unit.count
      if index < plan.prologue.count { return (plan.prologue[index], id) }
      if index < plan.prologue.count + copied {
        return (plan.unit[(index - plan.prologue.count) % plan.unit.count], id)
      }
      return (plan.filler[(index - plan.prologue.count - copied) % plan.filler.count], id)
    }
  }

  func makeIterator() -> Iterator { Iterator(plan: self) }
}
