import Testing

@testable import TesseraCore

/// A week is an ISO week: Monday 00:00 local to the next Monday 00:00 local.
@Suite struct PeriodWeekTests {
    @Test func weeksStartOnMonday() {
        let utc = zone("UTC")
        // Monday 30 November 2026 to Monday 7 December.
        let week = at("2026-11-30")..<at("2026-12-07")
        #expect(Period.week.bounds(containing: at("2026-11-30T00:00:00Z"), in: utc) == week)
        #expect(Period.week.bounds(containing: at("2026-12-03T15:00:00Z"), in: utc) == week)
        // Sunday, even its last second, is still the old week.
        #expect(Period.week.bounds(containing: at("2026-12-06T23:59:59Z"), in: utc) == week)
        #expect(Period.week.start(containing: at("2026-12-07T00:00:00Z"), in: utc) == at("2026-12-07"))
    }

    @Test func weeksStartAtLocalMidnight() {
        let copenhagen = zone("Europe/Copenhagen")
        #expect(Period.week.start(containing: at("2026-12-06T22:59:59Z"), in: copenhagen) == at("2026-11-29T23:00:00Z"))
        #expect(Period.week.start(containing: at("2026-12-06T23:00:00Z"), in: copenhagen) == at("2026-12-06T23:00:00Z"))
    }

    @Test func aWeekSpansTheYearChange() {
        let utc = zone("UTC")
        // Monday 28 December 2026 to Sunday 3 January 2027.
        let week = at("2026-12-28")..<at("2027-01-04")
        #expect(Period.week.bounds(containing: at("2027-01-01T12:00:00Z"), in: utc) == week)
        #expect(Period.week.bounds(containing: at("2026-12-31T23:59:59Z"), in: utc) == week)
        #expect(Period.week.bounds(containing: at("2027-01-03T23:59:59Z"), in: utc) == week)
        #expect(Period.week.nextStart(after: at("2026-12-27T23:59:59Z"), in: utc) == at("2026-12-28"))
    }

    @Test func newYorkSpringWeekIsOneHourShort() {
        let newYork = zone("America/New_York")  // DST starts Sunday 8 March 2026
        let week = Period.week.bounds(containing: at("2026-03-08T12:00:00Z"), in: newYork)
        #expect(week == at("2026-03-02T05:00:00Z")..<at("2026-03-09T04:00:00Z"))
        #expect(hours(week) == 7 * 24 - 1)
    }

    @Test func newYorkAutumnWeekIsOneHourLong() {
        let newYork = zone("America/New_York")  // DST ends Sunday 1 November 2026
        let week = Period.week.bounds(containing: at("2026-11-01T12:00:00Z"), in: newYork)
        #expect(week == at("2026-10-26T04:00:00Z")..<at("2026-11-02T05:00:00Z"))
        #expect(hours(week) == 7 * 24 + 1)
        #expect(Period.week.nextStart(after: at("2026-11-02T04:59:59Z"), in: newYork) == at("2026-11-02T05:00:00Z"))
    }
}
