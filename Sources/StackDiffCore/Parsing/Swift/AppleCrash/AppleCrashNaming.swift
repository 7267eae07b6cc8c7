/// What both forms of an Apple crash report agree to call a frame without a symbol and a
/// thread, so that the text and the JSON of one crash give the same groups.
enum AppleCrashNaming {
  /// A frame without a symbol (`0x1004a6a1c 0x10049c000 + 43548` in text, no `symbol` in JSON)
  /// is named by its image and its offset in that image, in hex: `OrderServer+0xaa1c`. The
  /// address changes from run to run (ASLR) and the frame number from thread to thread, but the
  /// offset is the same for one instruction of one build, so the same unsymbolicated call in
  /// two threads or two runs is one frame.
  static func unsymbolicatedFunction(image: String, offset: UInt64) -> String {
    image + "+0x" + String(offset, radix: 16)
  }

  /// The same name, written into `buffer` after `image`'s bytes, for the text parser.
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

  /// A thread's name: the name the program gave it (`NIO-ELT-0-#0`), else the Dispatch queue it
  /// was running (`com.apple.main-thread`); nil when it has neither.
  static func threadName(name: String?, queue: String?) -> String? {
    if let name, !name.isEmpty { return name }
    if let queue, !queue.isEmpty { return queue }
    return nil
  }
}
