import Testing

@testable import StackDiffCore

/// The hand-written JSON reader: exact values for what RFC 8259 allows, exact offsets for what it
/// does not, and no crash or hang on any input.
@Suite struct JSONReaderTests {
  // MARK: - Helpers

  /// `readDocument` on the UTF-8 of `text`, as a `Result` so that values and errors compare alike.
  static func document(_ text: String, maximumDepth: Int = 64) -> Result<JSONValue, JSONSyntaxError> {
    document(bytes: Array(text.utf8), maximumDepth: maximumDepth)
  }

  static func document(bytes: [UInt8], maximumDepth: Int = 64) -> Result<JSONValue, JSONSyntaxError> {
    bytes.withUnsafeBytes { buffer in
      Result { () throws(JSONSyntaxError) in try JSONReader.readDocument(buffer, maximumDepth: maximumDepth) }
    }
  }

  /// `readValue` on the UTF-8 of `text`, with the end offset it returns.
  static func value(_ text: String) -> Result<(JSONValue, Int), JSONSyntaxError> {
    value(bytes: Array(text.utf8))
  }

  static func value(bytes: [UInt8]) -> Result<(JSONValue, Int), JSONSyntaxError> {
    bytes.withUnsafeBytes { buffer in
      Result { () throws(JSONSyntaxError) in
        let read = try JSONReader.readValue(in: buffer)
        return (read.value, read.end)
      }
    }
  }

  static func failure(_ offset: Int, _ reason: String) -> Result<JSONValue, JSONSyntaxError> {
    .failure(JSONSyntaxError(offset: offset, reason: reason))
  }

  /// The string a one-string document reads as.
  static func string(_ json: String) -> String? {
    try? document(json).get().string
  }

  static func string(bytes: [UInt8]) -> String? {
    try? document(bytes: bytes).get().string
  }

  // MARK: - Structure

  @Test func objectsArraysAndNesting() {
    let json = #"{"a": [1, {"b": null}, []], "c": {"d": true, "e": false, "f": {}}, "g": "x"}"#
    let expected = JSONValue.object([
      JSONMember(
        key: "a",
        value: .array([.number("1"), .object([JSONMember(key: "b", value: .null)]), .array([])])),
      JSONMember(
        key: "c",
        value: .object([
          JSONMember(key: "d", value: .bool(true)), JSONMember(key: "e", value: .bool(false)),
          JSONMember(key: "f", value: .object([])),
        ])),
      JSONMember(key: "g", value: .string("x")),
    ])
    #expect(Self.document(json) == .success(expected))
    #expect(Self.document("[]") == .success(.array([])))
    #expect(Self.document("{}") == .success(.object([])))
    #expect(Self.document("[[[]]]") == .success(.array([.array([.array([])])])))
    #expect(Self.document("null") == .success(.null))
    #expect(Self.document(#""top""#) == .success(.string("top")))
  }

