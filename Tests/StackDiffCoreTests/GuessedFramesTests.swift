import Testing

@testable import StackDiffCore

/// The Go parser guesses a call line's frame from the frame before it, or else from its
/// function name, and a header's facts from the last header with the same bracket; the
/// location line or the bytes compared confirm each guess. Guesses must never change what is
/// read: the groups of drawn dumps are checked against what the text itself says.
@Suite struct GuessedFramesTests {
  /// A group as the text says it: state, frames (`function file:line`), creator.
  private struct Stack: Hashable {
    var state: String
    var frames: [String]
    var creator: String
  }

  private struct Members {
    var count = 0
    var minimumWait = Int.max
    var maximumWait = Int.min
    var locked = 0
    /// The first members' goroutine ids, as many as a group keeps.
    var ids: [Int] = []
  }

  /// Functions that recur at several lines of one file, so that a name alone does not tell
  /// the frame.
  private static let functions = [
    ("example.com/app/tree.(*Node).walk", "/src/app/tree/node.go", [118, 131]),
    ("example.com/app/stream.(*Conn).pump", "/src/app/stream/stream.go", [68, 75, 90]),
    ("example.com/app/store.(*Shard).lock", "/src/app/store/store.go", [103]),
    ("main.walk", "/src/app/cmd/app/walk.go", [42, 57]),
    ("example.com/app/jobs.(*Pool).emit", "/src/app/jobs/jobs.go", [40, 44]),
  ]
  private static let states = ["select", "chan receive", "semacquire", "sync.Cond.Wait"]

  /// Stacks drawn from the functions above, with recursions of varying depth; goroutines of
  /// those stacks in drawn order, with drawn arguments, waits, locks and creator ids.
  private func drawnDump(seed: UInt64, stackCount: Int, goroutines: Int) -> (String, [Stack: Members]) {
    var draw = SeededDraw(state: seed)
    var stacks: [(stack: Stack, lines: [String])] = []
    for _ in 0..<stackCount {
      var frames: [String] = []
      var lines: [String] = []
      for _ in 0..<(1 + draw.next(5)) {
        let (function, file, lineNumbers) = Self.functions[draw.next(Self.functions.count)]
        let line = lineNumbers[draw.next(lineNumbers.count)]
        for _ in 0..<(1 + draw.next(3)) {
          frames.append("\(function) \(file):\(line)")
          lines.append("\(function)(ARGS)\n\t\(file):\(line) +0x\(String(line * 7, radix: 16))")
        }
      }
      let creatorLine = [20, 33][draw.next(2)]
      let stack = Stack(
        state: Self.states[draw.next(Self.states.count)], frames: frames,
        creator: "example.com/app.(*Server).start /src/app/server.go:\(creatorLine)")
      lines.append(
        "created by example.com/app.(*Server).startCREATOR\n\t/src/app/server.go:\(creatorLine) +0x1a2")
      stacks.append((stack, lines))
    }
    var text = ""
    var expected: [Stack: Members] = [:]
    for id in 1...goroutines {
      let (stack, lines) = stacks[draw.next(stacks.count)]
      var bracket = stack.state
      var members = expected[stack] ?? Members()
      members.count += 1
      if members.ids.count < Group.maximumSampleIDs { members.ids.append(id) }
      if draw.next(2) == 0 {
        let minutes = draw.next(4) == 0 ? 1 : draw.next(600)
        bracket += minutes == 1 ? ", 1 minute" : ", \(minutes) minutes"
        members.minimumWait = min(members.minimumWait, minutes)
        members.maximumWait = max(members.maximumWait, minutes)
      }
      if draw.next(5) == 0 {
        bracket += ", locked to thread"
        members.locked += 1
      }
      expected[stack] = members
      text += "goroutine \(id) [\(bracket)]:\n"
      for line in lines {
        let arguments = (0..<draw.next(3)).map { _ in
          "0x\(String(0xc000_0000 + draw.next(1 << 20), radix: 16))"
        }
        let creator = draw.next(2) == 0 ? "" : " in goroutine \(1 + draw.next(50))"
        text +=
          line.replacingOccurrences(of: "ARGS", with: arguments.joined(separator: ", "))
          .replacingOccurrences(of: "CREATOR", with: creator) + "\n"
      }
      text += "\n"
    }
    return (text, expected)
  }

