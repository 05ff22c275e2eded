extension ReplyLine {
    /// A reply line as a person reads it (`tessera client`): every value percent-decoded,
    /// in double quotes when it is empty or holds a space, `"`, `\` or `=`, so that every
    /// word still reads as one value: `OFFER id=seat-unlock name="VIP seats" via=code …`.
    ///
    /// Inside quotes `"` and `\` are written `\"` and `\\`. Control bytes stay encoded
    /// (`%0A`), so one reply line stays one line and cannot drive the terminal. A value
    /// with a bad escape is shown as sent.
    public static func readable(_ line: String) -> String {
        line.split(separator: " ", omittingEmptySubsequences: false).map { word -> String in
            guard let equals = word.firstIndex(of: "=") else { return String(word) }
            let raw = word[word.index(after: equals)...]
            guard let value = decodedValue(raw) else { return String(word) }
            return word[...equals] + shown(value)
        }.joined(separator: " ")
    }

    private static func shown(_ value: String) -> String {
        var text = ""
        var quoted = value.isEmpty
        for scalar in value.unicodeScalars {
            switch scalar {
            case " ", "=":
                quoted = true
                text.unicodeScalars.append(scalar)
            case "\"", "\\":
                quoted = true
                text += "\\" + String(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                text += "%" + String(scalar.value >> 4, radix: 16, uppercase: true)
                    + String(scalar.value & 0xF, radix: 16, uppercase: true)
            default:
                text.unicodeScalars.append(scalar)
            }
        }
        return quoted ? "\"" + text + "\"" : text
    }
}
