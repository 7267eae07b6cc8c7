import Testing

@testable import StackDiffCore

/// Commands that use one or two dumps of a long log keep only those; positions still count all.
@Suite struct RetentionTests {
  static let dump = (try? Samples.text("go/prodcons/prodcons-before.txt")) ?? ""
  static let race = (try? Samples.text("go/race/race-default.txt")) ?? ""

  private func read(_ text: String, _ retention: SnapshotRetention) throws -> [Snapshot] {
    var options = DumpReader.Options()
    options.retention = retention
    return try Samples.parse(text, name: "log.txt", options)
  }

  @Test func keepsWhatIsAskedForAndTheLast() throws {
    let log = String(repeating: Self.dump + "\n", count: 50)
    #expect(try read(log, .all).map(\.index) == Array(1...50))
    #expect(try read(log, .last).map(\.index) == [50])
    #expect(try read(log, .number(7)).map(\.index) == [7, 50])
    #expect(try read(log, .firstAndLast).map(\.index) == [1, 50])
    #expect(try read(log, .number(60)).map(\.index) == [50])
  }

  /// Race reports are collected into one snapshot placed where the first appeared; the dumps
  /// after it move up one, whatever is kept.
  @Test func aCollectedSnapshotKeepsItsPlace() throws {
    let log = Self.dump + "\n" + Self.race + "\n" + Self.dump + "\n" + Self.dump
    let all = try read(log, .all)
    #expect(all.map(\.format.name) == ["go-text", "go-race", "go-text", "go-text"])
    #expect(all.map(\.index) == [1, 2, 3, 4])
    #expect(try read(log, .last).map(\.index) == [4])
    #expect(try read(log, .number(2)).map(\.format.name) == ["go-race", "go-text"])
    #expect(try read(log, .firstAndLast).map(\.index) == [1, 4])
  }

  /// A dump that is not kept still has its damage reported.
  @Test func damageInDroppedDumpsIsStillReported() throws {
    // The middle dump's function line is damaged (a space before its arguments).
    let damaged = Self.dump.replacingOccurrences(
      of: "main.newNumberStream.func1(", with: "main.newNumberStream.func1 (")
    let log = Self.dump + "\n" + damaged + "\n" + Self.dump
    let all = try read(log, .all)
    #expect(all.map(\.diagnostics.unknownLineCount) == [0, 1, 0])
    let kept = try read(log, .last)
    #expect(kept.map(\.index) == [3])
    #expect(kept.first?.diagnostics.unknownLineCount == 1)
    #expect(kept.first?.diagnostics.firstUnknownLine == all[1].diagnostics.firstUnknownLine)
  }

  @Test func showTitlesManyDumpsOfOneSource() throws {
    let snapshots = try read(String(repeating: Self.dump + "\n", count: 3), .all)
    #expect(
      ShowRenderer().text(snapshots).contains("log.txt (dump 3 of 3) · go-text · 2 goroutines in 2 groups"))
  }
}
