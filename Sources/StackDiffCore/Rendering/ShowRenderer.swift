/// `stackdiff show`: every snapshot's groups, largest first.
public struct ShowRenderer: Sendable {
  public var style: TextStyle
  public var fullPaths: Bool

  public init(style: TextStyle = .plain, fullPaths: Bool = false) {
    self.style = style
    self.fullPaths = fullPaths
  }

  public func text(_ snapshots: [Snapshot]) -> String {
    var out = ""
    text(snapshots) { out += $0 }
    return out
  }

  /// Writes the report to `sink` in pieces of about 64 KiB, as it is produced: a dump of
  /// 200,000 distinct stacks never has its whole report in memory.
  public func text(_ snapshots: [Snapshot], to sink: @escaping (String) -> Void) {
    var out = ChunkedText(sink: sink)
    let stack = StackTextFormatter(style: style, fullPaths: fullPaths)
    let dumpsPerSource = Self.dumpsPerSource(snapshots)
    for (position, snapshot) in snapshots.enumerated() {
      if position > 0 { out += "\n" }
      out += style.bold(Self.title(snapshot, dumpsInSource: dumpsPerSource[snapshot.source] ?? 1)) + "\n"
      for event in snapshot.events { out += "  " + event + "\n" }
      let noun = snapshot.format.dialect.traceNoun
      let groups = snapshot.groups
      OrderedPieces.render(count: groups.count) { range in
        var text = ByteText()
        for index in range {
          text += "\n"
          text += groupHeadline(groups[index], noun: noun)
          text += "\n"
          stack.append(groups[index], noun: noun, to: &text)
        }
        return text.string
      } emit: {
        out.write(piece: $0)
      }
    }
    out.flush()
  }

  /// How many of `snapshots` each source holds, counted once (a log may hold 600,000 dumps).
  static func dumpsPerSource(_ snapshots: [Snapshot]) -> [String: Int] {
    var counts: [String: Int] = [:]
    for snapshot in snapshots { counts[snapshot.source, default: 0] += 1 }
    return counts
  }

  static func title(_ snapshot: Snapshot, among all: [Snapshot]) -> String {
    title(snapshot, dumpsInSource: all.filter { $0.source == snapshot.source }.count)
  }

  /// `after.txt (dump 2 of 3) · go-text · 33 goroutines in 7 groups`
  static func title(_ snapshot: Snapshot, dumpsInSource sameSource: Int) -> String {
    var name = snapshot.source
    if snapshot.mergedDumpCount > 0 {
      name = "\(snapshot.mergedDumpCount) dumps merged (\(snapshot.source))"
    } else if sameSource > 1 {
      name += " (dump \(snapshot.index) of \(sameSource))"
    } else if snapshot.index > 1 {
      name += " (dump \(snapshot.index))"
    }
    let traces = snapshot.format.dialect.traceNoun.count(snapshot.total)
    return
      "\(name) · \(snapshot.format.name) · \(traces) in \(GroupSummary.count(snapshot.groups.count, "group"))"
  }

  /// `15 goroutines · chan receive · 1–3 minutes · locked to thread ×2`
  func groupHeadline(_ group: Group, noun: TraceNoun) -> String {
    var parts = [style.bold(noun.count(group.count))]
    if let state = group.state { parts.append(style.yellow(state)) }
    if group.crashedCount > 0 { parts.append(style.boldRed("crashed")) }
    if let dumps = group.dumpCount { parts.append(dumps == 1 ? "in 1 dump" : "in \(dumps) dumps") }
    if let names = GroupSummary.names(group) { parts.append(names) }
    if let wait = Self.describeWait(group) { parts.append(wait) }
    if group.lockedCount > 0 {
      parts.append(
        group.lockedCount == group.count ? "locked to thread" : "locked to thread ×\(group.lockedCount)")
    }
    if group.leakedCount > 0 {
      parts.append(
        style.boldRed(group.leakedCount == group.count ? "leaked" : "\(group.leakedCount) leaked"))
    }
    for label in group.labels.prefix(3) {
      parts.append(
        label.count == group.count ? "labels \(label.labels)" : "labels \(label.labels) ×\(label.count)")
    }
    if group.labels.count > 3 || group.unlistedLabelCount > 0 {
      let more = group.labels.dropFirst(3).reduce(group.unlistedLabelCount) { $0 + $1.count }
      parts.append("\(more) with other labels")
    }
    return parts.joined(separator: " · ")
  }

  static func describeWait(_ group: Group) -> String? {
    guard let wait = group.waitMinutes else { return nil }
    let range =
      wait.lowerBound == wait.upperBound ? "\(wait.lowerBound)" : "\(wait.lowerBound)–\(wait.upperBound)"
    let unit = wait.upperBound == 1 ? "minute" : "minutes"
    let coverage = group.waitingCount < group.count ? " (\(group.waitingCount) of \(group.count))" : ""
    return "\(range) \(unit)\(coverage)"
  }

  public func json(_ snapshots: [Snapshot]) -> String {
    var out = ""
    json(snapshots) { out += $0 }
    return out
  }

  /// Writes the JSON report to `sink` in pieces, as it is produced.
  public func json(_ snapshots: [Snapshot], to sink: @escaping (String) -> Void) {
    var json = JSONWriter(sink: sink)
    json.object { json in
      json.field("schemaVersion", 1)
      json.key("snapshots")
      json.array { json in
        for snapshot in snapshots {
          json.object { json in
            json.snapshotSummary(snapshot)
            json.key("groups")
            json.array { json in
              let groups = snapshot.groups
              OrderedPieces.render(count: groups.count) { range in
                var piece = JSONWriter()
                for index in range {
                  piece.object { json in
                    json.field("count", groups[index].count)
                    json.groupFields(groups[index])
                  }
                }
                return piece.output
              } emit: {
                json.elements($0)
              }
            }
            if !snapshot.events.isEmpty {
              json.field("events", values: snapshot.events)
            }
            json.key("diagnostics")
            json.object { json in
              json.field("unknownLines", snapshot.diagnostics.unknownLineCount)
              json.field("firstUnknownLine", snapshot.diagnostics.firstUnknownLine)
              if snapshot.diagnostics.skippedByteCount > 0 {
                json.field("skippedBytes", snapshot.diagnostics.skippedByteCount)
              }
              if let reason = snapshot.diagnostics.endedEarly { json.field("endedEarly", reason) }
            }
          }
        }
      }
    }
    json.flush()
    sink("\n")
  }
}
