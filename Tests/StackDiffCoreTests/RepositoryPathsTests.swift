import Testing

@testable import StackDiffCore

/// Annotation paths: a dump's file paths mapped into the repository, or left out.
@Suite struct RepositoryPathsTests {
  @Test func buildPrefixIsReplaced() {
    let paths = RepositoryPaths(
      prefixes: [
        RepositoryPaths.Rule(from: "/build/src/", to: ""), RepositoryPaths.Rule(from: "/ci/x", to: "svc"),
      ])
    #expect(paths.repositoryPath(of: "/build/src/server/server.go") == "server/server.go")
    #expect(paths.repositoryPath(of: "/ci/x/main.go") == "svc/main.go")
    // A prefix matches at a path boundary only.
    let partial = RepositoryPaths(prefixes: [RepositoryPaths.Rule(from: "/work/wt-serv", to: "x")])
    #expect(partial.repositoryPath(of: "/work/wt-services/main.go") == nil)
    #expect(partial.repositoryPath(of: "/work/wt-serv/main.go") == "x/main.go")
    // The first matching rule wins; outside every rule and the working directory: no path.
    #expect(paths.repositoryPath(of: "/usr/lib/go-1.19/src/net/http/server.go") == nil)
  }

  @Test func modulePathsMapToTheCheckout() {
    let paths = RepositoryPaths(modules: [
      RepositoryPaths.Rule(from: "example.com/x", to: "."),
      RepositoryPaths.Rule(from: "example.com/x/tools", to: "third_party/tools"),
    ])
    #expect(paths.repositoryPath(of: "example.com/x/main.go") == "main.go")
    #expect(paths.repositoryPath(of: "example.com/x/tools/gen.go") == "third_party/tools/gen.go")
    // A module name that only starts the same is another module: no file of this checkout.
    #expect(paths.repositoryPath(of: "example.com/xy/main.go") == nil)
    #expect(paths.repositoryPath(of: "github.com/jackc/pgx/v5@v5.5.0/pgxpool/pool.go") == nil)
    // A trailing slash on the module is the same module.
    let slashed = RepositoryPaths(modules: [RepositoryPaths.Rule(from: "example.com/x/", to: "svc")])
    #expect(slashed.repositoryPath(of: "example.com/x/main.go") == "svc/main.go")
  }

  @Test func absolutePathsUnderTheWorkingDirectoryBecomeRelative() {
    let paths = RepositoryPaths(workingDirectory: "/home/ci/repo/")
    #expect(paths.repositoryPath(of: "/home/ci/repo/cmd/main.go") == "cmd/main.go")
    #expect(paths.repositoryPath(of: "/home/ci/repository/main.go") == nil)
    #expect(paths.repositoryPath(of: "") == nil)
  }

  @Test func rulesParseFromTheCommandLine() {
    #expect(RepositoryPaths.Rule(parsing: "/build/=.") == RepositoryPaths.Rule(from: "/build/", to: "."))
    #expect(RepositoryPaths.Rule(parsing: "/build/=") == RepositoryPaths.Rule(from: "/build/", to: ""))
    #expect(RepositoryPaths.Rule(parsing: "=x") == nil)
    #expect(RepositoryPaths.Rule(parsing: "nothing") == nil)
  }

  @Test func goModDeclaresTheModule() {
    #expect(
      RepositoryPaths.goModulePath(in: "// comment\nmodule example.com/hub\n\ngo 1.19\n") == "example.com/hub"
    )
    #expect(RepositoryPaths.goModulePath(in: "module \"example.com/q\" // quoted\n") == "example.com/q")
    #expect(RepositoryPaths.goModulePath(in: "modules example.com/no\n") == nil)
    #expect(RepositoryPaths.goModulePath(in: "go 1.19\n") == nil)
  }
}
