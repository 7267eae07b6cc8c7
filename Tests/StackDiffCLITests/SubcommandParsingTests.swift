import Testing

/// A command line that names its subcommand is parsed by that subcommand alone (a third of
/// the start-up time saved); whatever that parse does not take as it is must come out as the
/// full parse gives it: usage lines that name `stackdiff`, and `help` as a file.
@Suite struct SubcommandParsingTests {
  @Test func aParsedSubcommandRunsWithItsOptions() throws {
    let dump = CLI.sample("go/prodcons/prodcons-after.txt")
    let result = try CLI.run(["show", "--format", "json", "--group-by", "functions", dump])
    #expect(result.status == 0)
    #expect(result.stdout.hasPrefix("{\"schemaVersion\":1,"))
    #expect(result.stdout.contains("\"total\":22"))
  }

  @Test func usageErrorsNameTheWholeCommand() throws {
    let result = try CLI.run(["show", "--no-such-option", CLI.sample("go/prodcons/prodcons-after.txt")])
    #expect(result.status == 64)
    #expect(
      result.stderr
        == """
        Error: Unknown option '--no-such-option'
        Usage: stackdiff show [<options>] [<files> ...]
          See 'stackdiff show --help' for more information.

        """)
  }

  @Test func helpNamesTheWholeCommand() throws {
    let result = try CLI.run(["diff", "--help"])
    #expect(result.status == 0)
    #expect(result.stdout.contains("USAGE: stackdiff diff "))
  }

  /// Parsed alone, `show help` would be the subcommand's own help command; in the full parse
  /// it is a file name.
  @Test func helpAfterASubcommandIsAFile() throws {
    let result = try CLI.run(["show", "help"])
    #expect(result.status == 2)
    #expect(result.stderr == "stackdiff: error: help: no such file\n")
  }
}
