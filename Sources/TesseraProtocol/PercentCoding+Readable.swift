extension PercentCoding {
    /// A reply line as a person reads it: every `key=value` word with its value
    /// percent-decoded (`msg=table%20offers…` → `msg=table offers…`), other words as
    /// they are. For `tessera reload`, which prints the server's answer to an operator.
    ///
    /// The result is for reading, not parsing: a decoded value may hold spaces and
    /// `=`. Control bytes (a line break in a message, an escape sequence) stay
    /// encoded, so one reply line stays one line and cannot drive the terminal; a
    /// value with a bad `%` escape is shown as sent.
    public static func readable(_ line: String) -> String {
        line.split(separator: " ", omittingEmptySubsequences: false).map { word -> String in
            guard let equals = word.firstIndex(of: "=") else { return String(word) }
            let value = word[word.index(after: equals)...]
            guard value.utf8.contains(UInt8(ascii: "%")) else { return String(word) }
            let decoded = Array(value.utf8).withUnsafeBytes { decode($0) }
            guard let decoded else { return String(word) }
            var shown: [UInt8] = []
            shown.reserveCapacity(decoded.count)
            for byte in decoded {
                if byte < 0x20 || byte == 0x7F {
                    shown += [UInt8(ascii: "%"), hexDigit(byte >> 4), hexDigit(byte & 0x0F)]
                } else {
                    shown.append(byte)
                }
            }
            return word[...equals] + String(decoding: shown, as: UTF8.self)
        }.joined(separator: " ")
    }
}
