/// A value kept in one heap object and copied only when a shared copy is changed: copying the
/// wrapper retains that one object instead of every reference the value holds. Meant for large
/// values that are copied (sorted, passed, stored) far more often than they are changed.
struct CopyOnWrite<Value> {
  private var box: Box

  init(_ value: Value) {
    box = Box(value)
  }

  var value: Value {
    _read { yield box.value }
    _modify {
      if !isKnownUniquelyReferenced(&box) { box = Box(box.value) }
      yield &box.value
    }
  }

  /// The object's address, for walking values in the order they lie in memory.
  var address: Int { Int(bitPattern: ObjectIdentifier(box)) }

  /// Whether both wrappers share one object, so their values are equal without comparing.
  func isIdentical(to other: Self) -> Bool { box === other.box }

  private final class Box {
    // A shared box is only read (`value` copies it before a change), and a box's owner changes
    // it through `_modify`, whose exclusivity the compiler checks: runtime checks on every read
    // would cost more than the copies the box saves.
    @exclusivity(unchecked) var value: Value

    init(_ value: Value) { self.value = value }
  }
}

// A shared box is never changed, so sharing one across threads shares only reads.
extension CopyOnWrite: @unchecked Sendable where Value: Sendable {}
