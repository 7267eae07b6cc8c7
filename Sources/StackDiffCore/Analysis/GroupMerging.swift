extension Group {
  /// Adds another group's members to this one.
  mutating func absorb(_ other: Group) {
    count += other.count
    isDumpTaker = isDumpTaker || other.isDumpTaker
    waitingCount += other.waitingCount
    lockedCount += other.lockedCount
    leakedCount += other.leakedCount
    if let theirs = other.waitMinutes {
      waitMinutes =
        waitMinutes.map {
          Swift.min($0.lowerBound, theirs.lowerBound)...Swift.max($0.upperBound, theirs.upperBound)
        } ?? theirs
    }
    var tally = LabelTally<String>()
    for label in labels + other.labels { tally.add(label.labels, label.count) }
    labels = tally.entries.map { LabelCount(labels: $0.key, count: $0.count) }
    unlistedLabelCount += other.unlistedLabelCount + tally.unlisted
    var nameTally = LabelTally<String>()
    for name in names + other.names { nameTally.add(name.name, name.count) }
    names = nameTally.entries.map { NameCount(name: $0.key, count: $0.count) }
    unlistedNameCount += other.unlistedNameCount + nameTally.unlisted
    crashedCount += other.crashedCount
    for ancestry in other.ancestries {
      if let index = ancestries.firstIndex(where: { $0.isSame(as: ancestry) }) {
        ancestries[index].count.saturatingAdd(ancestry.count)
      } else if ancestries.count < Group.maximumAncestries {
        ancestries.append(ancestry)
      }
    }
    if ancestors.isEmpty { ancestors = ancestries.first?.ancestors ?? [] }
    memberAge.add(other.memberAge)
    for id in other.sampleIDs where sampleIDs.count < Group.maximumSampleIDs {
      sampleIDs.append(id)
    }
  }
}
