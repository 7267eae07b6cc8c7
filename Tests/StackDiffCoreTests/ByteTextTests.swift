import Testing

@testable import StackDiffCore

/// Report text is built as bytes; what comes out must read as `String` would have written it.
@Suite struct ByteTextTests {
  @Test(arguments: [0, 7, 9, 10, 99, 100, 4096, -1, -10, Int.max, Int.min])
  func numbersAreWrittenAsStringWritesThem(number: Int) {
    var text = ByteText()
    text.append(number)
    #expect(text.string == String(number))
  }

  @Test func piecesKeepTheirOrderAndBytes() {
    var text = ByteText()
    text += "main.(*T).run ×"
    text.append(3)
    text.append(spaces: 2)
    text += "héllo.go:12"[...]
    text.append(spaces: 0)
    text.append(byte: UInt8(ascii: "\n"))
    #expect(text.string == "main.(*T).run ×3  héllo.go:12\n")
    #expect(text.count == text.string.utf8.count)
  }

  @Test func jsonEscapesWhatItMustAndNothingElse() {
    var json = JSONWriter()
    json.object { json in
      json.field("a\"b", "tab\there \"quoted\" back\\slash \u{1}\u{7F} é ×")
      json.field("n", -42)
      json.field("none", nil as String?)
    }
    #expect(
      json.output
        == #"{"a\"b":"tab\there \"quoted\" back\\slash \u0001\u007f é ×","n":-42,"none":null}"#)
  }
}
