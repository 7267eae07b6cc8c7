/// The call tree of a snapshot for an icicle graph: each node a path of function names from
/// the outermost frame, as wide as the traces that pass through it, with the count an earlier
/// snapshot had there for a differential graph.
///
/// It stays small whatever the dump: nodes are expanded largest first until `budget` is spent,
/// children narrower than `minimumFraction` of the whole are merged into one "…" node (never
/// expanded), and a node the budget leaves unexpanded gets a "…" child for what lies below it. So a dump of 200,000 distinct
/// stacks gives at most about `2 × budget` nodes.
struct FlameGraph {
  struct Node: Equatable {
    /// The function (or marker) name; "all" at the root, "…" for merged nodes.
    var name: String
    var kind: Kind
    /// Index of the parent node; the root's is -1. Parents come before their children.
    var parent: Int
    var after: Int
    var before: Int
  }

  enum Kind: Int {
    case user, library, runtime, marker, merged
  }

  /// One stack with its counts: what the graph is built from.
  struct Item {
    var path: StackPath
    var after: Int
    var before: Int
  }

  static let defaultBudget = 3000
  static let defaultMinimumFraction = 1.0 / 2000

  /// Root first; each node's children are in name order, a merged "…" last.
  private(set) var nodes: [Node]

  init(
    _ items: [Item], budget: Int = defaultBudget, minimumFraction: Double = defaultMinimumFraction
  ) {
    let rootAfter = items.reduce(0) { $0 + $1.after }
    nodes = [
      Node(
        name: "all", kind: .marker, parent: -1, after: rootAfter, before: items.reduce(0) { $0 + $1.before })
    ]
    let minimumWidth = max(1, Int((Double(rootAfter) * minimumFraction).rounded(.up)))
    var pending = PendingNodes()
    pending.push(.init(node: 0, depth: 0, members: Array(items.indices), after: rootAfter))
    while let next = pending.pop() {
      let deeper = next.members.filter { items[$0].path.count > next.depth }
      guard !deeper.isEmpty else { continue }
      let children = Self.children(of: deeper, at: next.depth, items: items)
      let wide = children.filter { $0.node.after >= minimumWidth }
      let narrow = children.filter { $0.node.after < minimumWidth }.flatMap(\.members)
      // Out of budget: what lies below is one "…".
      guard nodes.count + wide.count + (narrow.isEmpty ? 0 : 1) <= budget else {
        nodes.append(Self.merged(deeper, parent: next.node, items: items))
        continue
      }
      for child in wide {
        var node = child.node
        node.parent = next.node
        nodes.append(node)
        pending.push(
          .init(node: nodes.count - 1, depth: next.depth + 1, members: child.members, after: node.after))
      }
      if !narrow.isEmpty { nodes.append(Self.merged(narrow, parent: next.node, items: items)) }
    }
    nodes = Self.ordered(nodes)
  }

  /// `members` bucketed by their step at `depth`, in name order.
  private static func children(of members: [Int], at depth: Int, items: [Item]) -> [(
    node: Node, members: [Int]
  )] {
    var index: [String: Int] = [:]
    var children: [(node: Node, members: [Int])] = []
    for member in members {
      let item = items[member]
      let step = item.path[depth]
      if let position = index[step.name] {
        children[position].node.after += item.after
        children[position].node.before += item.before
        children[position].members.append(member)
      } else {
        index[step.name] = children.count
        let node = Node(
          name: step.name, kind: kind(step.origin), parent: -1, after: item.after, before: item.before)
        children.append((node, [member]))
      }
    }
    return children.sorted { $0.node.name < $1.node.name }
  }

  private static func merged(_ members: [Int], parent: Int, items: [Item]) -> Node {
    Node(
      name: "…", kind: .merged, parent: parent, after: members.reduce(0) { $0 + items[$1].after },
      before: members.reduce(0) { $0 + items[$1].before })
  }

  private static func kind(_ origin: FrameOrigin?) -> Kind {
    switch origin {
    case .user: return .user
    case .library: return .library
    case .runtime: return .runtime
    case nil: return .marker
    }
  }

  /// Nodes renumbered depth first, so each subtree is one run; siblings keep the order they were
  /// made in (by name, a merged "…" last).
  private static func ordered(_ nodes: [Node]) -> [Node] {
    var children = Array(repeating: [Int](), count: nodes.count)
    for (index, node) in nodes.enumerated() where node.parent >= 0 { children[node.parent].append(index) }
    var result: [Node] = []
    result.reserveCapacity(nodes.count)
    var stack: [(old: Int, newParent: Int)] = [(0, -1)]
    while let (old, newParent) = stack.popLast() {
      var node = nodes[old]
      node.parent = newParent
      result.append(node)
      let newIndex = result.count - 1
      for child in children[old].reversed() { stack.append((child, newIndex)) }
    }
    return result
  }
}

/// A node waiting to be expanded, with the items that pass through it.
private struct PendingNode {
  var node: Int
  var depth: Int
  var members: [Int]
  var after: Int
}

/// The widest pending node first; among equals, the one created first (so the graph is the
/// same on every run).
private struct PendingNodes {
  private var heap: [PendingNode] = []

  private func isBefore(_ a: PendingNode, _ b: PendingNode) -> Bool {
    a.after != b.after ? a.after > b.after : a.node < b.node
  }

  mutating func push(_ element: PendingNode) {
    heap.append(element)
    var child = heap.count - 1
    while child > 0 {
      let parent = (child - 1) / 2
      guard isBefore(heap[child], heap[parent]) else { break }
      heap.swapAt(child, parent)
      child = parent
    }
  }

  mutating func pop() -> PendingNode? {
    guard !heap.isEmpty else { return nil }
    heap.swapAt(0, heap.count - 1)
    let top = heap.removeLast()
    var parent = 0
    while true {
      let left = 2 * parent + 1
      let right = left + 1
      var first = parent
      if left < heap.count && isBefore(heap[left], heap[first]) { first = left }
      if right < heap.count && isBefore(heap[right], heap[first]) { first = right }
      if first == parent { break }
      heap.swapAt(parent, first)
      parent = first
    }
    return top
  }
}
