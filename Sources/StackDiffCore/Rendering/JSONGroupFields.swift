extension JSONWriter {
  /// `{"function":…,"file":…,"line":N}`; `arguments` only when kept, `rawName` only for names
  /// the dump printed mangled.
  public mutating func frame(_ frame: Frame?) {
    guard let frame else {
      null()
      return
    }
    // Most frames have only these three fields: written in one go, as `object` would.
    if frame.rawName == nil && frame.arguments == nil && frame.image == nil && frame.flags.isEmpty {
      plainFrame(function: frame.function, file: frame.file, line: frame.line)
      return
    }
    object { json in
      json.field("function", frame.function)
      if let rawName = frame.rawName { json.field("rawName", rawName) }
      json.field("file", frame.file)
      json.field("line", frame.line)
      if let arguments = frame.arguments { json.field("arguments", arguments) }
      if let image = frame.image { json.field("image", image) }
      if !frame.flags.isEmpty {
        json.key("attributes")
        json.array { json in
          for (flag, name) in FrameFlags.names where frame.flags.contains(flag) { json.value(name) }
        }
      }
    }
  }

  /// The fields every report shares for a group: state, site, frames, creator and extras.
  public mutating func groupFields(_ group: Group) {
    field("state", group.state)
    key("site")
    frame(group.site)
    key("frames")
    array { json in
      for frame in group.frames { json.frame(frame) }
    }
    key("createdBy")
    frame(group.createdBy)
    if let wait = group.waitMinutes {
      key("waitMinutes")
      object { json in
        json.field("min", wait.lowerBound)
        json.field("max", wait.upperBound)
      }
    }
    // How many members print a wait time: the others waited less than a GC cycle or so.
    if group.waitMinutes != nil { field("waiting", group.waitingCount) }
    if group.lockedCount > 0 { field("lockedToThread", group.lockedCount) }
    if group.leakedCount > 0 { field("leaked", group.leakedCount) }
    if group.elision.isElided { field("elided", true) }
    if group.isStackUnavailable { field("stackUnavailable", true) }
    if group.crashedCount > 0 { field("crashed", group.crashedCount) }
    if let dumps = group.dumpCount { field("dumps", dumps) }
    if let caveat = group.caveat { field("caveat", caveat.rawValue) }
    if !group.names.isEmpty {
      key("names")
      array { json in
        for name in group.names {
          json.object { json in
            json.field("name", name.name)
            json.field("count", name.count)
          }
        }
      }
    }
    if group.unlistedNameCount > 0 { field("unlistedNames", group.unlistedNameCount) }
    if !group.labels.isEmpty {
      key("labels")
      array { json in
        for label in group.labels {
          json.object { json in
            json.field("labels", label.labels)
            json.field("count", label.count)
          }
        }
      }
    }
    if group.unlistedLabelCount > 0 { field("unlistedLabels", group.unlistedLabelCount) }
    if !group.ancestors.isEmpty {
      key("ancestors")
      ancestors(group.ancestors)
    }
    // Members that came to be in more than one way: each way with its count.
    if group.ancestries.count > 1 {
      key("ancestries")
      array { json in
        for ancestry in group.ancestries {
          json.object { json in
            json.field("count", ancestry.count)
            json.key("ancestors")
            json.ancestors(ancestry.ancestors)
          }
        }
      }
    }
    if !group.sampleIDs.isEmpty {
      field("ids", values: group.sampleIDs)
    }
  }

  private mutating func ancestors(_ ancestors: [Ancestor]) {
    array { json in
      for ancestor in ancestors {
        json.object { json in
          json.field("id", ancestor.id)
          json.key("frames")
          json.array { json in
            for frame in ancestor.frames { json.frame(frame) }
          }
          json.key("createdBy")
          json.frame(ancestor.createdBy)
        }
      }
    }
  }

  /// `"source","format","total"` of a snapshot.
  public mutating func snapshotSummary(_ snapshot: Snapshot) {
    field("source", snapshot.source)
    if snapshot.index > 1 { field("dump", snapshot.index) }
    field("format", snapshot.format.name)
    field("total", snapshot.total)
    if snapshot.mergedDumpCount > 0 { field("mergedDumps", snapshot.mergedDumpCount) }
  }
}
