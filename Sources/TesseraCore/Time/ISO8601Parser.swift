/// The catalog's ISO 8601 subset, read byte by byte (SPEC §2, §6 "Life of a hold").
///
/// Grammar, after trimming ASCII white space:
/// `YYYY-MM-DD` [ (`T`|`t`|` `) `HH:MM:SS` [`.`digits] [`Z`|`z`|(`+`|`-`)`HH`[`:`]`MM`] ].
/// The whole input must match; ranges are checked (real dates, hour < 24,
/// minute and second < 60, offset at most 18:00).
enum ISO8601Parser {
    /// Unix seconds, or nil when `bytes` is not an accepted form.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        var cursor = ByteCursor(bytes)
        cursor.trimWhiteSpace()

        guard let year = cursor.digits(4), cursor.skip(UInt8(ascii: "-")),
            let month = cursor.digits(2), cursor.skip(UInt8(ascii: "-")),
            let day = cursor.digits(2),
            (1...12).contains(month),
            (1...CivilDate.daysInMonth(year: year, month: month)).contains(day)
        else { return nil }
        let midnight = CivilDate(year: year, month: month, day: day).daysSinceEpoch * CivilDate.secondsPerDay
        if cursor.isAtEnd { return midnight }

        guard cursor.skip(UInt8(ascii: "T")) || cursor.skip(UInt8(ascii: "t")) || cursor.skip(UInt8(ascii: " ")),
            let hour = cursor.digits(2), cursor.skip(UInt8(ascii: ":")),
            let minute = cursor.digits(2), cursor.skip(UInt8(ascii: ":")),
            let second = cursor.digits(2),
            hour < 24, minute < 60, second < 60
        else { return nil }

        // Times are whole seconds: a fraction is read and dropped (truncated).
        if cursor.skip(UInt8(ascii: ".")) {
            guard cursor.skipDigits() > 0 else { return nil }
        }

        guard let offset = cursor.zoneOffset(), cursor.isAtEnd else { return nil }
        return midnight + Int64(hour * 3_600 + minute * 60 + second - offset)
    }

    @inline(__always) static func parse(_ bytes: [UInt8]) -> Int64? {
        bytes.withUnsafeBufferPointer(parse)
    }
}

/// A read position in a UTF-8 buffer; each step consumes only on success.
private struct ByteCursor {
    let bytes: UnsafeBufferPointer<UInt8>
    var index: Int
    var end: Int

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        index = 0
        end = bytes.count
    }

    var isAtEnd: Bool { index == end }

    mutating func trimWhiteSpace() {
        while index < end, Self.isWhiteSpace(bytes[index]) { index += 1 }
        while end > index, Self.isWhiteSpace(bytes[end - 1]) { end -= 1 }
    }

    /// Consumes `byte` if it is next.
    mutating func skip(_ byte: UInt8) -> Bool {
        guard index < end, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// Exactly `count` ASCII digits as a number, or nil (nothing consumed).
    mutating func digits(_ count: Int) -> Int? {
        guard end - index >= count else { return nil }
        var value = 0
        for position in index..<(index + count) {
            let digit = bytes[position] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            value = value * 10 + Int(digit)
        }
        index += count
        return value
    }

    /// Consumes a run of digits; returns how many.
    mutating func skipDigits() -> Int {
        let start = index
        while index < end, bytes[index] &- UInt8(ascii: "0") < 10 { index += 1 }
        return index - start
    }

    /// Seconds east of UTC: 0 for `Z`, `z` or no designator; nil when malformed.
    mutating func zoneOffset() -> Int? {
        guard index < end else { return 0 }
        let sign: Int
        switch bytes[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            index += 1
            return 0
        case UInt8(ascii: "+"): sign = 1
        case UInt8(ascii: "-"): sign = -1
        default: return nil
        }
        index += 1
        guard let hours = digits(2) else { return nil }
        _ = skip(UInt8(ascii: ":"))
        guard let minutes = digits(2), minutes < 60, hours * 60 + minutes <= 18 * 60 else { return nil }
        return sign * (hours * 3_600 + minutes * 60)
    }

    @inline(__always) static func isWhiteSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }
}
