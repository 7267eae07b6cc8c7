import Testing

@testable import StackDiffCore

/// A tally's lookups remembered by a name's own bytes: the same string is looked up once; an
/// equal name in other storage, or another name, is looked up, never answered from memory.
@Suite struct RowsByIdentityTests {
  @Test func theSameStringIsLookedUpOnce() {
    var known = RowsByIdentity()
    var lookups: [String] = []
    let rows = ["example.com/app/pkg0.(*Cache).applyEvent12141": 3, "main.a": 7]
    let lookUp = { (name: String) -> Int? in
      lookups.append(name)
      return rows[name]
    }
    let large = "example.com/app/pkg0.(*Cache).applyEvent12141"
    // Equal text in storage of its own.
    let largeElsewhere = String(decoding: Array(large.utf8), as: UTF8.self)
    let absent = "example.com/app/pkg1.(*Store).loadRecord2"
    #expect(known.row(of: large, lookUp: lookUp) == 3)
    #expect(known.row(of: large, lookUp: lookUp) == 3)
    #expect(known.row(of: largeElsewhere, lookUp: lookUp) == 3)
    #expect(known.row(of: "main.a", lookUp: lookUp) == 7)
    #expect(known.row(of: "main.a", lookUp: lookUp) == 7)
    #expect(known.row(of: absent, lookUp: lookUp) == nil)
    #expect(known.row(of: absent, lookUp: lookUp) == nil)
    #expect(known.row(of: "main.b", lookUp: lookUp) == nil)
    #expect(lookups == [large, largeElsewhere, "main.a", absent, "main.b"])
  }

  /// More names than slots: names that share a slot replace each other, and every answer is
  /// still the lookup's.
  @Test func collidingNamesAreAnsweredByTheirOwnLookup() {
    var known = RowsByIdentity()
    let names = (0..<20_000).map { "example.com/app/pkg\($0 % 50).(*Cache).apply\($0)" }
    for _ in 0..<2 {
      for (index, name) in names.enumerated() {
        #expect(known.row(of: name) { Int($0.split(separator: "apply").last ?? "") } == index)
      }
    }
  }
}
