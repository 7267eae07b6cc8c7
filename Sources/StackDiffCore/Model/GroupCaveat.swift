/// What a reader must know to read a group right, spotted by the dialect when the group is made.
public enum GroupCaveat: String, Sendable {
  /// The stack is a lone C library wait: the dump's unwinder lost every caller, so unrelated
  /// waits (semaphores, conditions, idle workers) share this group.
  case callersLost = "callers-lost"

  /// One line for reports.
  public var explanation: String {
    switch self {
    case .callersLost:
      return
        "only a libc wait: the dump lost its callers, so unrelated waits share this group; --group-by thread-name splits it"
    }
  }
}
