/// The warning lines printed on stderr for what a parser could not place.
public enum DiagnosticMessages {
  /// `stackdiff: warning: 12 lines not understood, first at path:LINE`, and friends.
  public static func warnings(for snapshot: Snapshot) -> [String] {
    var lines: [String] = []
    let diagnostics = snapshot.diagnostics
    if diagnostics.unknownLineCount > 0, let first = diagnostics.firstUnknownLine {
      let noun = diagnostics.unknownLineCount == 1 ? "line" : "lines"
      lines.append(
        "stackdiff: warning: \(diagnostics.unknownLineCount) \(noun) not understood, first at \(snapshot.source):\(first)"
      )
    }
    if diagnostics.endsMidLine {
      lines.append(
        "stackdiff: warning: \(snapshot.source): input ends in the middle of a line (truncated dump?)")
    }
    if let total = diagnostics.profileTotal {
      lines.append(
        "stackdiff: warning: \(snapshot.source): the profile says total \(total.declared) but its records hold \(total.found) (cut or damaged?)"
      )
    }
    if diagnostics.skippedByteCount > 0, let line = diagnostics.firstSkippedByteLine {
      let noun = diagnostics.skippedByteCount == 1 ? "byte" : "bytes"
      lines.append(
        "stackdiff: warning: skipped \(diagnostics.skippedByteCount) control \(noun) (binary data), first at \(snapshot.source):\(line)"
      )
    }
    if let reason = diagnostics.endedEarly {
      lines.append("stackdiff: warning: \(snapshot.source): \(reason); what came before it was read")
    }
    if diagnostics.cutLineCount > 0 {
      lines.append(
        "stackdiff: warning: \(snapshot.source): skipped \(diagnostics.cutLineCount) \(diagnostics.cutLineCount == 1 ? "line" : "lines") longer than 1 MiB"
      )
    }
    return lines
  }
}
