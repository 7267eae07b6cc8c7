/// A count series as a small inline SVG line, for trend reports: oldest left, the lowest count
/// at the bottom. Coordinates are integers on a fixed grid, so the bytes are the same every run.
enum HTMLSparkline {
  static let width = 120
  static let height = 24

  static func append(_ counts: [Int], to html: inout HTMLWriter) {
    guard let low = counts.min(), let high = counts.max() else { return }
    let points = counts.enumerated().map { position, count -> (x: Int, y: Int) in
      let x = counts.count == 1 ? width / 2 : 1 + position * (width - 2) / (counts.count - 1)
      let y = high == low ? height / 2 : height - 2 - (count - low) * (height - 4) / (high - low)
      return (x, y)
    }
    let rising = (counts.last ?? 0) > (counts.first ?? 0)
    html.raw(
      "<svg class=\"spark\(rising ? " rising" : "")\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" role=\"img\">"
    )
    html.element("title", text: counts.map(String.init).joined(separator: " → "))
    html.raw("<polyline points=\"" + points.map { "\($0.x),\($0.y)" }.joined(separator: " ") + "\"/>")
    if let last = points.last { html.raw("<circle r=\"2\" cx=\"\(last.x)\" cy=\"\(last.y)\"/>") }
    html.raw("</svg>")
  }
}
