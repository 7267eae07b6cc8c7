/// What a reader must know to read a group right, spotted by the dialect when the group is made.
public enum GroupCaveat: String, Sendable {
  /// The stack is a lone C library wait: the dump's unwinder lost every caller, so unrelated
  /// waits (semaphores, conditions, idle workers) share this group.
  case callersLost = "callers-lost"

  /// One line for reports about `group`.
  public func explanation(for group: Group) -> String {
    switch self {
    case .callersLost:
      let isOneName = group.names.count == 1 && group.unlistedNameCount == 0
      return isOneName
        ? "only a libc wait: the dump lost its callers; lldb's bt all shows them"
        : "only a libc wait: the dump lost its callers, so unrelated waits share this group; --group-by thread-name splits it"
    }
  }
}
