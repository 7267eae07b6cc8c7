/// One section of a report: the items shown (at most `--top`) and how many there were.
public struct ReportSection<Item: Sendable>: Sendable {
  public var shown: [Item]
  public var total: Int

  public init(_ items: [Item], top: Int?) {
    shown = top.map { Array(items.prefix($0)) } ?? items
    total = items.count
  }

  /// The first `top` of `items` sorted by `areInIncreasingOrder`; when the order is consistent
  /// (`isConsistent`), found without sorting the others.
  init(
    _ items: [Item], top: Int?, orderedBy areInIncreasingOrder: (Item, Item) -> Bool, isConsistent: Bool
  ) {
    shown = items.sortedPrefix(top, by: areInIncreasingOrder, isConsistent: isConsistent)
    total = items.count
  }

  /// Shown items already chosen and ordered, of `total`.
  init(shown: [Item], total: Int) {
    self.shown = shown
    self.total = total
  }

  /// The items of `all` at `indices`, copying only those shown.
  init(indices: [Int], of all: [Item], top: Int?) {
    shown = indices.prefix(top ?? indices.count).map { all[$0] }
    total = indices.count
  }

  public var isEmpty: Bool { total == 0 }

  /// `Growing (3)` or `Growing (top 10 of 12)`.
  public func title(_ name: String) -> String {
    shown.count == total ? "\(name) (\(total))" : "\(name) (top \(shown.count) of \(total))"
  }
}
