extension String {
  /// A copy in which each scalar that `replacement` gives text for becomes that text: the one
  /// loop behind the escapes of HTML, of JSON inside a page, and of XML.
  func replacingScalars(_ replacement: (Unicode.Scalar) -> String?) -> String {
    var out = ""
    out.reserveCapacity(utf8.count)
    for scalar in unicodeScalars {
      if let text = replacement(scalar) {
        out += text
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }
}
