#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Gives every distinct frame of a dump one small integer id, creating its `Frame` value once
/// and asking the dialect for its verdicts (origin, hidden) once.
///
/// A frame's identity is its function, file and line (and its argument text when grouping
/// exactly, its image and flags where the format prints them). The parser copies the pieces
/// into a scratch key as the lines of a frame go by.
///
/// It also remembers, for each frame, the frame that followed it last time and the text of its
/// location line: goroutines of one group repeat the same lines, so the parser can confirm a
/// guessed frame with two byte comparisons instead of parsing and hashing. The text is kept from
/// a frame's second sighting on: in a dump of many distinct stacks most frames are seen once,
/// and keeping every one's text would be a third copy of it.
final class FrameInterner {
  // One parse, one thread: the `@exclusivity(unchecked)` fields skip runtime exclusivity
  // checks, which would cost more than the parsing itself (README, Performance).
  let dialect: any LanguageDialect
  private let table = ByteKeyTable(capacity: 4096)
  /// File names, one string each, shared by the frames that repeat them.
  private let strings = StringInterner()
  /// `successors[id + 1]`: the frame that followed `id` last time (`successors[0]`: the top frame).
  @exclusivity(unchecked) private var successors: [Int32] = [-1]
  @exclusivity(unchecked) private var functionLengths: [Int32] = []
  private let locationTexts = ByteArena()
  /// Per id: the index of its location text in `locationTexts`, or -1 while it has none.
  @exclusivity(unchecked) private var locationIndices: [Int32] = []
  @exclusivity(unchecked) private(set) var frames: [Frame] = []
  /// Per id: `Frame.isHidden`, for the aggregator's hot loop.
  @exclusivity(unchecked) private(set) var hidden: [Bool] = []
  /// Per id: the dialect's stack root (`runtime.goexit`), which ends every full traceback.
  @exclusivity(unchecked) private(set) var isStackRoot: [Bool] = []
  @exclusivity(unchecked) private var wrapperVerdicts: [Int64: Bool] = [:]
  /// What the frames so far revealed about the program (GOROOT, the main image).
  @exclusivity(unchecked) private(set) var layout = ProgramLayout()

  init(dialect: any LanguageDialect) {
    self.dialect = dialect
  }

  var count: Int { frames.count }

  /// The frame that followed `previous` last time (-1: none known); `previous` -1 is the top.
  @inline(__always)
  func successor(of previous: Int32) -> Int32 { successors[Int(previous) + 1] }

  /// The function name of frame `id`, valid until the next insertion.
  @inline(__always)
  func functionName(_ id: Int32) -> ByteSlice { table.key(id).prefix(Int(functionLengths[Int(id)])) }

  /// A location line (indentation removed) seen with frame `id`; empty until the frame was
  /// seen twice.
  @inline(__always)
  func locationText(_ id: Int32) -> ByteSlice {
    let index = locationIndices[Int(id)]
    return index < 0 ? ByteSlice(base: ByteSlice.emptyBase, count: 0) : locationTexts.slice(Int(index))
  }

  /// Keeps `text` for a frame seen again that has none yet.
  @inline(__always)
  private func keepLocationText(_ text: ByteSlice, of id: Int32) {
    guard locationIndices[Int(id)] < 0, text.count > 0 else { return }
    locationIndices[Int(id)] = Int32(locationTexts.count)
    locationTexts.append(text)
  }

  /// Interns a frame that comes after `previous` in a stack (-1 at the top) and remembers the
  /// succession; `locationText` is stored with frames seen for the first time.
  @inline(__always)
  func intern(_ key: FrameKey, after previous: Int32, locationText: ByteSlice) -> Int32 {
    let guess = successors[Int(previous) + 1]
    if guess >= 0 {
      // The guessed frame at another location text (an inlined call has no `+0x` offset).
      let known = table.key(guess)
      let bytes = key.bytes
      if known.equals(bytes) {
        keepLocationText(locationText, of: guess)
        return guess
      }
    }
    let id = intern(key, locationText: locationText)
    successors[Int(previous) + 1] = id
    return id
  }

  /// Interns a frame whose key was built by `FrameKey`.
  func intern(_ key: FrameKey, locationText: ByteSlice = ByteSlice(base: ByteSlice.emptyBase, count: 0))
    -> Int32
  {
    let (id, isNew) = table.intern(key.bytes)
    if isNew {
      successors.append(-1)
      functionLengths.append(Int32(key.functionLength))
      locationIndices.append(-1)
      var frame = key.makeFrame(strings: strings)
      if dialect.learn(from: frame, into: &layout) { reclassify() }
      dialect.classify(&frame, in: layout)
      frames.append(frame)
      hidden.append(frame.isHidden)
      isStackRoot.append(dialect.isStackRoot(frame))
    } else {
      keepLocationText(locationText, of: id)
    }
    return id
  }

  /// A dump ended: the next one (in the same log) learns its own layout. Frames read before keep
  /// their verdicts until it reveals something, except where a main image decided them: the
  /// next dump may be of another program.
  func forgetLayout() {
    let hadMainImage = layout.mainImage != nil
    layout = ProgramLayout()
    if hadMainImage { reclassify() }
  }

  /// The dump names the program's executable (an Apple crash report's `Process:`): frames in
  /// other images are not user code. Frames read before are classified again.
  func learn(mainImage: String) {
    guard layout.mainImage != mainImage else { return }
    layout.mainImage = mainImage
    reclassify()
  }

  /// The layout changed: earlier verdicts may be wrong now.
  private func reclassify() {
    for index in frames.indices {
      dialect.classify(&frames[index], in: layout)
      hidden[index] = frames[index].isHidden
    }
  }

  /// Whether `frame`, at the bottom of a full traceback of a trace created by `creator`, is the
  /// compiler's wrapper for the statement that started it (see `LanguageDialect.isSpawnWrapper`).
  func isSpawnWrapper(_ frame: Int32, creator: Int32) -> Bool {
    let key = Int64(frame) << 32 | Int64(creator)
    if let verdict = wrapperVerdicts[key] { return verdict }
    let verdict = dialect.isSpawnWrapper(frames[Int(frame)], creator: frames[Int(creator)])
    wrapperVerdicts[key] = verdict
    return verdict
  }
}