  private func readStacks(_ text: String) throws -> [Stack: Members] {
    let snapshot = try #require(try Samples.parse(text).first)
    var read: [Stack: Members] = [:]
    for group in snapshot.groups {
      let stack = Stack(
        state: group.state ?? "", frames: group.frames.map { "\($0.function) \($0.file):\($0.line)" },
        creator: group.createdBy.map { "\($0.function) \($0.file):\($0.line)" } ?? "")
      #expect(read[stack] == nil, "one group per stack")
      read[stack] = Members(
        count: group.count, minimumWait: group.waitMinutes?.lowerBound ?? Int.max,
        maximumWait: group.waitMinutes?.upperBound ?? Int.min, locked: group.lockedCount, ids: group.sampleIDs
      )
    }
    #expect(snapshot.diagnostics.unknownLineCount == 0)
    return read
  }

  @Test(arguments: [(UInt64(1), 6, 400), (2, 25, 1500), (3, 60, 3000), (4, 3, 200)])
  func drawnDumpsReadAsTheirTextSays(seed: UInt64, stackCount: Int, goroutines: Int) throws {
    let (text, expected) = drawnDump(seed: seed, stackCount: stackCount, goroutines: goroutines)
    let read = try readStacks(text)
    #expect(read.count == expected.count)
    for (stack, members) in expected {
      let found = read[stack]
      #expect(found?.count == members.count, "\(stack.frames)")
      #expect(found?.minimumWait == members.minimumWait, "\(stack.frames)")
      #expect(found?.maximumWait == members.maximumWait, "\(stack.frames)")
      #expect(found?.locked == members.locked, "\(stack.frames)")
      #expect(found?.ids == members.ids, "\(stack.frames)")
    }
  }

  /// A decoded name that no call line could show as it is (`%5b` → `[`, `%29` → `)`, `%20` → a
  /// space) is never taken for a line that shows those bytes raw: that line is damage, or
  /// another shape, as when the name was not seen before.
  @Test(arguments: ["%5bx.f", "main.f%29", "main%20b", "x.f%09g"])
  func aDecodedNameNoLineShowsIsNotGuessed(escaped: String) throws {
    let raw = escaped.replacingOccurrences(of: "%5b", with: "[").replacingOccurrences(of: "%29", with: ")")
      .replacingOccurrences(of: "%20", with: " ").replacingOccurrences(of: "%09", with: "\t")
    func dump(_ calls: [String]) -> String {
      calls.enumerated().map {
        "goroutine \($0.offset + 1) [running]:\nmain.a()\n\t/a.go:1 +0x1\n\($0.element)()\n\t/b.go:2 +0x1\n"
      }
      .joined(separator: "\n")
    }
    let seen = try #require(try Samples.parse(dump([escaped, escaped, raw])).first)
    let unseen = try #require(try Samples.parse(dump([raw])).first)
    let lastGroup = try #require(seen.groups.first { $0.sampleIDs == [3] })
    #expect(lastGroup.frames.map(\.function) == unseen.groups.first?.frames.map(\.function))
    #expect(seen.diagnostics.unknownLineCount == unseen.diagnostics.unknownLineCount)
  }

  @Test func aCreatorNameWithASpaceIsNotGuessed() throws {
    var text = ""
    for (id, creator) in ["x%20y", "x%20y", "x y"].enumerated() {
      text +=
        "goroutine \(id + 1) [running]:\nmain.a()\n\t/a.go:1 +0x1\ncreated by \(creator) in goroutine 9\n\t/x.go:2 +0x1\n\n"
    }
    let snapshot = try #require(try Samples.parse(text).first)
    // `created by x y in goroutine 9` is no creator line: the last goroutine has none.
    #expect(snapshot.groups.map(\.count) == [2, 1])
    #expect(snapshot.groups.map { $0.createdBy?.function } == ["x y", nil])
  }

