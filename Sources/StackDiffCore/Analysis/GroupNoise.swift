extension Group {
  /// Why this group's count changes without anything leaking, or nil when it may leak: a group
  /// of crashed members only is there because of the crash or the dump signal; otherwise the
  /// dialect decides.
  public func noise(in dialect: any LanguageDialect) -> GrowthNoise? {
    crashedCount > 0 && crashedCount >= count ? .crashed : dialect.noise(of: self)
  }
}
