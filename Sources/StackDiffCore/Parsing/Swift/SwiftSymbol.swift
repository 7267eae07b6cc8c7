/// How Swift dumps spell functions, and the one spelling stackdiff groups by: the backtracer's
/// simplified names, without what changes between builds, tools or runs.
enum SwiftSymbol {
  /// The name to group by for a function `raw` as a dump printed it, in `image`:
  /// - mangled names are demangled (`demangle=no`, JSON `symbol`);
  /// - glibc's symbol versions and internal aliases go (`clock_nanosleep@@GLIBC_2.17`,
  ///   `__GI___libc_read` → `clock_nanosleep`, `read`), so the backtracer and lldb agree;
  /// - async resume partials and specializations name the function they belong to
  ///   (`(1) await resume partial function for f()`, `specialized f()` → `f()`).
  static func canonicalName(_ raw: String, image: String?) -> String {
    var name = SwiftDemangler.demangle(raw) ?? raw
    // `clock_nanosleep@@GLIBC_2.17`, `memcpy@GLIBC_2.2.5`: the symbol version.
    if let version = name.firstRange(of: "@GLIBC"), let at = name[..<version.upperBound].firstIndex(of: "@") {
      name = String(name[..<at])
    }
    if SwiftImages.isGlibc(image) || (image == nil && raw.contains("@GLIBC")) {
      name = glibcPublicName(name)
    }
    return strippingWrappers(name)
  }

  /// `__GI___libc_read` → `read`, `___pthread_cond_wait` → `pthread_cond_wait`: what the program
  /// called, not glibc's internal alias. `__libc_start_main` keeps its name.
  static func glibcPublicName(_ name: String) -> String {
    var rest = Substring(name)
    if rest.hasPrefix("__GI_") { rest = rest.dropFirst(5) }
    while rest.hasPrefix("_") { rest = rest.dropFirst() }
    if rest.hasPrefix("libc_") && !rest.hasPrefix("libc_start") { rest = rest.dropFirst(5) }
    return rest.isEmpty ? name : String(rest)
  }

  /// Drops, repeatedly, the prefixes that name a piece of a function rather than another one.
  static func strippingWrappers(_ name: String) -> String {
    var rest = Substring(name)
    while true {
      if let after = droppingResumePartial(rest) {
        rest = after
      } else if rest.hasPrefix("specialized ") {
        rest = rest.dropFirst("specialized ".count)
      } else if rest.hasPrefix("merged ") {
        rest = rest.dropFirst("merged ".count)
      } else if let after = droppingSpecialization(rest) {
        rest = after
      } else {
        return rest.isEmpty ? name : String(rest)
      }
    }
  }

  /// `(1) await resume partial function for `, `suspend resume partial function for `, …
  private static func droppingResumePartial(_ name: Substring) -> Substring? {
    var rest = name
    if rest.hasPrefix("(") {
      let digits = rest.dropFirst().prefix { $0.isASCII && $0.isNumber }
      guard !digits.isEmpty, rest.dropFirst(1 + digits.count).hasPrefix(") ") else { return nil }
      rest = rest.dropFirst(digits.count + 3)
    }
    for prefix in [
      "await resume partial function for ", "suspend resume partial function for ",
      "resume partial function for ",
    ] where rest.hasPrefix(prefix) {
      return rest.dropFirst(prefix.count)
    }
    return nil
  }

  /// `generic specialization <Swift.Int> of `, `function signature specialization <Arg[0] = …> of `.
  private static func droppingSpecialization(_ name: Substring) -> Substring? {
    guard
      name.hasPrefix("generic specialization <") || name.hasPrefix("function signature specialization <")
        || name.hasPrefix("generic partial specialization <")
    else { return nil }
    var depth = 0
    var index = name.startIndex
    while index < name.endIndex {
      switch name[index] {
      case "<": depth += 1
      case ">":
        depth -= 1
        if depth == 0 {
          let after = name[name.index(after: index)...]
          return after.hasPrefix(" of ") ? after.dropFirst(4) : nil
        }
      default: break
      }
      index = name.index(after: index)
    }
    return nil
  }

  /// Compiler-made glue around a call, which some dumps print and others do not: thunks,
  /// partial applies, protocol witnesses.
  /// A Swift (`$s…`, `_T0…`) or C++ (`_Z…`) mangled name, as `demangle=no`, JSON `symbol`s and
  /// native traces print them: kept beside the demangled name as `Frame.rawName`.
  static func looksMangled(_ symbol: ByteSlice) -> Bool {
    manglingPrefixes.contains { symbol.hasPrefix($0) }
  }

  static func looksMangled(_ symbol: String) -> Bool {
    manglingPrefixes.contains {
      symbol.utf8.starts(with: UnsafeBufferPointer(start: $0.utf8Start, count: $0.utf8CodeUnitCount))
    }
  }

  private static let manglingPrefixes: [StaticString] = ["$s", "$S", "$e", "_$s", "_$S", "_$e", "_T0", "_Z"]

  /// A frame without a symbol (Apple's `0x1004a6a1c 0x10049c000 + 43548`, coredump's
  /// `n/a (libfoo.so + 0x1105)`) is named by its image and its offset in that image, in hex:
  /// `OrderServer+0xaa1c`, `libfoo.so+0x1105`. The address changes from run to run (ASLR) and
  /// the frame number from thread to thread, but the offset is the same for one instruction of
  /// one build, so the same unsymbolicated call in two threads or two runs is one frame.
  static func unsymbolicatedFunction(image: String, offset: UInt64) -> String {
    image + "+0x" + String(offset, radix: 16)
  }

  /// The same name, written into `buffer`, for parsers that read bytes.
  static func appendUnsymbolicatedFunction(image: ByteSlice, offset: UInt64, to buffer: ScratchBuffer) {
    buffer.append(image)
    buffer.append(UInt8(ascii: "+"))
    buffer.append(UInt8(ascii: "0"))
    buffer.append(UInt8(ascii: "x"))
    var shift = 60
    while shift > 0 && (offset >> UInt64(shift)) & 0xF == 0 { shift -= 4 }
    while shift >= 0 {
      let digit = UInt8(truncatingIfNeeded: (offset >> UInt64(shift)) & 0xF)
      buffer.append(digit < 10 ? 0x30 + digit : 0x61 + digit - 10)
      shift -= 4
    }
  }

  static func isGlue(_ name: String) -> Bool {
    name.hasPrefix("thunk for ") || name.hasPrefix("partial apply for ")
      || name.hasPrefix("partial apply forwarder")
      || name.hasPrefix("reabstraction thunk") || name.hasPrefix("protocol witness for ")
      || name.hasPrefix("dispatch thunk of ") || name.hasPrefix("@objc ") || name.contains(" thunk helper ")
  }

  /// `read(fd=3, buf=0x…, nbytes=64)` style names are C: a name made only of these.
  static func isCIdentifierCharacter(_ character: Character) -> Bool {
    character == "_" || (character.isASCII && (character.isLetter || character.isNumber))
  }
}
