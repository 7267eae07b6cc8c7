import Foundation
import Testing

/// The commands on Apple crash reports, as a developer runs them on a `.crash` or `.ips`.
@Suite struct AppleCrashCommandTests {
  @Test(arguments: ["orderserver.crash", "orderserver.ips"])
  func checkFailsOnAnAbsentSymbolThatIsPresent(_ file: String) throws {
    let dump = CLI.sample("swift/apple/" + file)
    let result = try CLI.run(["check", dump, "--absent", "ConnectionPool.checkout()"])
    #expect(result.status == 1)
    #expect(result.stdout.contains("FAIL absent ConnectionPool.checkout(): 2 threads in 1 group match"))
    #expect(result.stdout.contains("> ConnectionPool.checkout()"))
    let passing = try CLI.run(["check", dump, "--absent", "Connection.awaitReply()"])
    #expect(passing.status == 0)
  }

  @Test(arguments: [("orderserver.crash", "apple-crash"), ("orderserver.ips", "apple-ips")])
  func jsonOutputMarksTheCrashedThread(_ file: String, _ format: String) throws {
    let result = try CLI.run(["show", "--format", "json", CLI.sample("swift/apple/" + file)])
    #expect(result.status == 0)
    let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    let snapshot = (object?["snapshots"] as? [[String: Any]])?.first
    #expect(snapshot?["format"] as? String == format)
    #expect(snapshot?["total"] as? Int == 9)
    let groups = snapshot?["groups"] as? [[String: Any]] ?? []
    let crashed = groups.filter { $0["crashed"] as? Int == 1 }
    #expect(crashed.count == 1)
    #expect(
      (crashed.first?["site"] as? [String: Any])?["function"] as? String == "OrderValidator.validate(order:)")
    #expect(
      (crashed.first?["names"] as? [[String: Any]])?.first?["name"] as? String == "com.example.orders.ingest")
  }

  @Test func inputFormatNamesTheAppleFormats() throws {
    let text = try CLI.run([
      "show", "--input-format", "apple-crash", CLI.sample("swift/apple/orderserver.crash"),
    ])
    #expect(text.status == 0)
    let wrong = try CLI.run([
      "show", "--input-format", "apple-ips", CLI.sample("swift/apple/orderserver.crash"),
    ])
    #expect(wrong.status == 2)
    let help = try CLI.run(["show", "--help"])
    #expect(help.stdout.contains("apple-crash") && help.stdout.contains("apple-ips"))
  }

  /// An excerpt that starts mid-thread warns, and fails under `--strict`.
  @Test func anExcerptWarns() throws {
    let excerpt = CLI.sample("swift/apple/excerpt-mid-thread.txt")
    let result = try CLI.run(["show", excerpt])
    #expect(result.status == 0)
    #expect(result.stderr.contains("warning: 1 line not understood, first at \(excerpt):1"))
    #expect(try CLI.run(["show", "--strict", excerpt]).status == 2)
  }
}
