/// Where a group blocks: its site frame (or, cut to a lone wait, its first frame) and, unless
/// left out, its state. Suspects, trend's findings and annotations are one per site.
struct SiteKey: Hashable {
  var function: String
  var file: String
  var line: Int
  var state: String?

  init(_ group: Group, includingState: Bool = true) {
    let frame = group.site ?? group.frames.first
    function = frame?.function ?? ""
    file = frame?.file ?? ""
    line = frame?.line ?? 0
    state = includingState ? group.state : nil
  }
}
