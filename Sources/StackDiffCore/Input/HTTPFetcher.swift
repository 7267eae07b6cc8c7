/// What stackdiff fetches over HTTP: see `HTTPSource`.
public enum HTTPFetcher {
  public static func isURL(_ argument: String) -> Bool {
    argument.hasPrefix("http://") || argument.hasPrefix("https://")
  }
}
