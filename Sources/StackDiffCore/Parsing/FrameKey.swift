/// Builds the byte key of one frame: function, optionally arguments, file, line, flags, and the
/// image of formats that print one.
///
/// The key ends with the length of each field, so that two keys have the same bytes exactly
/// when their fields are equal: the interner compares a key either with stored key bytes or with
/// the fields of the `Frame` it made (`matches`), and both must agree.
final class FrameKey {
  // One parse, one thread: the `@exclusivity(unchecked)` fields skip runtime exclusivity
  // checks, which would cost more than the parsing itself (README, Performance).
  private let buffer = ScratchBuffer(capacity: 512)
  @exclusivity(unchecked) private(set) var functionLength = 0
  @exclusivity(unchecked) private var argumentsLength = -1
  @exclusivity(unchecked) private var fileLength = 0
  @exclusivity(unchecked) private var line = 0
  @exclusivity(unchecked) private var imageLength = -1
  @exclusivity(unchecked) private var flags = FrameFlags()
  /// The mangled name the dump printed, set after `begin`; kept by the frame, not in its key.
  @exclusivity(unchecked) var rawName: ByteSlice?
  /// A frame held as strings keeps its raw name as one (`set(_:)`).
  private var rawNameText: String?

  var bytes: ByteSlice { buffer.slice }

  /// Builds the key of a frame that is already held as strings (profiles).
  func set(_ frame: Frame) {
    var function = frame.function
    var file = frame.file
    function.withUTF8 { functionBytes in
      file.withUTF8 { fileBytes in
        begin(function: ByteSlice(UnsafeRawBufferPointer(functionBytes)), arguments: nil)
        complete(file: ByteSlice(UnsafeRawBufferPointer(fileBytes)), line: frame.line)
      }
    }
    if var image = frame.image {
      image.withUTF8 { add(image: ByteSlice(UnsafeRawBufferPointer($0)), flags: frame.flags) }
    } else if !frame.flags.isEmpty {
      add(image: nil, flags: frame.flags)
    }
    rawNameText = frame.rawName
  }

  /// Starts a frame from its call line. `arguments` is nil unless grouping exactly.
  func begin(function: ByteSlice, arguments: ByteSlice?) {
    rawName = nil
    rawNameText = nil
    buffer.removeAll()
    buffer.append(function)
    functionLength = function.count
    if let arguments {
      buffer.append(0)
      buffer.append(arguments)
      argumentsLength = arguments.count
    } else {
      argumentsLength = -1
    }
  }

  /// Completes the frame with its location line (empty file and 0 when it was missing).
  func complete(file: ByteSlice, line: Int) {
    // As a `Frame` holds it, so that a key and its frame agree.
    let line = Int(Int32(clamping: line))
    buffer.truncate(to: functionLength + (argumentsLength >= 0 ? argumentsLength + 1 : 0))
    buffer.append(0)
    buffer.append(file)
    buffer.append(raw: Int64(line))
    fileLength = file.count
    self.line = line
    imageLength = -1
    flags = []
    appendFlagsAndLengths()
  }

  /// Sets the image and flags, after `complete`, for formats that print them. An empty image is
  /// none: the frame is the same whether the dump printed an empty name or left it out.
  func add(image: ByteSlice?, flags: FrameFlags) {
    buffer.truncate(to: flagsOffset)
    self.flags = flags
    imageLength = -1
    if let image, !image.isEmpty {
      imageLength = image.count
    }
    appendFlagsAndLengths(image: image)
  }

  /// Where the flags byte is: after the function, arguments, file and line.
  private var flagsOffset: Int {
    functionLength + (argumentsLength >= 0 ? argumentsLength + 1 : 0) + 1 + fileLength + 8
  }

  private func appendFlagsAndLengths(image: ByteSlice? = nil) {
    buffer.append(flags.rawValue)
    if let image, imageLength >= 0 { buffer.append(image) }
    buffer.append(raw: Int32(truncatingIfNeeded: functionLength))
    buffer.append(raw: Int32(truncatingIfNeeded: argumentsLength))
    buffer.append(raw: Int32(truncatingIfNeeded: fileLength))
    buffer.append(raw: Int32(truncatingIfNeeded: imageLength))
  }

  /// Whether `frame` has this key: what `makeFrame` would make, compared in place.
  func matches(_ frame: Frame) -> Bool {
    guard frame.line == line, frame.flags == flags else { return false }
    let all = buffer.slice
    guard all.prefix(functionLength).equals(frame.function) else { return false }
    var offset = functionLength
    if argumentsLength >= 0 {
      guard all[(offset + 1)..<(offset + 1 + argumentsLength)].equals(frame.arguments) else { return false }
      offset += 1 + argumentsLength
    } else if frame.arguments != nil {
      return false
    }
    guard all[(offset + 1)..<(offset + 1 + fileLength)].equals(frame.file) else { return false }
    guard imageLength >= 0 else { return frame.image == nil }
    let imageStart = offset + 1 + fileLength + 8 + 1
    return all[imageStart..<(imageStart + imageLength)].equals(frame.image)
  }

  /// The frame, its file name shared through `strings` when given (a file holds many frames;
  /// a function name, at most a few, is not worth the lookup).
  func makeFrame(strings: StringInterner? = nil) -> Frame {
    let all = buffer.slice
    let function = all.prefix(functionLength).string
    var offset = functionLength
    var arguments: String?
    if argumentsLength >= 0 {
      arguments = all[(offset + 1)..<(offset + 1 + argumentsLength)].string
      offset += 1 + argumentsLength
    }
    let fileBytes = all[(offset + 1)..<(offset + 1 + fileLength)]
    let file = strings?.string(fileBytes) ?? fileBytes.string
    var image: String?
    var imageBytes = ByteSlice(base: ByteSlice.emptyBase, count: 0)
    if imageLength >= 0 {
      let imageStart = offset + 1 + fileLength + 8 + 1
      imageBytes = all[imageStart..<(imageStart + imageLength)]
      image = imageBytes.string
    }
    // Function, arguments and file lie before the line number: one scan of their bytes.
    let isASCII = all.prefix(offset + 1 + fileLength).isASCII && imageBytes.isASCII
    return Frame(
      function: function, file: file, line: line, arguments: arguments, image: image, flags: flags,
      origin: .user,
      isHidden: false, rawName: rawNameText ?? rawName?.string, isASCII: isASCII)
  }
}
