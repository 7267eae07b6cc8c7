import Testing

/// The verdict rules end to end, on the captured services: gates that pass on a healthy
/// service, fail once per leaking site, and annotate repository paths.
@Suite struct VerdictCommandTests {
  static func service(_ file: String) -> String { CLI.sample("go/services/" + file) }

  @Test func healthyServiceStatesShiftingPassTheGrowthGate() throws {
    let result = try CLI.run([
      "check", Self.service("healthy/idle-2.txt"), "--baseline", Self.service("healthy/idle-1.txt"),
      "--max-growth", "0", "--max-new-groups", "0",
    ])
    #expect(result.status == 0)
    #expect(result.stdout.contains("PASS max-growth 0: largest growth 0, at most +0 allowed\n"))
    #expect(
      result.stdout.contains(
        "moved between states, not growth:\n  4 moved from sleep at main.go:42 in (*pool).worker to chan receive at main.go:40 in (*pool).worker\n"
      ))
    let junit = try CLI.run([
      "check", Self.service("healthy/idle-2.txt"), "--baseline", Self.service("healthy/idle-1.txt"),
      "--max-growth", "0", "--format", "junit",
    ])
    #expect(junit.status == 0)
    #expect(junit.stdout.contains("<system-out>moved between states, not growth:\n4 moved from sleep"))
    let json = try CLI.run([
      "check", Self.service("healthy/idle-2.txt"), "--baseline", Self.service("healthy/idle-1.txt"),
      "--max-growth", "0", "--format", "json",
    ])
    #expect(json.stdout.contains(#""stateShifts":[{"count":4,"message":"4 moved from sleep"#))
    let diff = try CLI.run([
      "diff", "--fail-on-suspect", Self.service("healthy/load-1.txt"), Self.service("healthy/load-2.txt"),
    ])
    #expect(diff.status == 0)
    #expect(diff.stdout.contains("\nno group grew by 1 or more\n"))
    #expect(diff.stdout.contains("\n  1 moved from runnable to IO wait at main.go:121 in main\n"))
  }

  @Test func aLeakThroughThreeRoutesIsOneAnnotationAtTheRepositoryPath() throws {
    // Captured in /work/wt-services; --path-prefix maps that build directory to the repository.
    let result = try CLI.run(
      [
        "check", Self.service("hub/after.txt"), "--baseline", Self.service("hub/before.txt"), "--max-growth",
        "0", "--format", "github", "--path-prefix", "/work/wt-services/=",
      ], currentDirectory: "/")
    #expect(result.status == 1)
    let lines = result.stdout.split(separator: "\n")
    #expect(lines.count == 1)
    #expect(
      lines.first?.hasPrefix(
        "::error file=SampleDumps/generators/go/services/hub/hub.go,line=29,title=stackdiff check max-growth 0::"
      )
        == true)
    #expect(
      lines.first?.hasSuffix(
        " +108 goroutines in chan receive at /work/wt-services/SampleDumps/generators/go/services/hub/hub.go:29 in (*Hub).wait, across 3 stacks"
      ) == true)
    let diff = try CLI.run([
      "diff", "--fail-on-suspect", Self.service("hub/before.txt"), Self.service("hub/after.txt"),
    ])
    #expect(diff.status == 1)
    #expect(diff.stdout.components(separatedBy: "\nsuspect: ").count == 2)
  }

  @Test func trimpathModulePathsMapThroughGoMod() throws {
    let args = [
      "check", Self.service("slow-downstream/after.txt"), "--baseline",
      Self.service("slow-downstream/before.txt"),
      "--max-growth", "0", "--format", "github",
    ]
    // From the module's directory, ./go.mod says `module example.com/slow-downstream`.
    let inModule = try CLI.run(
      args, currentDirectory: CLI.packageRoot + "/SampleDumps/generators/go/services/slow-downstream")
    let lines = inModule.stdout.split(separator: "\n")
    #expect(lines.count == 3)
    #expect(lines.first?.hasPrefix("::error file=main.go,line=48,") == true)
    // The transport's goroutines have no user frame: annotated, but never at a GOROOT file.
    #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("::error title=") })
    // Elsewhere, --module names the checkout directory of the module.
    let mapped = try CLI.run(
      args + ["--module", "example.com/slow-downstream=SampleDumps/generators/go/services/slow-downstream"],
      currentDirectory: "/")
    #expect(
      mapped.stdout.hasPrefix(
        "::error file=SampleDumps/generators/go/services/slow-downstream/main.go,line=48,"))
    let bad = try CLI.run(args + ["--path-prefix", "no-equals-sign"])
    #expect(bad.status == 64)
  }
}
