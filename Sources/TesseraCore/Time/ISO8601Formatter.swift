/// Writes `YYYY-MM-DDTHH:MM:SSZ`, the one form replies carry (SPEC §4).
///
/// Builds the 20 bytes directly: no Foundation, one allocation.
enum ISO8601Formatter {
    static func string(seconds: Int64) -> String {
        let (date, secondOfDay) = civil(seconds)
        guard (0...9999).contains(date.year) else {
            return wideYear(date, secondOfDay: secondOfDay)
        }
        return String(unsafeUninitializedCapacity: 20) { buffer in
            write(date: date, secondOfDay: secondOfDay, into: buffer)
            return 20
        }
    }

    /// Writes the 20 bytes into `buffer`, or returns false for a year outside
    /// 0000–9999 (use `string` then). Replies write times in place with this.
    static func write(seconds: Int64, into buffer: UnsafeMutableBufferPointer<UInt8>) -> Bool {
        let (date, secondOfDay) = civil(seconds)
        guard (0...9999).contains(date.year) else { return false }
        write(date: date, secondOfDay: secondOfDay, into: buffer)
        return true
    }

    /// The UTC calendar day and the second within it.
    @inline(__always)
    private static func civil(_ seconds: Int64) -> (CivilDate, Int) {
        (CivilDate(daysSinceEpoch: floorDivide(seconds, CivilDate.secondsPerDay)),
         Int(floorMod(seconds, CivilDate.secondsPerDay)))
    }

    @inline(__always)
    private static func write(date: CivilDate, secondOfDay: Int, into buffer: UnsafeMutableBufferPointer<UInt8>) {
        write(date.year, width: 4, at: 0, into: buffer)
        buffer[4] = UInt8(ascii: "-")
        write(date.month, width: 2, at: 5, into: buffer)
        buffer[7] = UInt8(ascii: "-")
        write(date.day, width: 2, at: 8, into: buffer)
        buffer[10] = UInt8(ascii: "T")
        write(secondOfDay / 3_600, width: 2, at: 11, into: buffer)
        buffer[13] = UInt8(ascii: ":")
        write(secondOfDay / 60 % 60, width: 2, at: 14, into: buffer)
        buffer[16] = UInt8(ascii: ":")
        write(secondOfDay % 60, width: 2, at: 17, into: buffer)
        buffer[19] = UInt8(ascii: "Z")
    }

    @inline(__always)
    private static func write(_ value: Int, width: Int, at start: Int, into buffer: UnsafeMutableBufferPointer<UInt8>) {
        var rest = value
        for position in stride(from: start + width - 1, through: start, by: -1) {
            buffer[position] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        }
    }

    /// Years outside 0000–9999 cannot come from the catalog, only from
    /// arithmetic; they still print (signed, unpadded beyond four digits).
    private static func wideYear(_ date: CivilDate, secondOfDay: Int) -> String {
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        let year = (date.year < 0 ? "-" : "+") + pad(abs(date.year), 4)
        return "\(year)-\(pad(date.month, 2))-\(pad(date.day, 2))T"
            + "\(pad(secondOfDay / 3_600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))Z"
    }
}
