extension Array {
  /// Rearranges the elements so that position `i` holds what was at `order[i]` (`order` is a
  /// permutation of the indices, as a sort of `indices` gives), moving each element once:
  /// building `order.map { self[$0] }` would copy every element, retaining its fields, and a
  /// group holds many.
  mutating func permute(to order: [Int]) {
    var placed = [Bool](repeating: false, count: count)
    withUnsafeMutableBufferPointer { elements in
      for start in elements.indices where !placed[start] {
        placed[start] = true
        var position = start
        // Follow the cycle: each swap puts the element that belongs at `position` there.
        while order[position] != start {
          let source = order[position]
          elements.swapAt(position, source)
          placed[source] = true
          position = source
        }
      }
    }
  }
}
