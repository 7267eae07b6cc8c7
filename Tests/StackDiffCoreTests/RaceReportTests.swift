import Testing

@testable import StackDiffCore

/// `go test -race` logs (SampleDumps/go/race, go1.19; counts from NOTES.md, made with its own
/// script, not stackdiff): hundreds of reports show as the few distinct races, with counts, and a
/// goroutine dump in the same log is a dump of its own.
@Suite struct RaceReportTests {
  /// The sites of the four races, each with its number of reports.
  static let races: [(site: String, reports: Int)] = [
    ("registry.(*Registry).Register", 60), ("registry.(*Registry).WarmUp.func1", 60),
    ("pool.Thumbnails.func1", 39), ("hits.(*Handler).queryShard", 24), ("batcher.(*Batcher).upload", 4),
  ]

  @Test func aCILogShowsTheDistinctRaces() throws {
    let snapshots = try Samples.read("go/race/race-ci.txt")
    #expect(snapshots.map(\.format.name) == ["go-race", "go-text"])
    let races = try #require(snapshots.first)
    // 127 reports, two accesses each.
    #expect(races.total == 254)
    #expect(races.groups.count == 8)
    for (site, reports) in Self.races {
      let accesses = races.groups.filter { $0.site?.function.hasSuffix(site) == true }.reduce(0) {
        $0 + $1.count
      }
      // R1 is one race between two sites; every other race is one site racing with itself.
      #expect(accesses == (site.contains("Registry") ? reports : reports * 2), "\(site)")
    }
    #expect(races.groups.allSatisfy { $0.state == "race read" || $0.state == "race write" })
    #expect(races.diagnostics == Diagnostics())

    // The test timeout's goroutine dump: 9 goroutines, the races not among them.
    let dump = try #require(snapshots.last)
    #expect(dump.total == 9)
    #expect(dump.groups.first?.count == 6)
    #expect(dump.groups.first?.site?.function.hasSuffix("batcher.(*Batcher).upload") == true)
    // diff and check, which use one dump, use the goroutine dump.
    #expect(try Samples.snapshot("go/race/race-ci.txt").format.name == "go-text")
  }

  /// Racing accesses are never suspects of a leak, nor growth of a goroutine dump.
  @Test func racesAreNotSuspects() throws {
    let few = try #require(try Samples.read("go/race/race-default.txt").first)
    let many = try #require(try Samples.read("go/race/race-repeated.txt").first)
    #expect(few.total == 10)
    #expect(many.total == 228)
    let diff = Differ.diff(before: few, after: many)
    #expect(diff.suspects.isEmpty)
    // R1 is reported 2 times without GORACE options and 60 times with them: +58 at Register.
    #expect(diff.changes.first?.delta == 58)
    #expect(diff.changes.first?.group.site?.function.hasSuffix("(*Registry).Register") == true)
  }
}
