import TesseraProtocol

/// One reply line read: its first word (`OFFER`, `OK`, `ERR`), the plain words after it
/// (`ERR`'s code), and its `key=value` fields with the values percent-decoded.
public struct ReplyLine: Sendable, Equatable {
    public var head: String
    /// Words after the head that are not `key=value`: the code of an `ERR` line.
    public var words: [String]
    public var fields: [Field]

    public struct Field: Sendable, Equatable {
        public var key: String
        public var value: String

        public init(key: String, value: String) {
            self.key = key
            self.value = value
        }
    }

    /// Reads a line as the server writes it: words separated by spaces, values encoded.
    /// Throws on a value that does not decode to UTF-8 text.
    public init(parsing line: String) throws(ClientError) {
        let parts = line.split(separator: " ")
        head = parts.first.map(String.init) ?? ""
        words = []
        fields = []
        for word in parts.dropFirst() {
            guard let equals = word.firstIndex(of: "=") else {
                words.append(String(word))
                continue
            }
            let raw = word[word.index(after: equals)...]
            guard let value = Self.decodedValue(raw) else {
                throw .malformedReply("a value that is not percent-encoded UTF-8 in '\(line)'")
            }
            fields.append(Field(key: String(word[..<equals]), value: value))
        }
    }

    /// The value of the first field named `key`, decoded.
    public subscript(key: String) -> String? { fields.first { $0.key == key }?.value }

    /// `raw` percent-decoded (through the protocol layer's one decoder) as UTF-8 text; nil
    /// on a bad escape or bytes that are not UTF-8.
    static func decodedValue(_ raw: Substring) -> String? {
        guard raw.utf8.contains(UInt8(ascii: "%")) else { return String(raw) }
        guard let bytes = Array(raw.utf8).withUnsafeBytes({ PercentCoding.decode($0) }) else { return nil }
        return String(validating: bytes, as: UTF8.self)
    }
}
