import Testing

@testable import TesseraCore

/// 2026-12-01T00:00:00Z
private let decemberFirst = Instant(seconds: 1_796_083_200)

@Suite struct InstantParsingTests {
    @Test(arguments: [
        "2026-12-01T00:00:00Z",
        "2026-12-01T01:00:00+01:00",
        "2026-12-01T01:00:00+0100",
        "2026-11-30T19:00:00-05:00",
        "2026-11-30T19:00:00-0500",
        "2026-12-01T05:30:00+05:30",
        "2026-12-01T00:00:00+00:00",
        "2026-12-01T00:00:00-00:00",
        "2026-12-01",
        "2026-12-01t00:00:00Z",
        "2026-12-01 00:00:00Z",
        "2026-12-01T00:00:00z",
        "2026-12-01 00:00:00",
        "2026-12-01T00:00:00",
        "  2026-12-01T00:00:00Z\n",
        "\t2026-12-01\r\n",
        "2026-12-01T00:00:00.123Z",
        "2026-12-01T00:00:00.999999999Z",
        "2026-12-01T01:00:00.5+01:00",
        "2026-12-01 00:00:00.000",
        "2026-12-01T18:00:00+18:00",
        "2026-11-30T06:00:00-18:00",
    ])
    func acceptedFormsMeanDecemberFirstMidnightUTC(_ text: String) {
        #expect(Instant(iso8601: text) == decemberFirst)
    }

    @Test func fractionIsTruncatedNotRounded() {
        #expect(Instant(iso8601: "2026-12-01T00:00:59.999Z") == decemberFirst.adding(seconds: 59))
        #expect(Instant(iso8601: "1969-12-31T23:59:59.9Z") == Instant(seconds: -1))
    }

    @Test(arguments: [
        "", " ", "garbage", "2026", "2026-12", "2026-12-1", "26-12-01", "+2026-12-01", "-0001-01-01", "12026-12-01",
        "2026/12/01", "2026-12-01T", "2026-12-01T00:00", "2026-12-01T00:00Z", "2026-12-01T0:00:00Z",
        "2026-12-01X00:00:00Z", "2026-12-01  00:00:00", "2026-12-01T00:00:00ZZ", "2026-12-01T00:00:00Z junk",
        "2026-12-01 junk", "2026-12-01Z", "2026-12-01T00:00:00.Z", "2026-12-01T00:00:00,5Z",
        "2026-12-01T00:00:00+01", "2026-12-01T00:00:00+1:00", "2026-12-01T00:00:00+01:0",
        "2026-12-01T00:00:00+01:60", "2026-12-01T00:00:00+18:01", "2026-12-01T00:00:00-19:00",
        "2026-12-01T00:00:00+99:00", "2026-12-01T00:00:00 +01:00", "2026-12-01T00:00:00UTC",
        "2026-13-01", "2026-00-01", "2026-12-00", "2026-12-32", "2026-04-31", "2026-02-29", "2100-02-29",
        "2026-02-30", "2026-12-01T24:00:00Z", "2026-12-01T23:60:00Z", "2026-12-01T23:59:60Z",
        "2026-12-01T-1:00:00Z", "２０２６-12-01", "2026-12-01T00:00:00Z\u{0}",
    ])
    func rejectedFormsAreNil(_ text: String) {
        #expect(Instant(iso8601: text) == nil)
    }

    @Test func leapDayExistsOnlyInLeapYears() {
        #expect(Instant(iso8601: "2000-02-29") == Instant(seconds: 951_782_400))
        #expect(Instant(iso8601: "2028-02-29") != nil)
        #expect(Instant(iso8601: "2100-02-29") == nil)
        #expect(Instant(iso8601: "2027-02-29") == nil)
    }

    @Test func yearsZeroToNineThousandNineHundredNinetyNine() {
        #expect(Instant(iso8601: "0000-01-01T00:00:00Z") == Instant(seconds: -62_167_219_200))
        #expect(Instant(iso8601: "9999-12-31T23:59:59Z") == Instant(seconds: 253_402_300_799))
        #expect(Instant(iso8601: "0000-02-29") != nil)  // year 0 is a leap year (divisible by 400)
    }

    @Test func offsetsMoveTheInstantNotTheText() {
        #expect(Instant(iso8601: "2026-12-01T00:00:00+01:00") == decemberFirst.adding(seconds: -3_600))
        #expect(Instant(iso8601: "2026-12-01T00:00:00-05:00") == decemberFirst.adding(seconds: 5 * 3_600))
        #expect(Instant(iso8601: "2026-12-01T00:00:00+05:45") == decemberFirst.adding(seconds: -(5 * 3_600 + 45 * 60)))
    }

    @Test func substringsParseToo() {
        let line = "valid_from=2026-12-01T00:00:00Z;"
        let value = line.dropFirst("valid_from=".count).dropLast()
        #expect(Instant(iso8601: value) == decemberFirst)
    }
}
