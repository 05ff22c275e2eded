/// Makes random codes from an alphabet without look-alikes: no `0`/`O`, no `1`/`I`/`L`,
/// so a code read aloud, printed small or typed from a phone works the first time.
/// Upper case only: the server matches codes case-insensitively anyway.
///
/// Every symbol is uniformly random: one 64-bit draw yields twelve base-31 digits,
/// draws at or above the largest multiple of 31¹² are thrown away (no modulo bias).
/// With `SystemRandomNumberGenerator` (the kernel's `getrandom`) the codes are
/// cryptographically random: knowing some codes says nothing about the others.
public struct CodeGenerator<Source: RandomNumberGenerator> {
    /// 31 symbols: 2–9 and A–Z without I, L and O.
    public static var alphabet: [UInt8] { Array("23456789ABCDEFGHJKMNPQRSTUVWXYZ".utf8) }

    public let length: Int
    public let prefix: String
    private var source: Source
    private let symbols: [UInt8]
    private var pending: UInt64 = 0
    private var pendingDigits = 0
    private var bytes: [UInt8]

    /// 31¹² ≤ 2⁶⁴: the digits one draw can carry.
    private static var digitsPerDraw: Int { 12 }
    private static var drawModulus: UInt64 { (0..<digitsPerDraw).reduce(1) { n, _ in n * 31 } }
    /// The largest multiple of `drawModulus` that fits: draws below it are unbiased.
    private static var drawLimit: UInt64 { UInt64.max / drawModulus * drawModulus }

    public init(length: Int, prefix: String = "", source: Source) {
        precondition(length > 0, "a code needs at least one random symbol")
        self.length = length
        self.prefix = prefix
        self.source = source
        symbols = Self.alphabet
        bytes = Array(prefix.utf8)
        bytes.reserveCapacity(bytes.count + length)
    }

    /// A fresh code: the prefix, then `length` random symbols.
    public mutating func next() -> String {
        bytes.removeSubrange(prefix.utf8.count...)
        for _ in 0..<length { bytes.append(symbols[nextDigit()]) }
        return String(decoding: bytes, as: UTF8.self)
    }

    private mutating func nextDigit() -> Int {
        if pendingDigits == 0 {
            var draw: UInt64
            repeat { draw = source.next() } while draw >= Self.drawLimit
            pending = draw % Self.drawModulus
            pendingDigits = Self.digitsPerDraw
        }
        let digit = Int(pending % 31)
        pending /= 31
        pendingDigits -= 1
        return digit
    }

    /// How many distinct codes `length` symbols allow (saturating).
    public static func space(length: Int) -> Double {
        (0..<length).reduce(1.0) { n, _ in n * 31 }
    }
}
