/// Percent-encoding of values (SPEC §4): `%20`, `%3D`, `%25`, and any byte
/// outside printable ASCII. Requests are decoded once at parse time; replies
/// encode straight into the output buffer.
public enum PercentCoding {
    /// Whether `byte` may stand for itself in an encoded value: printable
    /// ASCII except the three bytes that structure a line.
    @inlinable static func isPlain(_ byte: UInt8) -> Bool {
        byte > 0x20 && byte < 0x7F && byte != UInt8(ascii: "%") && byte != UInt8(ascii: "=")
    }

    /// Decodes `bytes`; nil on a `%` not followed by two hex digits.
    public static func decode(_ bytes: UnsafeRawBufferPointer) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "%") {
                guard i + 2 < bytes.count,
                    let hi = hexValue(bytes[i + 1]), let lo = hexValue(bytes[i + 2])
                else { return nil }
                out.append(hi << 4 | lo)
                i += 3
            } else {
                out.append(b)
                i += 1
            }
        }
        return out
    }

    @inlinable static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): b - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Writes `utf8` percent-encoded at the start of `buffer` (room for three
    /// bytes per input byte); returns the bytes written. How `ReplyWriter`
    /// encodes values in place.
    @inline(__always)
    @usableFromInline static func encode(_ utf8: UnsafeBufferPointer<UInt8>, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        var n = 0
        for b in utf8 {
            if isPlain(b) {
                buffer[n] = b
                n += 1
            } else {
                buffer[n] = UInt8(ascii: "%")
                buffer[n + 1] = hexDigit(b >> 4)
                buffer[n + 2] = hexDigit(b & 0x0F)
                n += 3
            }
        }
        return n
    }

    @inline(__always) static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "A") + nibble - 10
    }

    /// `text` percent-encoded, for tests and logs.
    public static func encoded(_ text: String) -> String {
        var out = ReplyWriter(capacity: 3 * text.utf8.count)
        out.appendEncoded(text)
        return String(decoding: out.bytes, as: UTF8.self)
    }
}
