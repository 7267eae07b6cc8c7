import Foundation
import Testing

/// The commands on native crash traces, as a user runs them.
@Suite struct NativeTraceCommandTests {
  /// `--absent '_assertionFailure'` finds the frame the coredump printed mangled
  /// (`$ss17_assertionFailure…`), and so does the mangled name itself.
  @Test(arguments: ["_assertionFailure", "$ss17_assertionFailure", "_assertionFailure(_:_:file:line:flags:)"])
  func checkMatchesMangledFrames(_ pattern: String) throws {
    let dump = CLI.sample("swift/native/coredump.info.txt")
    let result = try CLI.run(["check", dump, "--absent", pattern, "--no-default-ignores"])
    #expect(result.status == 1)
    #expect(result.stdout.contains("FAIL absent \(pattern): 1 thread in 1 group match"))
    #expect(result.stdout.contains("_assertionFailure(_:_:file:line:flags:)"))
  }

  @Test func jsonKeepsTheRawName() throws {
    let result = try CLI.run(["show", "--format", "json", CLI.sample("swift/native/coredump.info.txt")])
    #expect(result.status == 0)
    #expect(result.stdout.contains(#""format":"coredump""#))
    #expect(
      result.stdout.contains(
        #""function":"_assertionFailure(_:_:file:line:flags:)","rawName":"$ss17_assertionFailure__4file4line5flagss5NeverOs12StaticStringV_SSAHSus6UInt32VtF""#
      ))
  }

  @Test func inputFormatNamesTheNewFormats() throws {
    for (format, file) in [
      ("coredump", "coredump.journal.txt"), ("llvm-stack-dump", "llvm.llc-without-symbols.transcribed.txt"),
      ("swift-backtrace-package", "current-stack-trace.swift63.txt"),
    ] {
      let result = try CLI.run(["show", "--input-format", format, CLI.sample("swift/native/" + file)])
      #expect(result.status == 0, "\(format)")
      #expect(result.stdout.contains(" · \(format) · "), "\(format)")
    }
  }
}
