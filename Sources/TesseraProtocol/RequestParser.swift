/// Splits a request line into verb and arguments (SPEC §4, §6 Requests):
/// words separated by spaces, the first the verb, the rest `key=value` with
/// percent-encoded values. Structural checks only; which keys a verb takes is
/// the command table's business.
public enum RequestParser {
    /// Parses `line` (no line terminator). Returns nil for a blank line,
    /// which gets no reply.
    public static func parse(_ line: UnsafeRawBufferPointer) throws(ErrorReply) -> Request? {
        var request = Request(verb: .ping, arguments: [])
        return try parse(line, into: &request) ? request : nil
    }

    /// Parses `line` into `request`, whose arguments keep their storage from one request to
    /// the next (the server parses every line into one): no array per request. False for a
    /// blank line; `request` is then left as it was.
    public static func parse(_ line: UnsafeRawBufferPointer, into request: inout Request) throws(ErrorReply) -> Bool {
        // Lines are UTF-8 (SPEC §4); ASCII lines, the usual case, skip the check.
        if line.contains(where: { $0 >= 0x80 }), String(validating: line, as: UTF8.self) == nil {
            throw .badRequest("the line is not valid UTF-8")
        }
        var words = WordIterator(line)
        guard let verbToken = words.next() else { return false }
        guard let verb = Verb(token: UnsafeRawBufferPointer(rebasing: verbToken)) else {
            let shown = String(decoding: verbToken.prefix(32), as: UTF8.self)
            throw ErrorReply(.unknownVerb, msg: "unknown verb '\(shown)'")
        }
        request.verb = verb
        request.arguments.removeAll(keepingCapacity: true)
        while let word = words.next() {
            guard let eq = word.firstIndex(of: UInt8(ascii: "=")), eq > 0 else {
                let shown = String(decoding: word.prefix(32), as: UTF8.self)
                throw .badRequest("argument '\(shown)' is not key=value")
            }
            // The line is valid UTF-8 and is cut only at ASCII bytes, so its key
            // and raw value are too: they need no second check.
            let keyBytes = UnsafeRawBufferPointer(rebasing: word[..<eq])
            let key = validString(keyBytes)
            let raw = UnsafeRawBufferPointer(rebasing: word[(eq + 1)...])
            let value: String
            // A raw key's value stays encoded (an `item` is split on its raw `:` before its
            // parts are decoded, SPEC §6 Items); the verb's row says which keys are raw.
            if raw.contains(UInt8(ascii: "%")), !CommandTable.takesRaw(keyBytes, for: verb) {
                guard let decoded = PercentCoding.decode(raw) else { throw .badRequest("bad % escape in \(key)") }
                // Escapes can spell any bytes: this one is checked.
                guard let text = decoded.withUnsafeBytes({ checkedString($0) }) else {
                    throw .badRequest("\(key) is not valid UTF-8")
                }
                value = text
            } else {
                value = validString(raw)
            }
            request.arguments.append(Request.Argument(key: key, value: value))
        }
        return true
    }
}

extension RequestParser {
    /// A string of bytes known to be valid UTF-8. `String(decoding:)` is the
    /// specialised fast path; `String(validating:)` went through generic
    /// metadata lookups on every argument.
    @inline(__always) static func validString(_ bytes: UnsafeRawBufferPointer) -> String {
        String(decoding: bytes.assumingMemoryBound(to: UInt8.self), as: UTF8.self)
    }

    /// A string of `bytes`, or nil when they are not valid UTF-8.
    static func checkedString(_ bytes: UnsafeRawBufferPointer) -> String? {
        if !bytes.contains(where: { $0 >= 0x80 }) { return validString(bytes) }
        return String(validating: bytes, as: UTF8.self)
    }
}

/// Yields the space-separated words of a line without copying.
struct WordIterator {
    let line: UnsafeRawBufferPointer
    var offset = 0

    init(_ line: UnsafeRawBufferPointer) { self.line = line }

    mutating func next() -> UnsafeRawBufferPointer.SubSequence? {
        while offset < line.count, line[offset] == UInt8(ascii: " ") { offset += 1 }
        guard offset < line.count else { return nil }
        let start = offset
        while offset < line.count, line[offset] != UInt8(ascii: " ") { offset += 1 }
        return line[start..<offset]
    }
}
