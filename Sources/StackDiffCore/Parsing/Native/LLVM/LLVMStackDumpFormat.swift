/// The crash report of an LLVM-based tool (swift-frontend, clang, lldb, sourcekit-lsp…), printed
/// by LLVM's signal handler: `PLEASE submit a bug report…`, `Stack dump:` with the tool's
/// context (`0.	Program arguments: …`), then the crashing thread's stack, symbolized
/// (` #0 0x… fn (image+0x…)`), by dladdr (`0  swift-frontend 0x… fn + 39`) or by glibc
/// (`/usr/bin/swift-frontend(+0x72effe4)[0x…]`); older tools print the stack before `Stack dump:`.
///
/// Language-neutral, so under `Parsing/Native/`; read with `SwiftDialect` like the other native
/// traces (C++ names demangled by the C++ ABI, images classified by SwiftImages).
struct LLVMStackDumpFormat: LineFormat {
  let format = DumpFormat(
    name: "llvm-stack-dump", dialect: SwiftDialect(traces: .threads),
    capabilities: FormatCapabilities(
      states: .printed, creators: .absent, depth: .whole, dumpTaker: .unknownPosition))

  func makeParser(builder: SnapshotBuilder, cursor: LineCursor) -> any LineParser {
    LLVMStackDumpParser(format: format, builder: builder, cursor: cursor)
  }

  let traceStartMarker: [UInt8]? = nil
}

extension DumpFormat {
  static let llvmStackDump = LLVMStackDumpFormat().format
}
