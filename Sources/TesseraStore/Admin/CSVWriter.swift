/// Writes CSV (RFC 4180: CRLF after each record, `"` doubled inside quotes) that
/// `CSVReader` reads back to the same fields.
///
/// A field is quoted only when it must be: it holds the separator, a quote or a
/// line break, or starts or ends with a space or tab (which the reader would
/// otherwise trim). Everything else is written as is, so exports stay readable.
public struct CSVWriter: Sendable {
    public let separator: UInt8

    public init(separator: UInt8 = UInt8(ascii: ",")) {
        self.separator = separator
    }

    /// Appends one record; nil fields are written empty.
    public func append(_ fields: [String?], to out: inout [UInt8]) {
        for (i, field) in fields.enumerated() {
            if i > 0 { out.append(separator) }
            if let field { appendField(field, to: &out) }
        }
        out.append(UInt8(ascii: "\r"))
        out.append(UInt8(ascii: "\n"))
    }

    private func appendField(_ field: String, to out: inout [UInt8]) {
        let utf8 = field.utf8
        guard needsQuotes(utf8) else {
            out.append(contentsOf: utf8)
            return
        }
        out.append(UInt8(ascii: "\""))
        for byte in utf8 {
            if byte == UInt8(ascii: "\"") { out.append(byte) }
            out.append(byte)
        }
        out.append(UInt8(ascii: "\""))
    }

    private func needsQuotes(_ utf8: String.UTF8View) -> Bool {
        guard let first = utf8.first, let last = utf8.last else { return false }
        if first == 0x20 || first == 0x09 || last == 0x20 || last == 0x09 { return true }
        for byte in utf8 where byte == separator || byte == UInt8(ascii: "\"") || byte == 0x0A || byte == 0x0D {
            return true
        }
        return false
    }
}
