extension Array where Element == Group {
  /// Marks each group's site: its first frame in user code (see `GoSymbol.isStandardLibrary`).
  mutating func locateSites(goroot: String?) {
    for index in indices {
      self[index].siteIndex = self[index].frames.firstIndex {
        !GoSymbol.isStandardLibrary($0, goroot: goroot)
      }
    }
  }
}
