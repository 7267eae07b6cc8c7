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

  /// Per function of a growing change, the traces that hold it before and after and the net
  /// change, counted the plain way: each change's functions as a set.
  private func plainTally(_ changes: [GroupChange]) -> [String: [Int]] {
    let reportable = changes.filter { $0.noise == nil }
    let growing = Set(reportable.filter { $0.netDelta > 0 }.flatMap { $0.group.frames.map(\.function) })
    var tally: [String: [Int]] = [:]
    for change in reportable {
      for function in Set(change.group.frames.map(\.function)) where growing.contains(function) {
        tally[function, default: [0, 0, 0]][0] += change.before
        tally[function, default: [0, 0, 0]][1] += change.after
        tally[function, default: [0, 0, 0]][2] += change.netDelta
      }
    }
    return tally.filter { $0.value[2] >= 1 }
  }

  /// Enough changes to be counted on two cores, drawn from a pool of names shared (as a dump's
  /// frames share them) and spelled anew; with `accented`, names outside ASCII in the second
  /// half, which send the count back to one core.
  private func manyChanges(seed: UInt64, accented: Bool) -> [GroupChange] {
    var draw = SeededDraw(state: seed &+ 0x1405_7B7E_F767_814F)
    let pool = (0..<3000).map { "example.com/app.(*Worker).step\($0)" }
    return (0..<(GrowthTally.twoCoreMinimum + 1500)).map { position in
      var functions = (0..<(1 + draw.next(6))).map { _ -> String in
        let index = draw.next(pool.count)
        return draw.next(4) == 0 ? "example.com/app.(*Worker).step\(index)" : pool[index]
      }
      if accented && position > GrowthTally.twoCoreMinimum && draw.next(50) == 0 {
        functions.append(draw.next(2) == 0 ? "main.caf\u{E9}" : "main.cafe\u{301}")
      }
      let before = draw.next(3)
      let after = draw.next(4)
      return GroupChange(
        before: before, after: after,
        group: Group(
          count: after, state: "select",
          frames: functions.enumerated().map { Frame(function: $1, file: "/app/w.go", line: 1 + $0) },
          createdBy: nil),
        noise: draw.next(20) == 0 ? .runtime : nil)
    }
  }

  @Test(arguments: [false, true])
  func manyChangesCountAsThePlainTally(accented: Bool) {
    for seed: UInt64 in [1, 2] {
      let changes = manyChanges(seed: seed, accented: accented)
      let functions = Differ.functionChanges(changes, minimumNetDelta: 1)
      var tally: [String: [Int]] = [:]
      for function in functions {
        tally[function.function] = [function.before, function.after, function.netDelta]
      }
      #expect(functions.count == tally.count)
      #expect(tally == plainTally(changes))
      #expect(tally.count > 100)
    }
  }
}
