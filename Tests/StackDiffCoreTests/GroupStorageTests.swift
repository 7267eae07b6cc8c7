import Testing

@testable import StackDiffCore

/// A group keeps its fields in one shared object until a copy changes: a change must reach only
/// the copy it was made on, and equality is by value, shared or not.
@Suite struct GroupStorageTests {
  private let frames = [
    Frame(function: "main.worker", file: "/app/main.go", line: 12),
    Frame(function: "main.main", file: "/app/main.go", line: 40),
  ]

  @Test func aChangeReachesOnlyItsCopy() {
    let original = Group(count: 2, state: "chan send", frames: frames, createdBy: nil, sampleIDs: [1, 7])
    var copy = original
    copy.count += 3
    copy.frames.append(Frame(function: "main.extra", file: "/app/x.go", line: 1))
    copy.sampleIDs.append(9)
    copy.state = "select"
    #expect(original.count == 2 && copy.count == 5)
    #expect(original.frames.count == 2 && copy.frames.count == 3)
    #expect(original.sampleIDs == [1, 7] && copy.sampleIDs == [1, 7, 9])
    #expect(original.state == "chan send" && copy.state == "select")
    #expect(original != copy)
  }

  @Test func equalityIsByValue() {
    let a = Group(count: 2, state: "chan send", frames: frames, createdBy: nil)
    var b = Group(count: 1, state: "chan send", frames: frames, createdBy: nil)
    #expect(a != b)
    b.count = 2
    #expect(a == b)
    let shared = a
    #expect(shared == a)
    var grouped = [a, b]
    grouped[1].leakedCount = 1
    #expect(grouped[0] == a && grouped[1] != a)
  }
}
