import TesseraCore

/// The normalised form of a code, exactly `Normalization.key` (SPEC §6: trim, NFC,
/// lower-case), computed without it for the codes nearly every sheet holds:
/// printable ASCII without spaces, where trimming and NFC change nothing and
/// lower-casing is A–Z → a–z. Everything else goes to `Normalization.key` itself.
///
/// Why: `Normalization.key` is generic across a module boundary and runs unspecialised;
/// an import or a code run calls this a million times. A test checks the two agree.
enum CodeKey {
    static func key(_ code: String) -> String? {
        var code = code
        let fast: String?? = code.withUTF8 { bytes in
            guard !bytes.isEmpty else { return .some(nil) }
            var upper = false
            for byte in bytes {
                if byte <= 0x20 || byte >= 0x7F { return nil }  // white space, control, non-ASCII
                if byte >= 0x41 && byte <= 0x5A { upper = true }
            }
            guard upper else { return .some(String(decoding: bytes, as: UTF8.self)) }
            return .some(
                String(unsafeUninitializedCapacity: bytes.count) { out in
                    for (i, byte) in bytes.enumerated() { out[i] = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
                    return bytes.count
                })
        }
        return fast ?? Normalization.key(code)
    }
}
