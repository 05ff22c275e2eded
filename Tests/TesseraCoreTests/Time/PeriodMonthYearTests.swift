import Testing

@testable import TesseraCore

/// Months and years start at local midnight of their first day.
@Suite struct PeriodMonthYearTests {
    @Test func copenhagenMonthTurnsAtElevenPMUTCInWinter() {
        let copenhagen = zone("Europe/Copenhagen")
        #expect(
            Period.month.start(containing: at("2026-11-30T23:00:00Z"), in: copenhagen) == at("2026-11-30T23:00:00Z"))
        #expect(
            Period.month.start(containing: at("2026-11-30T22:59:59Z"), in: copenhagen) == at("2026-10-31T23:00:00Z"))
        #expect(Period.month.nextStart(after: at("2026-11-30T22:59:59Z"), in: copenhagen) == at("2026-11-30T23:00:00Z"))
        #expect(Period.month.nextStart(after: at("2026-11-30T23:00:00Z"), in: copenhagen) == at("2026-12-31T23:00:00Z"))
    }

    @Test func copenhagenMonthTurnsAtTenPMUTCInSummer() {
        let copenhagen = zone("Europe/Copenhagen")
        #expect(
            Period.month.start(containing: at("2026-06-30T22:00:00Z"), in: copenhagen) == at("2026-06-30T22:00:00Z"))
        #expect(
            Period.month.start(containing: at("2026-06-30T21:59:59Z"), in: copenhagen) == at("2026-05-31T22:00:00Z"))
    }

    @Test func aMonthWithADaylightSavingChangeStartsAndEndsInDifferentOffsets() {
        let copenhagen = zone("Europe/Copenhagen")  // 29 March 2026 02:00 -> 03:00
        let march = Period.month.bounds(containing: at("2026-03-15T12:00:00Z"), in: copenhagen)
        #expect(march == at("2026-02-28T23:00:00Z")..<at("2026-03-31T22:00:00Z"))
        #expect(hours(march) == 31 * 24 - 1)
    }

    @Test func februaryHasTwentyNineDaysInLeapYears() {
        let utc = zone("UTC")
        #expect(
            Period.month.bounds(containing: at("2028-02-29T12:00:00Z"), in: utc) == at("2028-02-01")..<at("2028-03-01"))
        #expect(hours(Period.month.bounds(containing: at("2000-02-10"), in: utc)) == 29 * 24)
        #expect(hours(Period.month.bounds(containing: at("2100-02-10"), in: utc)) == 28 * 24)
        #expect(hours(Period.month.bounds(containing: at("2027-02-10"), in: utc)) == 28 * 24)
    }

    @Test func decemberIsFollowedByJanuaryOfTheNextYear() {
        #expect(Period.month.nextStart(after: at("2026-12-31T23:59:59Z"), in: zone("UTC")) == at("2027-01-01"))
    }

    @Test func yearBoundary() {
        let utc = zone("UTC")
        #expect(Period.year.bounds(containing: at("2026-07-01"), in: utc) == at("2026-01-01")..<at("2027-01-01"))
        #expect(Period.year.start(containing: at("2026-12-31T23:59:59Z"), in: utc) == at("2026-01-01"))
        #expect(Period.year.start(containing: at("2027-01-01T00:00:00Z"), in: utc) == at("2027-01-01"))
        let copenhagen = zone("Europe/Copenhagen")
        #expect(Period.year.nextStart(after: at("2026-12-31T22:59:59Z"), in: copenhagen) == at("2026-12-31T23:00:00Z"))
        #expect(Period.year.start(containing: at("2026-12-31T23:00:00Z"), in: copenhagen) == at("2026-12-31T23:00:00Z"))
        let newYork = zone("America/New_York")
        #expect(Period.year.start(containing: at("2027-01-01T04:59:59Z"), in: newYork) == at("2026-01-01T05:00:00Z"))
        #expect(Period.year.start(containing: at("2027-01-01T05:00:00Z"), in: newYork) == at("2027-01-01T05:00:00Z"))
    }

    @Test func leapYearsHaveThreeHundredSixtySixDays() {
        let utc = zone("UTC")
        #expect(hours(Period.year.bounds(containing: at("2028-06-01"), in: utc)) == 366 * 24)
        #expect(hours(Period.year.bounds(containing: at("2000-06-01"), in: utc)) == 366 * 24)
        #expect(hours(Period.year.bounds(containing: at("2100-06-01"), in: utc)) == 365 * 24)
    }
}
