/// systemd-coredump's report of a crash on Linux, as `coredumpctl info` or the journal shows it:
/// header fields (`PID:`, `Signal:`, `Executable:`, …), then one `Stack trace of thread N:`
/// block of `#i  0xADDR symbol (image + 0xOFF)` rows per thread, the crashing thread first.
///
/// The shape is the same for any ELF program, C, C++, Rust or Swift, so it lives under
/// `Parsing/Native/`. Its frames are read with Swift's rules (`SwiftDialect`): they name images
/// (the C library and the Swift runtime are the runtime's, other shared libraries a library's,
/// the executable the user's), names are mangled (Swift or C++) and demangled the same way, and
/// a thread's state is what its innermost C library frame waits in.
struct CoredumpFormat: LineFormat {
  let format = DumpFormat(
    name: "coredump", dialect: SwiftDialect(traces: .threads),
    capabilities: FormatCapabilities(
      states: .printed, creators: .absent, depth: .whole, dumpTaker: .unknownPosition))

  func makeParser(builder: SnapshotBuilder, cursor: LineCursor) -> any LineParser {
    CoredumpParser(format: format, builder: builder, cursor: cursor)
  }

  let traceStartMarker: [UInt8]? = nil
}

extension DumpFormat {
  static let coredump = CoredumpFormat().format
}
