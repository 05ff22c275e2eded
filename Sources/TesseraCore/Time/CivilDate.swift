/// A proleptic Gregorian calendar date, converted to and from a day count by
/// Howard Hinnant's `days_from_civil` / `civil_from_days`
/// (https://howardhinnant.github.io/date_algorithms.html): pure integer
/// arithmetic, exact for any year, no Foundation and no tables.
public struct CivilDate: Hashable, Comparable, Sendable {
    public var year: Int
    /// 1...12
    public var month: Int
    /// 1...31
    public var day: Int

    @inlinable public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// The date of day `days`, counted from 1970-01-01 (day 0).
    public init(daysSinceEpoch days: Int64) {
        let z = Int(days) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153  // 0 = March
        day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }

    /// Days from 1970-01-01 to this date (negative before it).
    public var daysSinceEpoch: Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return Int64(era * 146_097 + dayOfEra - 719_468)
    }

    /// Seconds in a civil day; UTC and local wall-clock days alike (no leap seconds).
    public static let secondsPerDay: Int64 = 86_400

    /// ISO weekday: 1 = Monday … 7 = Sunday.
    public var weekday: Int { CivilDate.weekday(ofDay: daysSinceEpoch) }

    public static func < (a: CivilDate, b: CivilDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    public static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// 28...31; 0 for a month outside 1...12.
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 1, 3, 5, 7, 8, 10, 12: return 31
        case 4, 6, 9, 11: return 30
        case 2: return isLeapYear(year) ? 29 : 28
        default: return 0
        }
    }

    /// ISO weekday (1 = Monday) of day `days` since 1970-01-01, a Thursday.
    public static func weekday(ofDay days: Int64) -> Int {
        Int(floorMod(days + 3, 7)) + 1
    }
}

/// Division rounding toward negative infinity, so that instants before 1970
/// fall into the day (or cycle) that contains them rather than the one after.
@inline(__always) func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}

/// Remainder of `floorDivide`: always in `0..<b` for positive `b`
/// (computed without a product, so it cannot overflow at `Int64.min`).
@inline(__always) func floorMod(_ a: Int64, _ b: Int64) -> Int64 {
    let remainder = a % b
    return remainder != 0 && (remainder < 0) != (b < 0) ? remainder + b : remainder
}
