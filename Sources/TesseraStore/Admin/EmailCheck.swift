/// Whether text looks like an e-mail address. Deliberately loose — any script is
/// fine (`søren@eksempel.dk`, `иван@пример.рф`) — it catches what spreadsheets get
/// wrong: a name in the e-mail column, two addresses in one cell, a missing domain.
///
/// It walks the UTF-8 bytes: it runs once per imported row.
enum EmailCheck {
    static func isPlausible(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { check($0) } && !containsUnicodeSpace(text)
    }

    private static func check(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count <= 254 else { return false }
        var at = -1
        for i in 0..<bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "@"):
                guard at < 0 else { return false }
                at = i
            case 0..<0x21, 0x7F, UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ":"), UInt8(ascii: "<"),
                UInt8(ascii: ">"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "["), UInt8(ascii: "]"),
                UInt8(ascii: "\\"), UInt8(ascii: "\""):
                return false
            default:
                break
            }
        }
        // local part: 1…64 bytes, no dot at either end, no two dots in a row
        guard at > 0, at <= 64, isDotSeparated(bytes[0..<at], label: { _ in true }) else { return false }
        // domain: at least two labels, none empty or with a hyphen at an end, the last of two or more bytes
        let domain = bytes[(at + 1)...]
        guard let lastDot = domain.lastIndex(of: UInt8(ascii: ".")), domain.endIndex - lastDot > 2 else { return false }
        return isDotSeparated(domain) { $0.first != UInt8(ascii: "-") && $0.last != UInt8(ascii: "-") }
    }

    /// Non-empty parts between dots, each passing `label`.
    private static func isDotSeparated(
        _ bytes: Slice<UnsafeBufferPointer<UInt8>>, label: (Slice<UnsafeBufferPointer<UInt8>>) -> Bool
    ) -> Bool {
        var start = bytes.startIndex
        var i = start
        while i < bytes.endIndex {
            if bytes[i] == UInt8(ascii: ".") {
                guard i > start, label(bytes[start..<i]) else { return false }
                start = i + 1
            }
            i += 1
        }
        return start < bytes.endIndex && label(bytes[start...])
    }

    /// Spaces outside ASCII (no-break space, em space…), which a copy from a web page brings.
    private static func containsUnicodeSpace(_ text: String) -> Bool {
        guard text.utf8.contains(where: { $0 >= 0x80 }) else { return false }
        return text.unicodeScalars.contains { $0.value >= 0x80 && $0.properties.isWhitespace }
    }
}
