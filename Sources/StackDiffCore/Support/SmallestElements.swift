extension Array {
  /// The first `top` elements (all when nil) of `sorted(by: areInIncreasingOrder)`, found with
  /// `smallest` when the order is consistent; an inconsistent order (one that is not a strict
  /// weak order) gives the stable sort's own result only by sorting.
  func sortedPrefix(_ top: Int?, by areInIncreasingOrder: (Element, Element) -> Bool, isConsistent: Bool)
    -> [Element]
  {
    guard let top, isConsistent else { return Array(sorted(by: areInIncreasingOrder).prefix(top ?? count)) }
    return smallest(top, by: areInIncreasingOrder)
  }

  /// The first `count` elements of `sorted(by: areInIncreasingOrder)`, ties in their order here
  /// as that stable sort leaves them, found without sorting the rest: a report that shows its
  /// top ten of 100,000 functions compares most of them once, with the tenth kept.
  func smallest(_ count: Int, by areInIncreasingOrder: (Element, Element) -> Bool) -> [Element] {
    // Keeping many means moving many on each insertion: past a few hundred, sorting is cheaper.
    guard count < self.count, count <= 256 else {
      return Array(sorted(by: areInIncreasingOrder).prefix(count))
    }
    var kept: [Element] = []
    kept.reserveCapacity(count + 1)
    for element in self {
      if kept.count == count {
        guard let last = kept.last, areInIncreasingOrder(element, last) else { continue }
      }
      // After every kept element it does not precede: a tie goes after the earlier one.
      var low = 0
      var high = kept.count
      while low < high {
        let middle = (low + high) / 2
        if areInIncreasingOrder(element, kept[middle]) { high = middle } else { low = middle + 1 }
      }
      kept.insert(element, at: low)
      if kept.count > count { kept.removeLast() }
    }
    return kept
  }
}
