import Testing

@testable import StackDiffCore

/// Inputs found in review to be read wrongly at first; each keeps its fix honest.
@Suite struct RegressionTests {
  @Test func dumpAfterACrashDumpIsItsOwnSnapshot() throws {
    let text =
      try Samples.text("go/crash/go1.19/sigquit-crash.txt") + "restarted\n"
      + (try Samples.text("go/logsfollow/leaky-after.txt"))
    let snapshots = try Samples.parse(text)
    #expect(snapshots.map(\.total) == [12, 18])
  }

  @Test func paddedGzip() throws {
    let bytes =
      try Samples.bytes("gzip/go/prodcons/prodcons-after.txt.gz") + [UInt8](repeating: 0, count: 512)
    #expect(try Samples.parse(bytes: bytes).first?.total == 22)
  }

  @Test func largestGoroutineIDs() throws {
    let snapshot = try #require(
      try Samples.parse(
        "goroutine 9223372036854775807 [chan send]:\nmain.f()\n\t/a/main.go:3 +0x1\n", .init(keepTraces: true)
      )
      .first)
    #expect(snapshot.traces.first?.id == Int.max)
    // One more is too large: the goroutine is kept, without an id, rather than dropped.
    let tooLarge = try #require(
      try Samples.parse(
        "goroutine 9223372036854775808 [chan send]:\nmain.f()\n\t/a/main.go:3 +0x1\n", .init(keepTraces: true)
      ).first)
    #expect(tooLarge.total == 1)
    #expect(tooLarge.traces.first?.id == nil)
    #expect(tooLarge.groups.first?.frames.first?.function == "main.f")
    #expect(tooLarge.diagnostics == Diagnostics())
  }

  @Test func ignoreFilesWithWindowsLineEndings() throws {
    let rules = try IgnoreRules.parseFile(
      "state: IO wait\r\nany: logsContainer\r\n", name: "f", isRegex: false)
    #expect(rules.map(\.description) == ["state: IO wait", "any: logsContainer"])
  }

  @Test func profileTotalsAreChecked() throws {
    let text = try Samples.text("go/logsfollow/leaky-after.debug1.txt")
    // Drop the 15-goroutine record: the records no longer add up to `total 18`.
    let cut = text.replacingFirst("15 @", with: "0 @")
    let snapshot = try #require(try Samples.parse(cut).first)
    #expect(snapshot.total == 3)
    #expect(snapshot.diagnostics.profileTotal == ProfileTotal(declared: 18, found: 3))
    #expect(snapshot.diagnostics.unknownLineCount == 1)
  }

  @Test func ancestorsAreShown() throws {
    let snapshot = try Samples.snapshot("go/mixed/go1.19/mixed-ancestors.txt")
    let text = ShowRenderer().text([snapshot])
    #expect(text.contains("from goroutine 1 at main.main"))
    #expect(ShowRenderer().json([snapshot]).contains("\"ancestors\":[{\"id\":1,"))
  }
}

extension String {
  fileprivate func replacingFirst(_ target: String, with replacement: String) -> String {
    guard let range = firstRange(of: target) else { return self }
    return replacingCharacters(in: range, with: replacement)
  }
}

/// Protobuf profiles shaped as no capture is, from the review of the one aggregation path.
@Suite struct ProfileShapeTests {
  /// 5000 samples with a label each on one stack must not crowd out another stack's one label:
  /// label sets are capped per group (32), as in debug=1 text.
  @Test func labelSetsAreCappedPerGroup() throws {
    var profile = ProfileWriter()
    profile.string("main.go")
    profile.location(1, function: "main.busy", line: 10)
    profile.location(2, function: "main.rare", line: 20)
    profile.string("req")
    for index in 0..<5000 { profile.sample([1], value: 1, labels: [("req", "\(index)")]) }
    profile.sample([2], value: 1, labels: [("req", "special")])
    let snapshot = try #require(try Samples.parse(bytes: profile.bytes).first)
    #expect(snapshot.format.name == "go-pprof-proto")
    #expect(snapshot.total == 5001)
    let rare = try #require(snapshot.groups.first { $0.frames.first?.function == "main.rare" })
    #expect(rare.labels == [LabelCount(labels: #"{"req":"special"}"#, count: 1)])
    let busy = try #require(snapshot.groups.first { $0.frames.first?.function == "main.busy" })
    #expect(busy.labels.count == Group.maximumLabelSets)
    #expect(busy.unlistedLabelCount == 5000 - Group.maximumLabelSets)
  }

  /// Location ids beyond 32 bits (other producers than Go) are resolved, each exactly.
  @Test func largeLocationIDs() throws {
    var profile = ProfileWriter()
    profile.string("main.go")
    let base: UInt64 = 1 << 40
    for index in 0..<2000 {
      profile.location(base + UInt64(index), function: "main.f\(index)", line: index + 1)
    }
    for index in stride(from: 0, to: 2000, by: 2) {
      profile.sample([base + UInt64(index), base + UInt64(index + 1)], value: 1)
    }
    let snapshot = try #require(try Samples.parse(bytes: profile.bytes).first)
    #expect(snapshot.groups.count == 1000)
    let group = try #require(snapshot.groups.first { $0.frames.first?.function == "main.f1998" })
    #expect(group.frames.map(\.function) == ["main.f1998", "main.f1999"])
    #expect(group.frames.map(\.line) == [1999, 2000])
  }
}
