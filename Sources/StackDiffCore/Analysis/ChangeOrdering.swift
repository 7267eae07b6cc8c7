/// How many of a diff's changes `Differ.diff` puts in order (`Differ.isOrderedBefore`).
public enum ChangeOrdering: Sendable {
  /// Every change: what JSON, HTML and folded reports list.
  case all
  /// Every change whose net delta is not 0, which is all that the text and Markdown reports
  /// list with a minimum delta of 1 or more (the command line's). The changes of net delta 0
  /// keep the order the diff met them in (the after snapshot's, then the vanished groups' in
  /// report order), between the growing and the shrinking: a diff of hundreds of thousands of
  /// stacks that did not change then sorts only the few that did, and the after snapshot need
  /// not be in report order. The changes it orders come in the order `.all` gives them; where
  /// the stack order is not consistent (`ASCIIOrder`), it orders all of them as `.all` does.
  case moving
}
