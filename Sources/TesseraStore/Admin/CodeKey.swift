import TesseraCore

/// The normalised form of a code or an e-mail, exactly `Normalization.key` (SPEC §6:
/// trim, NFC, lower-case), computed without it for the values nearly every sheet
/// holds: text without white space or control characters whose letters are all in
/// Latin-1 (`VIP321`, `gæst@example.dk`, `søren@eksempel.dk`). There trimming and NFC
/// change nothing (every Latin-1 character is its own NFC form, with no combining
/// class) and lower-casing is A–Z → a–z and À–Þ (but ×) → à–þ, each two bytes in
/// UTF-8 as before. Everything else goes to `Normalization.key` itself.
///
/// Why: `Normalization.key` is generic across a module boundary and runs unspecialised,
/// and beyond ASCII it goes through Foundation (trim, NFC, lower-case: a few µs a
/// value); an import or a code run calls this a million times. A test checks the two
/// agree, for every Latin-1 character.
enum CodeKey {
    static func key(_ code: String) -> String? {
        let original = code
        var code = code
        let fast: String?? = code.withUTF8 { bytes in
            guard !bytes.isEmpty else { return .some(nil) }
            var upper = false
            var i = 0
            while i < bytes.count {
                let byte = bytes[i]
                if byte < 0x80 {
                    if byte <= 0x20 || byte == 0x7F { return nil }  // white space, control
                    if byte >= 0x41 && byte <= 0x5A { upper = true }
                    i += 1
                } else {
                    // U+00A1…U+00FF, two bytes; U+0080…U+00A0 (controls, NEL, no-break
                    // space) and everything above Latin-1 take the general path.
                    guard byte == 0xC3 || (byte == 0xC2 && bytes[i + 1] > 0xA0) else { return nil }
                    if byte == 0xC3 && bytes[i + 1] <= 0x9E && bytes[i + 1] != 0x97 { upper = true }
                    i += 2
                }
            }
            guard upper else { return .some(original) }  // already a key: no copy
            return .some(
                String(unsafeUninitializedCapacity: bytes.count) { out in
                    var lead: UInt8 = 0
                    for (i, byte) in bytes.enumerated() {
                        if byte >= 0x41 && byte <= 0x5A {
                            out[i] = byte | 0x20  // A–Z
                        } else if lead == 0xC3 && byte <= 0x9E && byte != 0x97 {
                            out[i] = byte + 0x20  // À–Þ but ×: U+00C0… → U+00E0…
                        } else {
                            out[i] = byte
                        }
                        lead = byte
                    }
                    return bytes.count
                })
        }
        return fast ?? Normalization.key(code)
    }
}
