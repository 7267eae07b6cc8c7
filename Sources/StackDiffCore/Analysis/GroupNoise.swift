extension Group {
  /// Why this group's count changes without anything leaking, or nil when it may leak: a crashed
  /// member is there because of the dump; otherwise the dialect decides.
  public func noise(in dialect: any LanguageDialect) -> GrowthNoise? {
    crashedCount > 0 ? .crashed : dialect.noise(of: self)
  }
}
