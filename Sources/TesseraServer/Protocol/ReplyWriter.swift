/// Builds reply lines straight into a reusable byte buffer: no intermediate
/// strings, values percent-encoded as they are appended.
public struct ReplyWriter {
    public var bytes: [UInt8]

    public init(capacity: Int = 512) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Appends text that needs no encoding (verbs, keys, codes).
    @inlinable public mutating func word(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    public mutating func word(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    /// ` key=value`, the value percent-encoded.
    public mutating func field(_ key: String, _ value: String) {
        bytes.append(UInt8(ascii: " "))
        bytes.append(contentsOf: key.utf8)
        bytes.append(UInt8(ascii: "="))
        PercentCoding.encode(value, into: &bytes)
    }

    /// ` key=<n>`.
    public mutating func field(_ key: String, _ value: Int) {
        bytes.append(UInt8(ascii: " "))
        bytes.append(contentsOf: key.utf8)
        bytes.append(UInt8(ascii: "="))
        appendInt(value)
    }

    /// ` key=<n>` or ` key=unlimited` for nil.
    public mutating func field(_ key: String, limit: Int?) {
        if let limit { field(key, limit) } else { field(key, "unlimited") }
    }

    public mutating func endLine() { bytes.append(UInt8(ascii: "\n")) }

    public mutating func appendInt(_ value: Int) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var v = value.magnitude
        if v == 0 { bytes.append(UInt8(ascii: "0")); return }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        withUnsafeMutableBytes(of: &digits) { buf in
            while v > 0 {
                buf[n] = UInt8(ascii: "0") + UInt8(v % 10)
                v /= 10
                n += 1
            }
            for i in stride(from: n - 1, through: 0, by: -1) { bytes.append(buf[i]) }
        }
    }

    public mutating func reset() { bytes.removeAll(keepingCapacity: true) }
}
