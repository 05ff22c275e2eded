import Foundation

/// How e-mails and codes are compared (SPEC §6 Normalising): trim white space,
/// Unicode NFC, then lower-case. Applied identically to the catalog at load
/// and to every request, so a dictionary lookup is the whole comparison.
public enum Normalization {
    /// The normalised form, or nil when nothing is left (an empty value matches nothing).
    public static func key(_ raw: some StringProtocol) -> String? {
        // Fast path: printable ASCII needs no NFC and only ASCII lower-casing.
        var ascii = true
        for byte in raw.utf8 where byte >= 0x80 { ascii = false; break }
        if ascii { return asciiKey(raw) }
        let trimmed = String(raw).trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return nil }
        return trimmed.precomposedStringWithCanonicalMapping.lowercased()
    }

    private static func asciiKey(_ raw: some StringProtocol) -> String? {
        // Already a key (the usual case for catalog data): the same string, no new storage.
        let utf8 = raw.utf8
        let isKey = utf8.withContiguousStorageIfAvailable { bytes in
            guard let first = bytes.first, let last = bytes.last, !isASCIISpace(first), !isASCIISpace(last) else {
                return false
            }
            return !bytes.contains { $0 >= 0x41 && $0 <= 0x5A }
        }
        if isKey == true { return String(raw) }
        var bytes = Array(utf8)
        var start = 0
        var end = bytes.count
        while start < end, isASCIISpace(bytes[start]) { start += 1 }
        while end > start, isASCIISpace(bytes[end - 1]) { end -= 1 }
        if start == end { return nil }
        for i in start..<end where bytes[i] >= 0x41 && bytes[i] <= 0x5A { bytes[i] |= 0x20 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    @inlinable static func isASCIISpace(_ b: UInt8) -> Bool {
        b == 0x20 || (b >= 0x09 && b <= 0x0D)
    }
}

/// A storefront customer id: compared byte for byte (SPEC §6), unlike Swift
/// strings, which compare canonically equivalent text as equal.
public struct CustomerKey: Hashable, Sendable {
    public let value: String

    public init(_ value: String) { self.value = value }

    public static func == (a: CustomerKey, b: CustomerKey) -> Bool {
        // Byte comparison of the contiguous UTF-8 (every native string): a generic
        // element-by-element walk cost more than the dictionary lookup around it.
        let fast = a.value.utf8.withContiguousStorageIfAvailable { x in
            b.value.utf8.withContiguousStorageIfAvailable { y in
                x.count == y.count && (x.count == 0 || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0)
            }
        }
        if let fast, let equal = fast { return equal }
        return a.value.utf8.elementsEqual(b.value.utf8)
    }

    public func hash(into hasher: inout Hasher) {
        var value = value
        value.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
