import Testing

@testable import TesseraCore

@Suite struct CivilDateTests {
    @Test func knownDays() {
        #expect(CivilDate(year: 1970, month: 1, day: 1).daysSinceEpoch == 0)
        #expect(CivilDate(year: 2000, month: 3, day: 1).daysSinceEpoch == 11_017)
        #expect(CivilDate(daysSinceEpoch: -1) == CivilDate(year: 1969, month: 12, day: 31))
        #expect(CivilDate(daysSinceEpoch: -719_528) == CivilDate(year: 0, month: 1, day: 1))
    }

    @Test func daysRoundTripAcrossTenThousandYears() {
        var day: Int64 = -719_528
        var previous = CivilDate(daysSinceEpoch: day - 1)
        var wrong: [Int64] = []
        while day <= 2_932_896 {  // 9999-12-31
            let date = CivilDate(daysSinceEpoch: day)
            if date.daysSinceEpoch != day || !(previous < date) { wrong.append(day) }
            previous = date
            day += 1
        }
        #expect(wrong.isEmpty)
    }

    @Test func leapYears() {
        #expect(CivilDate.isLeapYear(2000))
        #expect(CivilDate.isLeapYear(2028))
        #expect(!CivilDate.isLeapYear(2100))
        #expect(!CivilDate.isLeapYear(2027))
        #expect(CivilDate.daysInMonth(year: 2000, month: 2) == 29)
        #expect(CivilDate.daysInMonth(year: 2100, month: 2) == 28)
        #expect(CivilDate.daysInMonth(year: 2026, month: 13) == 0)
    }

    @Test func isoWeekdays() {
        #expect(CivilDate(year: 1970, month: 1, day: 1).weekday == 4)  // Thursday
        #expect(CivilDate(year: 2026, month: 12, day: 28).weekday == 1)  // Monday
        #expect(CivilDate(year: 2027, month: 1, day: 3).weekday == 7)  // Sunday
        #expect(CivilDate(year: 1969, month: 12, day: 29).weekday == 1)
    }
}
