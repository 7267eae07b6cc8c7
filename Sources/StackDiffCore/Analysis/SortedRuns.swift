/// Merging two ascending runs of positions into one, for an order that is total (ties broken
/// by position), where the merged run is the one sorted order of both.
///
/// Merging the sorted halves of a dump of hundreds of thousands of distinct stacks compares
/// stacks once per group, each comparison waiting on memory; a long merge is made on two
/// cores, one taking the smallest half from the fronts of the runs and the other the largest
/// half from their backs. With a total order the two meet exactly.
enum SortedRuns {
  /// Runs this long together are merged on two cores.
  static let twoCoreMinimum = 16384

  /// `a` and `b` as one ascending run; `isBefore` must be a strict total order.
  static func merge(_ a: [Int], _ b: [Int], by isBefore: @escaping (Int, Int) -> Bool) -> [Int] {
    let total = a.count + b.count
    guard total >= twoCoreMinimum, !a.isEmpty, !b.isEmpty else {
      return smallest(total, of: a, b, by: isBefore)
    }
    let frontCount = total / 2
    let (front, back) = TwoCores.run(
      { smallest(frontCount, of: a, b, by: isBefore) },
      { largest(total - frontCount, of: a, b, by: isBefore) })
    return front + back.reversed()
  }

  /// The first `count` positions of the merged run, in order.
  private static func smallest(_ count: Int, of a: [Int], _ b: [Int], by isBefore: (Int, Int) -> Bool)
    -> [Int]
  {
    var merged: [Int] = []
    merged.reserveCapacity(count)
    var i = 0
    var j = 0
    while merged.count < count && i < a.count && j < b.count {
      if isBefore(b[j], a[i]) {
        merged.append(b[j])
        j += 1
      } else {
        merged.append(a[i])
        i += 1
      }
    }
    merged += a[i..<min(a.count, i + count - merged.count)]
    merged += b[j..<min(b.count, j + count - merged.count)]
    return merged
  }

  /// The last `count` positions of the merged run, last first.
  private static func largest(_ count: Int, of a: [Int], _ b: [Int], by isBefore: (Int, Int) -> Bool) -> [Int]
  {
    var merged: [Int] = []
    merged.reserveCapacity(count)
    var i = a.count - 1
    var j = b.count - 1
    while merged.count < count && i >= 0 && j >= 0 {
      if isBefore(a[i], b[j]) {
        merged.append(b[j])
        j -= 1
      } else {
        merged.append(a[i])
        i -= 1
      }
    }
    while merged.count < count && i >= 0 {
      merged.append(a[i])
      i -= 1
    }
    while merged.count < count && j >= 0 {
      merged.append(b[j])
      j -= 1
    }
    return merged
  }
}
