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

    /// ` key=value`, the value percent-encoded. The whole field is assembled in
    /// a stack buffer and appended with one copy: an EVAL reply has some sixty
    /// fields, and appending key, separators and value runs separately paid the
    /// array's uniqueness and capacity checks four or more times per field.
    public mutating func field(_ key: StaticString, _ value: String) {
        guard key.utf8CodeUnitCount + 2 + 3 * value.utf8.count <= Self.stackFieldBytes else {
            separator(key)
            PercentCoding.encode(value, into: &bytes)
            return
        }
        var value = value  // withUTF8 needs a var; a native string is not copied
        value.withUTF8 { utf8 in
            let worst = key.utf8CodeUnitCount + 2 + 3 * utf8.count
            withUnsafeTemporaryAllocation(byteCount: worst, alignment: 1) { buffer in
                var n = Self.writeSeparator(key, into: buffer)
                n = PercentCoding.encode(utf8, into: buffer, at: n)
                bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[..<n]))
            }
        }
    }

    /// ` key=<n>`, assembled on the stack and appended with one copy.
    public mutating func field(_ key: StaticString, _ value: Int) {
        withUnsafeTemporaryAllocation(byteCount: key.utf8CodeUnitCount + 2 + 20, alignment: 1) { buffer in
            var n = Self.writeSeparator(key, into: buffer)
            n = Self.writeInt(value, into: buffer, at: n)
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[..<n]))
        }
    }

    /// Fields longer than this once encoded take the slower path of several appends.
    static let stackFieldBytes = 512

    /// Writes ` key=` at the start of `buffer`; returns the bytes written.
    @inline(__always) static func writeSeparator(_ key: StaticString, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        buffer[0] = UInt8(ascii: " ")
        let count = key.utf8CodeUnitCount
        UnsafeMutableRawBufferPointer(rebasing: buffer[1...]).copyMemory(
            from: UnsafeRawBufferPointer(start: key.utf8Start, count: count))
        buffer[count + 1] = UInt8(ascii: "=")
        return count + 2
    }

    /// Writes the decimal digits of `value` at `offset` (room for 20 bytes); returns the new end.
    @inline(__always) static func writeInt(_ value: Int, into buffer: UnsafeMutableRawBufferPointer, at offset: Int) -> Int {
        var n = offset
        if value < 0 {
            buffer[n] = UInt8(ascii: "-")
            n += 1
        }
        var v = value.magnitude
        var digits = 1
        var scale: UInt = 10
        while digits < 20, v >= scale {
            digits += 1
            if scale > UInt.max / 10 { break }
            scale *= 10
        }
        var i = n + digits
        while i > n {
            i -= 1
            buffer[i] = UInt8(ascii: "0") + UInt8(v % 10)
            v /= 10
        }
        return n + digits
    }

    /// ` key=<n>` or ` key=unlimited` for nil.
    public mutating func field(_ key: StaticString, limit: Int?) {
        guard let limit else {
            separator(key)
            word("unlimited")
            return
        }
        field(key, limit)
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