  @Test func membersKeepInputOrderAndTheFirstDuplicateWins() throws {
    let object = try Self.document(#"{"z": 1, "a": 2, "z": 3, "m": "s"}"#).get()
    guard case .object(let members) = object else {
      Issue.record("not an object: \(object)")
      return
    }
    #expect(members.map(\.key) == ["z", "a", "z", "m"])
    #expect(members.map(\.value) == [.number("1"), .number("2"), .number("3"), .string("s")])
    #expect(object["z"] == .number("1"))
    #expect(object["z"]?.int == 1)
    #expect(object["m"]?.string == "s")
    #expect(object["missing"] == nil)
    // Only objects have members.
    #expect(JSONValue.array([.string("z")])["z"] == nil)
    #expect(JSONValue.string("z")["z"] == nil)
  }

  @Test func accessorsAnswerOnlyForTheirOwnCase() {
    #expect(JSONValue.string("s").string == "s")
    #expect(JSONValue.number("5").string == nil)
    #expect(JSONValue.bool(false).bool == false)
    #expect(JSONValue.null.bool == nil)
    #expect(JSONValue.array([.null]).array == [.null])
    #expect(JSONValue.object([]).array == nil)
    #expect(JSONValue.string("5").int == nil)
  }

  // MARK: - Strings

  @Test func everyEscape() {
    #expect(Self.string(#""\"\\\/\b\f\n\r\t""#) == "\"\\/\u{08}\u{0C}\n\r\t")
    #expect(Self.string(#""\u0041\u00e9\u20AC\u0000""#) == "A\u{E9}\u{20AC}\u{0}")
    #expect(Self.string(#""before\nafter \"quoted\" end""#) == "before\nafter \"quoted\" end")
    #expect(Self.string(#""no escapes""#) == "no escapes")
    #expect(Self.string(#""""#) == "")
    // Raw non-ASCII text is kept, with and without escapes beside it.
    #expect(Self.string(#""é€😀""#) == "é€😀")
    #expect(Self.string(#""é\t€""#) == "é\t€")
  }

  @Test func surrogatePairsMakeOneCharacter() {
    #expect(Self.string(#""\ud83d\ude00""#) == "😀")
    #expect(Self.string(#""\uD834\uDD1E!""#) == "\u{1D11E}!")
    #expect(Self.string(#""a\uDBFF\uDFFFb""#) == "a\u{10FFFF}b")
  }

  @Test func loneSurrogatesBecomeReplacementCharacters() {
    #expect(Self.string(#""\ud83d""#) == "\u{FFFD}")
    #expect(Self.string(#""\ude00""#) == "\u{FFFD}")
    #expect(Self.string(#""\ud83dx""#) == "\u{FFFD}x")
    #expect(Self.string(#""\ud83d\u0041""#) == "\u{FFFD}A")
    #expect(Self.string(#""\ud83d\n""#) == "\u{FFFD}\n")
    // A second high surrogate starts the pair; the first stands alone.
    #expect(Self.string(#""\ud83d\ud83d\ude00""#) == "\u{FFFD}😀")
    // A low surrogate before a high one is no pair.
    #expect(Self.string(#""\ude00\ud83d""#) == "\u{FFFD}\u{FFFD}")
  }

  @Test func badEscapesAreErrorsAtTheirBackslash() {
    #expect(Self.document(#""ab\x""#) == Self.failure(3, "invalid escape"))
    #expect(Self.document(#""\u12G4""#) == Self.failure(1, "invalid \\u escape"))
    #expect(Self.document(#""\u12""#) == Self.failure(1, "invalid \\u escape"))
    // The bad half of a would-be pair is reported where it starts.
    #expect(Self.document(#""\ud83d\uZZZZ""#) == Self.failure(7, "invalid \\u escape"))
    #expect(Self.document(#""\"#) == Self.failure(0, "unterminated string"))
    #expect(Self.document(#""\u12"#) == Self.failure(0, "unterminated string"))
  }

  @Test func rawControlCharactersInStringsAreErrors() {
    #expect(Self.document("\"a\u{01}b\"") == Self.failure(2, "control character in string"))
    #expect(Self.document("\"a\tb\"") == Self.failure(2, "control character in string"))
    #expect(Self.document("[\"line\nbreak\"]") == Self.failure(6, "control character in string"))
    // Also after an escape, where the slower path reads.
    #expect(Self.document("\"\\n\u{1F}\"") == Self.failure(3, "control character in string"))
    // DEL and above are not control characters to JSON.
    #expect(Self.string("\"\u{7F}\"") == "\u{7F}")
  }

  @Test func invalidUTF8IsRepaired() {
    let quote = UInt8(ascii: "\"")
    #expect(Self.string(bytes: [quote, 0x61, 0xFF, 0x62, quote]) == "a\u{FFFD}b")
    // A sequence cut short, an overlong encoding, a stray continuation byte.
    #expect(Self.string(bytes: [quote, 0xE2, 0x82, quote]) == "\u{FFFD}")
    #expect(Self.string(bytes: [quote, 0xC0, 0xAF, quote]) == "\u{FFFD}\u{FFFD}")
    #expect(Self.string(bytes: [quote, 0x80, quote]) == "\u{FFFD}")
    // Beside an escape, which must not join a broken sequence into a character.
    #expect(
      Self.string(bytes: [quote, 0xFF, UInt8(ascii: "\\"), UInt8(ascii: "n"), quote]) == "\u{FFFD}\n")
    #expect(Self.string(bytes: [quote, 0xC3] + Array(#"\u00A9""#.utf8)) == "\u{FFFD}\u{A9}")
    // Object keys are repaired alike.
    let object = Self.document(bytes: [UInt8(ascii: "{"), quote, 0xFE, quote] + Array(#":1}"#.utf8))
    #expect(object == .success(.object([JSONMember(key: "\u{FFFD}", value: .number("1"))])))
  }

  // MARK: - Numbers

  @Test func validNumbersKeepTheirText() {
    let numbers = [
      "0", "-0", "12", "-12", "0.0117", "1e3", "1E+3", "1.5e-10", "-0.0", "10", "9007199254740993",
      "123456789012345678901234567890",
    ]
    for text in numbers {
      #expect(Self.document(text) == .success(.number(text)), "\(text)")
    }
    #expect(Self.document("[-1.25e+2,0]") == .success(.array([.number("-1.25e+2"), .number("0")])))
  }

  @Test func invalidNumbersAreErrorsAtTheBadByte() {
    #expect(Self.document("01") == Self.failure(1, "leading zero in number"))
    #expect(Self.document("-01") == Self.failure(2, "leading zero in number"))
    #expect(Self.document("1.") == Self.failure(2, "expected digit after '.'"))
    #expect(Self.document("1.e3") == Self.failure(2, "expected digit after '.'"))
    #expect(Self.document("-") == Self.failure(1, "expected digit after '-'"))
    #expect(Self.document("-a") == Self.failure(1, "expected digit after '-'"))
    #expect(Self.document("1e") == Self.failure(2, "expected digit in exponent"))
    #expect(Self.document("1e+") == Self.failure(3, "expected digit in exponent"))
    #expect(Self.document("[1.]") == Self.failure(3, "expected digit after '.'"))
    #expect(Self.document("+1") == Self.failure(0, "expected a value"))
    #expect(Self.document(".5") == Self.failure(0, "expected a value"))
    // A number ends where its grammar does; what follows belongs to the document.
    #expect(Self.document("1.5.3") == Self.failure(3, "unexpected data after value"))
  }

  @Test func intConversion() throws {
    func int(_ text: String) -> Int? { JSONValue.number(text).int }
    #expect(int("42") == 42)
    #expect(int("-12") == -12)
    #expect(int("0") == 0)
    #expect(int("-0") == 0)
    #expect(int("9223372036854775807") == Int.max)
    #expect(int("-9223372036854775808") == Int.min)
    // One past either end, and far past.
    #expect(int("9223372036854775808") == nil)
    #expect(int("-9223372036854775809") == nil)
    #expect(int("123456789012345678901234567890") == nil)
    // Fractions and exponents are not integers here, even when whole.
    #expect(int("1.0") == nil)
    #expect(int("1e3") == nil)
    #expect(int("-") == nil)
    #expect(int("") == nil)
    #expect(try Self.document(#"{"n": -7}"#).get()["n"]?.int == -7)
  }

  // MARK: - Whitespace, literals and structure errors

  @Test func whitespaceIsAllowedBetweenTokens() {
    let json = " \t\r\n{ \"a\" :\n[ 1 ,\t2 ] ,\r\n\"b\" : true } \n"
    let expected = JSONValue.object([
      JSONMember(key: "a", value: .array([.number("1"), .number("2")])),
      JSONMember(key: "b", value: .bool(true)),
    ])
    #expect(Self.document(json) == .success(expected))
    // Only the four JSON whitespace bytes count.
    #expect(Self.document("\u{0B}1") == Self.failure(0, "expected a value"))
    #expect(Self.document("[1,\u{0C}2]") == Self.failure(3, "expected a value"))
    #expect(Self.document("\u{A0}1") == Self.failure(0, "expected a value"))
  }

  @Test func literalsAndStructureErrorsHaveExactOffsets() {
    #expect(Self.document("") == Self.failure(0, "unexpected end of input"))
    #expect(Self.document("  \n") == Self.failure(3, "unexpected end of input"))
    #expect(Self.document("nul") == Self.failure(3, "unexpected end of input"))
    #expect(Self.document("nulx") == Self.failure(3, "invalid literal, expected 'null'"))
    #expect(Self.document("fals3") == Self.failure(4, "invalid literal, expected 'false'"))
    #expect(Self.document("True") == Self.failure(0, "expected a value"))
    #expect(Self.document(#"{"a" 1}"#) == Self.failure(5, "expected ':' after object key"))
    #expect(Self.document(#"{"a":1,}"#) == Self.failure(7, "expected string as object key"))
    #expect(Self.document(#"{1:2}"#) == Self.failure(1, "expected string as object key"))
    #expect(Self.document(#"{"a":1 "b":2}"#) == Self.failure(7, "expected ',' or '}' after object member"))
    #expect(Self.document("[1,]") == Self.failure(3, "expected a value"))
    #expect(Self.document("[1 2]") == Self.failure(3, "expected ',' or ']' after array element"))
    #expect(Self.document("[1}") == Self.failure(2, "expected ',' or ']' after array element"))
    #expect(Self.document("{]") == Self.failure(1, "expected string as object key"))
    #expect(Self.document("[,1]") == Self.failure(1, "expected a value"))
    #expect(Self.document(#""abc"#) == Self.failure(0, "unterminated string"))
    #expect(Self.document(#"["a", "b"#) == Self.failure(6, "unterminated string"))
    #expect(Self.document(#"{"a":"#) == Self.failure(5, "unexpected end of input"))
  }

  // MARK: - Where a value ends

  @Test func readValueStopsJustPastTheValue() throws {
    let cases: [(text: String, value: JSONValue, end: Int)] = [
      (#"{"a":1} trailing text"#, .object([JSONMember(key: "a", value: .number("1"))]), 7),
      ("  [1,2]xyz", .array([.number("1"), .number("2")]), 7),
      (#""str" rest"#, .string("str"), 5),
      ("123 abc", .number("123"), 3),
      ("-4.5e1}", .number("-4.5e1"), 6),
      ("true,", .bool(true), 4),
      ("null\n", .null, 4),
      ("{}{}", .object([]), 2),
    ]
    for (text, expected, end) in cases {
      let read = try Self.value(text).get()
      #expect(read.0 == expected, "\(text)")
      #expect(read.1 == end, "\(text)")
    }
    // What follows may be anything, even bytes that are not UTF-8.
    let read = try Self.value(bytes: Array("[0]".utf8) + [0xFF, 0x00]).get()
    #expect(read.0 == .array([.number("0")]))
    #expect(read.1 == 3)
  }

  @Test func readDocumentRejectsTrailingGarbage() {
    #expect(Self.document(#"{"a":1} x"#) == Self.failure(8, "unexpected data after value"))
    #expect(Self.document("[1] [2]") == Self.failure(4, "unexpected data after value"))
    #expect(Self.document("1 2") == Self.failure(2, "unexpected data after value"))
    #expect(Self.document("truex") == Self.failure(4, "unexpected data after value"))
    #expect(Self.document(bytes: Array("0".utf8) + [0]) == Self.failure(1, "unexpected data after value"))
    #expect(Self.document("[1] \r\n\t ") == .success(.array([.number("1")])))
  }

  // MARK: - Hostile input

  /// A document touching every part of the grammar; no proper prefix of it is a document.
  static let sample =
    #"{"name": "w\u00e9rk\n\ud83d\ude00", "n": [-12, 0.5, 1e-3, 6.02E+23, 0], "#
    + #""ok": true, "no": false, "none": null, "nested": {"a": [{}, [], [{"b": "\\\"\/"}]]}, "#
    + #""text": "caf€ 😀"}"#

  @Test func everyTruncationThrowsAtTheEndOrAtAnOpenString() throws {
    let bytes = Array(Self.sample.utf8)
    let whole = try Self.document(bytes: bytes).get()
    #expect(whole["name"]?.string == "w\u{E9}rk\n😀")
    #expect(whole["n"]?.array?.count == 5)
    #expect(whole["text"]?.string == "caf€ 😀")
    for length in 0..<bytes.count {
      let prefix = Array(bytes[..<length])
      for result in [Self.document(bytes: prefix).map { _ in 0 }, Self.value(bytes: prefix).map { _ in 0 }] {
        switch result {
        case .success:
          Issue.record("a prefix of \(length) bytes was read as a value")
        case .failure(let error):
          // Input ending early is reported at its end, except that an open string points at its quote.
          #expect(
            error.offset == length || (error.reason == "unterminated string" && error.offset < length),
            "\(length): \(error)")
        }
      }
    }
  }

  /// Deterministic mutations of the sample: any byte anywhere gives a value or an error in bounds.
  @Test func mutatedInputNeverCrashes() {
    let original = Array(Self.sample.utf8)
    let replacements: [UInt8] = Array(#"{}[]":,\-+.0123456789eEtfnu "#.utf8) + [0x00, 0x1F, 0x80, 0xFF]
    var draw = SeededDraw(state: 0x9E37_79B9_7F4A_7C15)
    func nextRandom(_ bound: Int) -> Int { draw.next(bound) }
    var failures = 0
    for _ in 0..<3000 {
      var bytes = original
      for _ in 0..<(1 + nextRandom(3)) {
        let position = nextRandom(bytes.count)
        switch nextRandom(3) {
        case 0: bytes[position] = replacements[nextRandom(replacements.count)]
        case 1: bytes.remove(at: position)
        default: bytes.insert(replacements[nextRandom(replacements.count)], at: position)
        }
      }
      switch Self.document(bytes: bytes) {
      case .success: break
      case .failure(let error):
        failures += 1
        #expect(error.offset >= 0 && error.offset <= bytes.count, "\(error)")
      }
    }
    // Most mutations break the document; a reader that accepted everything would fail here.
    #expect(failures > 1500)
  }

  @Test func nestingDeeperThanTheLimitThrows() {
    let deepest = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
    #expect(Self.document(deepest).map { _ in true } == .success(true))
    let tooDeep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
    #expect(Self.document(tooDeep) == Self.failure(64, "nesting deeper than 64"))
    // Objects count alike: `{"k":` is five bytes.
    let objects = String(repeating: #"{"k":"#, count: 65) + "1" + String(repeating: "}", count: 65)
    #expect(Self.document(objects) == Self.failure(320, "nesting deeper than 64"))
    #expect(Self.document(objects, maximumDepth: 65).map { _ in true } == .success(true))
    // The limit is checked before anything after it is read, so a huge open run fails quickly.
    let endless = String(repeating: "[", count: 1_000_000)
    #expect(Self.document(endless) == Self.failure(64, "nesting deeper than 64"))
    #expect(Self.document("[[1]]", maximumDepth: 1) == Self.failure(1, "nesting deeper than 1"))
    #expect(Self.document("7", maximumDepth: 0) == .success(.number("7")))
  }

  /// Nesting is read without recursion, so a generous limit is safe too.
  @Test func deepNestingWithinALargerLimit() throws {
    let depth = 2000
    let json = String(repeating: "[", count: depth) + "0" + String(repeating: "]", count: depth)
    var value = try Self.document(json, maximumDepth: depth).get()
    var levels = 0
    while let inner = value.array?.first {
      levels += 1
      value = inner
    }
    #expect(levels == depth)
    #expect(value == .number("0"))
  }

  // MARK: - A real dump

  @Test func swiftBacktracerCrashReport() throws {
    let bytes = try Samples.bytes("swift/backtracer-json/crash.json")
    // The report is one line starting with `{` after the runtime's own messages.
    let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
    let line = try #require(lines.first { $0.first == UInt8(ascii: "{") })
    let report = try Array(line).withUnsafeBytes { buffer throws(JSONSyntaxError) in
      try JSONReader.readDocument(buffer)
    }
    #expect(report["kind"]?.string == "crashReport")
    let threads = try #require(report["threads"]?.array)
    #expect(threads.count == 8)
    let crashed = threads.filter { $0["crashed"]?.bool == true }
    #expect(crashed.count == 1)
    let thread = try #require(crashed.first)
    #expect(thread["name"]?.string == "order-proc")
    let frames = try #require(thread["frames"]?.array)
    try #require(frames.count > 1)
    let description = try #require(frames[1]["description"]?.string)
    #expect(description.hasPrefix("OrderValidator.validate(order:)"))
  }
}
