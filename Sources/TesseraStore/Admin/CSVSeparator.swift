/// The field separators a sheet may use: `,` (RFC 4180, most exports), `;` (Excel
/// where the decimal mark is a comma: Denmark, Portugal, Russia…) and tab.
public enum CSVSeparator {
    public static let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), 0x09]

    /// The candidate found most often outside quotes on the first line; `,` when
    /// none is (a one-column sheet). Ties go to the earlier candidate.
    static func detect(in bytes: ArraySlice<UInt8>) -> UInt8 {
        var counts = [0, 0, 0]
        var quoted = false
        for byte in bytes {
            if byte == UInt8(ascii: "\"") {
                quoted.toggle()
            } else if !quoted {
                if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { break }
                if let i = candidates.firstIndex(of: byte) { counts[i] += 1 }
            }
        }
        var best = 0
        for i in 1..<counts.count where counts[i] > counts[best] { best = i }
        return candidates[best]
    }

    /// Reads `--separator`: one of `,` `;` `tab` (or `\t`, or a tab), or another
    /// single ASCII character other than a quote or a line break.
    public static func parse(_ text: String) throws(AdminError) -> UInt8 {
        switch text {
        case "tab", "TAB", "\\t", "\t": return 0x09
        case "comma": return UInt8(ascii: ",")
        case "semicolon": return UInt8(ascii: ";")
        default:
            let bytes = Array(text.utf8)
            guard bytes.count == 1, bytes[0] >= 0x20, bytes[0] < 0x7F, bytes[0] != UInt8(ascii: "\"") else {
                throw AdminError("--separator must be ',', ';', 'tab' or another single character, got '\(text)'")
            }
            return bytes[0]
        }
    }

    /// How to write it in messages.
    public static func name(_ separator: UInt8) -> String {
        separator == 0x09 ? "tab" : "'\(Character(Unicode.Scalar(separator)))'"
    }
}