  /// A call line recognized by a guess has no key built yet: when the input ends before its
  /// location line, the frame is still the one the line names.
  @Test(arguments: [["main.x()\n\t/x.go:1 +0x1\n"], []])
  func aGuessedCallLineAtTheEndKeepsItsName(before: [String]) throws {
    var text = ""
    for id in 1...2 {
      text += "goroutine \(id) [running]:\nmain.f(0x1)\n\t/a.go:1 +0x1\nmain.h()\n\t/h.go:2 +0x1\n\n"
    }
    text += "goroutine 3 [running]:\n" + before.joined() + "main.f(0x1)\n"
    let snapshot = try #require(try Samples.parse(text).first)
    let last = try #require(snapshot.groups.first { $0.sampleIDs == [3] })
    #expect(last.frames.map(\.function) == before.map { _ in "main.x" } + ["main.f"])
    #expect(snapshot.diagnostics.unknownLineCount == 1)
  }

  /// Labels are counted against `SnapshotBuilder.maximumLabelSets` only for goroutines taken: a
  /// header repeated as damage does not use up a set.
  @Test func aRepeatedHeaderDoesNotUseUpALabelSet() throws {
    var text = ""
    for id in 1..<SnapshotBuilder.maximumLabelSets - 1 {
      text += "goroutine \(id) [running] {k: \"v\(id)\"}:\nmain.f()\n\t/a.go:1 +0x1\n\n"
    }
    text += "goroutine 5000 [running] {k: \"first\"}:\ngoroutine 5000 [running] {k: \"dup\"}:\n"
    text += "main.g()\n\t/a.go:2 +0x1\n\ngoroutine 5001 [running] {k: \"last\"}:\nmain.h()\n\t/a.go:3 +0x1\n"
    let snapshot = try #require(try Samples.parse(text).first)
    let last = try #require(snapshot.groups.first { $0.frames.first?.function == "main.h" })
    #expect(last.labels.map(\.labels) == ["{k: \"last\"}"])
    #expect(last.unlistedLabelCount == 0)
  }

  /// `yaml%252ev2` decodes to `yaml%2ev2`, which a later line may print raw: that line is
  /// `yaml.v2`, another frame, however the name was seen before.
  @Test(arguments: ["example.com/yaml%2ev2.f(0x1)", "created by example.com/yaml%2ev2.f"])
  func aRawNameIsNotTakenForADecodedOne(line: String) throws {
    let escaped = line.replacingOccurrences(of: "%2e", with: "%252e")
    var text = ""
    for (id, name) in [escaped, escaped, escaped, line, line].enumerated() {
      text += "goroutine \(id + 1) [select]:\nexample.com/a.b(0x1)\n\t/src/a.go:10 +0x1\n"
      text += "\(name)\n\t/src/y.go:5 +0x1\n\n"
    }
    let snapshot = try #require(try Samples.parse(text).first)
    let names = snapshot.groups.map { group in
      (group.frames.map(\.function) + [group.createdBy?.function].compactMap { $0 }).joined(separator: " ")
    }
    #expect(snapshot.groups.map(\.count) == [3, 2])
    #expect(names == ["example.com/a.b example.com/yaml%2ev2.f", "example.com/a.b example.com/yaml.v2.f"])
  }

  /// A name's slot reads only its length and its first and last eight bytes: the names of real
  /// dumps, many of one package and of one length, must still spread over the slots about as
  /// well as random ones would.
  @Test func realNamesSpreadOverTheSlots() throws {
    var names = Set<String>()
    for path in ["go/services/hub/after.txt", "go/mixed/go1.22/mixed.txt", "go/mixed/go1.27/mixed.txt"] {
      for group in try Samples.snapshot(path).groups {
        for frame in group.frames + (group.createdBy.map { [$0] } ?? []) { names.insert(frame.function) }
      }
    }
    #expect(names.count >= 60)
    var slots = Set<Int>()
    for name in names {
      let bytes = Array(name.utf8)
      slots.insert(bytes.withUnsafeBytes { FrameNameGuesses.slot(of: ByteSlice($0)) })
    }
    // Random slots would leave about names² / 8192 of them sharing one; allow four times that.
    let sharing = names.count - slots.count
    #expect(
      sharing <= max(2, 4 * names.count * names.count / 8192), "\(sharing) of \(names.count) names share")
  }
}
