import Testing

@testable import StackDiffCore

/// The diff's per-function tallies: a function counts once per trace, and names that Swift
/// holds equal (one spelled with `é`, one with `e` and a combining accent) are one function.
@Suite struct FunctionTallyTests {
  private func change(_ functions: [String], before: Int, after: Int) -> GroupChange {
    let frames = functions.enumerated().map { Frame(function: $1, file: "/app/main.go", line: 10 + $0) }
    return GroupChange(
      before: before, after: after,
      group: Group(count: after, state: "select", frames: frames, createdBy: nil),
      noise: nil)
  }

  @Test func recursionCountsOncePerTrace() {
    let changes = [
      change(["main.walk", "main.walk", "main.walk", "main.main"], before: 1, after: 4),
      change(["main.other", "main.main"], before: 2, after: 2),
    ]
    let functions = Differ.functionChanges(changes)
    let walk = functions.first { $0.function == "main.walk" }
    let main = functions.first { $0.function == "main.main" }
    #expect(walk?.before == 1 && walk?.after == 4 && walk?.netDelta == 3)
    #expect(main?.before == 3 && main?.after == 6 && main?.netDelta == 3)
    #expect(functions.map(\.function) == ["main.main", "main.walk", "main.other"])
  }

  @Test(arguments: [nil, 1] as [Int?])
  func canonicallyEqualNamesAreOneFunction(minimumNetDelta: Int?) {
    let precomposed = "main.caf\u{E9}"
    let decomposed = "main.cafe\u{301}"
    let changes = [
      change([precomposed, "main.main"], before: 1, after: 2),
      change([decomposed, "main.main"], before: 0, after: 4),
      change([precomposed, decomposed, "main.run"], before: 0, after: 1),
    ]
    let functions = Differ.functionChanges(changes, minimumNetDelta: minimumNetDelta)
    let cafe = functions.filter { $0.function == precomposed }
    #expect(cafe.count == 1)
    #expect(cafe.first?.before == 1 && cafe.first?.after == 7)
  }
}
