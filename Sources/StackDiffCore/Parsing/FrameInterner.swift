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
/// It also remembers, for each frame, the frame that followed it last time, and the bytes of its
/// key and its location line: goroutines of one group repeat the same lines, so the parser can
/// confirm a guessed frame with two byte comparisons instead of parsing and hashing. Those bytes
/// are kept from a frame's second sighting on: in a dump of many distinct stacks most frames are
/// seen once, and keeping each one's bytes beside its `Frame` would hold its text twice. Until
/// then a key is compared with the frame's own strings.
final class FrameInterner {
  // One parse, one thread: the `@exclusivity(unchecked)` fields skip runtime exclusivity
  // checks, which would cost more than the parsing itself (README, Performance).
  let dialect: any LanguageDialect
  private let index = HashIndex(capacity: 4096)
  /// The hashes of every frame's key: a key it has not seen is new without a lookup in `index`.
  @exclusivity(unchecked) private var seen = PresenceFilter()
  /// File names, one string each, shared by the frames that repeat them.
  private let strings = StringInterner()
  /// `successors[id + 1]`: the frame that followed `id` last time (`successors[0]`: the top frame).
  @exclusivity(unchecked) private var successors: [Int32] = [-1]
  @exclusivity(unchecked) private var functionLengths: [Int32] = []
  private let keys = ByteArena()
  /// Per id: the index of its key bytes in `keys`, or -1 while it has none.
  @exclusivity(unchecked) private var keyIndices: [Int32] = []
  /// Per id: whether it has key bytes and a name that a line shows as it is
  /// (`LanguageDialect.showsAsIs`): a guess compares a line's bytes with the name.
  @exclusivity(unchecked) private var guessable: [Bool] = []
  private let locationTexts = ByteArena()
  /// Per id: the index of its location text in `locationTexts`, or -1 while it has none.
  @exclusivity(unchecked) private var locationIndices: [Int32] = []
  @exclusivity(unchecked) private(set) var frames: [Frame] = []
  /// Per id: `Frame.isHidden`, for the aggregator's hot loop.
  @exclusivity(unchecked) private var hiddenByID: [Bool] = []
  /// Per id: the dialect's stack root (`runtime.goexit`), which ends every full traceback.
  @exclusivity(unchecked) private var stackRootByID: [Bool] = []
  @exclusivity(unchecked) private var wrapperVerdicts: [Int64: Bool] = [:]
  /// What the frames so far revealed about the program (GOROOT, the main image).
  @exclusivity(unchecked) private(set) var layout = ProgramLayout()

  init(dialect: any LanguageDialect) {
    self.dialect = dialect
  }

  var count: Int { frames.count }

  /// `Frame.isHidden` of frame `id`. Read in place: the aggregator asks once per frame of
  /// every trace, and a copy of the array would touch its reference count each time.
  @inline(__always)
  func isHidden(_ id: Int32) -> Bool { hiddenByID[Int(id)] }

  /// Whether frame `id` is the dialect's stack root (`runtime.goexit`), which ends every full
  /// traceback.
  @inline(__always)
  func isStackRoot(_ id: Int32) -> Bool { stackRootByID[Int(id)] }

  /// The frame that followed `previous` last time, when it was seen twice and so has its key
  /// bytes (-1: none); `previous` -1 is the top.
  @inline(__always)
  func successor(of previous: Int32) -> Int32 {
    let id = successors[Int(previous) + 1]
    return id >= 0 && guessable[Int(id)] ? id : -1
  }

  /// `id` follows `previous` from now on, as a guess found another way showed.
  @inline(__always)
  func follow(_ previous: Int32, with id: Int32) { successors[Int(previous) + 1] = id }

  /// Whether frame `id` was seen twice and so keeps its key bytes, and its name can be compared
  /// with a line's bytes: only such a frame can be guessed.
  @inline(__always)
  func isGuessable(_ id: Int32) -> Bool { guessable[Int(id)] }

  /// The function name of frame `id`, a guessable one; valid until the next insertion.
  @inline(__always)
  func functionName(_ id: Int32) -> ByteSlice { storedKey(id).prefix(Int(functionLengths[Int(id)])) }

  /// The key bytes of frame `id`; empty until the frame was seen twice.
  @inline(__always)
  private func storedKey(_ id: Int32) -> ByteSlice {
    let index = keyIndices[Int(id)]
    return index < 0 ? ByteSlice(base: ByteSlice.emptyBase, count: 0) : keys.slice(Int(index))
  }

  /// Keeps the key bytes of a frame seen again that has none yet.
  @inline(__always)
  private func keepKey(_ bytes: ByteSlice, of id: Int32) {
    guard keyIndices[Int(id)] < 0 else { return }
    keyIndices[Int(id)] = Int32(keys.count)
    keys.append(bytes)
    guessable[Int(id)] = dialect.showsAsIs(functionName: bytes.prefix(Int(functionLengths[Int(id)])))
  }

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
    let guess = successor(of: previous)
    if guess >= 0 {
      // The guessed frame at another location text (an inlined call has no `+0x` offset).
      if storedKey(guess).equals(key.bytes) {
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
    let bytes = key.bytes
    let hash = ByteKeyTable.hash(bytes)
    let id: Int32
    if seen.mayContain(hash) {
      let found = index.find(hash) { id in
        let stored = keyIndices[Int(id)]
        return stored >= 0 ? keys.slice(Int(stored)).equals(bytes) : key.matches(frames[Int(id)])
      }
      if found.id >= 0 {
        keepKey(bytes, of: found.id)
        keepLocationText(locationText, of: found.id)
        return found.id
      }
      id = index.insert(hash, at: found.slot)
    } else {
      // Certainly new: its slot is found later, with others.
      id = index.addUnplaced(hash)
    }
    seen.add(hash) { self.index.hash(of: Int32($0)) }
    successors.append(-1)
    functionLengths.append(Int32(key.functionLength))
    keyIndices.append(-1)
    guessable.append(false)
    locationIndices.append(-1)
    var frame = key.makeFrame(strings: strings)
    // Bytes that are not UTF-8 were replaced in the frame's strings: only the key tells. ASCII
    // bytes are UTF-8 as they are, which saves comparing nearly every new frame with its key.
    if !frame.isASCII && !key.matches(frame) { keepKey(bytes, of: id) }
    if dialect.learn(from: frame, into: &layout) { reclassify() }
    dialect.classify(&frame, in: layout)
    hiddenByID.append(frame.isHidden)
    stackRootByID.append(dialect.isStackRoot(frame))
    // Moved into the array: a copy retains and releases each of its strings.
    frames.append(consume frame)
    return id
  }

  /// The input ended: from now on frames are only read (`frames`, `isHidden`, `isStackRoot`), to
  /// build groups. The tables that find and guess frames are given back first, so that a dump
  /// of many distinct stacks does not hold them while its groups are made. Nothing may be
  /// interned afterwards: it would not find the frames seen before.
  func endInterning() {
    index.removeAll()
    seen = PresenceFilter()
    keys.removeAll()
    locationTexts.removeAll()
    successors = [-1]
    functionLengths = []
    keyIndices = []
    guessable = []
    locationIndices = []
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
      hiddenByID[index] = frames[index].isHidden
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
