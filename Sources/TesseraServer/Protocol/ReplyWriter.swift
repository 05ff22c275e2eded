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

    /// ` key=value`, the value percent-encoded. Keys are literals: written as
    /// one copy of ` key=`, with no string to walk.
    public mutating func field(_ key: StaticString, _ value: String) {
        separator(key)
        PercentCoding.encode(value, into: &bytes)
    }

    /// ` key=<n>`.
    public mutating func field(_ key: StaticString, _ value: Int) {
        separator(key)
        appendInt(value)
    }

    /// ` key=<n>` or ` key=unlimited` for nil.
    public mutating func field(_ key: StaticString, limit: Int?) {
        separator(key)
        if let limit { appendInt(limit) } else { word("unlimited") }
    }

    /// ` key=value` for a key known only at run time (STAT names, error fields).
    @_disfavoredOverload
    public mutating func field(_ key: String, _ value: String) {
        bytes.append(UInt8(ascii: " "))
        bytes.append(contentsOf: key.utf8)
        bytes.append(UInt8(ascii: "="))
        PercentCoding.encode(value, into: &bytes)
    }

    /// ` key=<n>` for a key known only at run time.
    @_disfavoredOverload
    public mutating func field(_ key: String, _ value: Int) {
        bytes.append(UInt8(ascii: " "))
        bytes.append(contentsOf: key.utf8)
        bytes.append(UInt8(ascii: "="))
        appendInt(value)
    }

    @inline(__always) private mutating func separator(_ key: StaticString) {
        bytes.append(UInt8(ascii: " "))
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "="))
    }

    public mutating func endLine() { bytes.append(UInt8(ascii: "\n")) }

    /// Decimal digits of `value`, built in a 20-byte stack buffer and appended with one copy.
    public mutating func appendInt(_ value: Int) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var v = value.magnitude
        if v < 10 {
            bytes.append(UInt8(ascii: "0") + UInt8(v))
            return
        }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for UInt64.max's 20 digits
        withUnsafeMutableBytes(of: &digits) { buf in
            var start = buf.count
            while v > 0 {
                start -= 1
                buf[start] = UInt8(ascii: "0") + UInt8(v % 10)
                v /= 10
            }
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buf[start...]))
        }
    }

    public mutating func reset() { bytes.removeAll(keepingCapacity: true) }
}
