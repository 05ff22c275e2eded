import Testing

@testable import TesseraCore

/// A day is the calendar day in the offer's zone: local midnight to local midnight.
@Suite struct PeriodDayTests {
    @Test func utcDaysStartAtMidnightUTC() {
        let utc = zone("UTC")
        #expect(Period.day.start(containing: at("2026-12-01T13:14:15Z"), in: utc) == at("2026-12-01T00:00:00Z"))
        #expect(Period.day.nextStart(after: at("2026-12-01T13:14:15Z"), in: utc) == at("2026-12-02T00:00:00Z"))
        #expect(Period.day.start(containing: at("2026-12-01T00:00:00Z"), in: utc) == at("2026-12-01T00:00:00Z"))
        #expect(Period.day.start(containing: at("2026-11-30T23:59:59Z"), in: utc) == at("2026-11-30T00:00:00Z"))
    }

    @Test func kolkataDaysTurnAtSixThirtyPMUTC() {
        let kolkata = zone("Asia/Kolkata")  // +05:30 all year
        #expect(Period.day.start(containing: at("2026-12-01T18:30:00Z"), in: kolkata) == at("2026-12-01T18:30:00Z"))
        #expect(Period.day.start(containing: at("2026-12-01T18:29:59Z"), in: kolkata) == at("2026-11-30T18:30:00Z"))
        #expect(Period.day.nextStart(after: at("2026-12-01T18:29:59Z"), in: kolkata) == at("2026-12-01T18:30:00Z"))
        #expect(Period.day.nextStart(after: at("2026-12-01T18:30:00Z"), in: kolkata) == at("2026-12-02T18:30:00Z"))
    }

    @Test func newYorkSpringDayIsTwentyThreeHours() {
        let newYork = zone("America/New_York")  // 8 March 2026: 02:00 EST -> 03:00 EDT
        let day = Period.day.bounds(containing: at("2026-03-08T12:00:00Z"), in: newYork)
        #expect(day == at("2026-03-08T05:00:00Z")..<at("2026-03-09T04:00:00Z"))
        #expect(hours(day) == 23)
    }

    @Test func newYorkAutumnDayIsTwentyFiveHours() {
        let newYork = zone("America/New_York")  // 1 November 2026: 02:00 EDT -> 01:00 EST
        let day = Period.day.bounds(containing: at("2026-11-01T12:00:00Z"), in: newYork)
        #expect(day == at("2026-11-01T04:00:00Z")..<at("2026-11-02T05:00:00Z"))
        #expect(hours(day) == 25)
        // The repeated hour 01:00–02:00 is the same day, both times.
        #expect(Period.day.start(containing: at("2026-11-01T05:30:00Z"), in: newYork) == day.lowerBound)
        #expect(Period.day.start(containing: at("2026-11-01T06:30:00Z"), in: newYork) == day.lowerBound)
    }

    @Test func leapDayIsADayAndIsFollowedByTheFirstOfMarch() {
        let utc = zone("UTC")
        #expect(
            Period.day.bounds(containing: at("2028-02-29T12:00:00Z"), in: utc) == at("2028-02-29")..<at("2028-03-01"))
        #expect(Period.day.nextStart(after: at("2000-02-28T23:59:59Z"), in: utc) == at("2000-02-29"))
        // 2100 is not a leap year: 28 February is followed by 1 March.
        #expect(Period.day.nextStart(after: at("2100-02-28T12:00:00Z"), in: utc) == at("2100-03-01"))
        let copenhagen = zone("Europe/Copenhagen")
        #expect(
            Period.day.bounds(containing: at("2028-02-29T12:00:00Z"), in: copenhagen)
                == at("2028-02-28T23:00:00Z")..<at("2028-02-29T23:00:00Z"))
    }

    /// São Paulo used to start daylight saving at midnight: 4 November 2018 had no 00:00.
    @Test func missingMidnightStartsTheDayAfterTheGap() {
        let saoPaulo = zone("America/Sao_Paulo")
        let day = Period.day.bounds(containing: at("2018-11-04T12:00:00Z"), in: saoPaulo)
        #expect(day.lowerBound == at("2018-11-04T03:00:00Z"))  // 01:00 -02:00, the first instant after the gap
        #expect(hours(day) == 23)
        #expect(Period.day.nextStart(after: at("2018-11-04T02:59:59Z"), in: saoPaulo) == at("2018-11-04T03:00:00Z"))
    }

    /// São Paulo ended daylight saving at midnight: on 17 February 2019 the clock went
    /// from 23:59:59 -02:00 back to 23:00 -03:00, so 16 February had 25 hours.
    @Test func hourRepeatedBeforeMidnightStaysInTheOldDay() {
        let saoPaulo = zone("America/Sao_Paulo")
        let day = Period.day.bounds(containing: at("2019-02-17T02:30:00Z"), in: saoPaulo)
        #expect(day == at("2019-02-16T02:00:00Z")..<at("2019-02-17T03:00:00Z"))
        #expect(hours(day) == 25)
    }

    /// Havana ends daylight saving at 01:00 -04:00, back to 00:00 -05:00: on
    /// 1 November 2026 midnight happens twice, and the day starts at the first.
    @Test func repeatedMidnightStartsTheDayAtTheEarlierOne() {
        let havana = zone("America/Havana")
        let day = Period.day.bounds(containing: at("2026-11-01T12:00:00Z"), in: havana)
        #expect(day == at("2026-11-01T04:00:00Z")..<at("2026-11-02T05:00:00Z"))
        #expect(hours(day) == 25)
        #expect(Period.day.nextStart(after: at("2026-11-01T03:59:59Z"), in: havana) == at("2026-11-01T04:00:00Z"))
        #expect(Period.month.start(containing: at("2026-11-01T04:30:00Z"), in: havana) == at("2026-11-01T04:00:00Z"))
    }

    /// Havana starts daylight saving at midnight: 8 March 2026 00:00 -05:00 became 01:00 -04:00.
    @Test func havanaMissingMidnight() {
        let havana = zone("America/Havana")
        #expect(Period.day.start(containing: at("2026-03-08T12:00:00Z"), in: havana) == at("2026-03-08T05:00:00Z"))
        #expect(Period.day.nextStart(after: at("2026-03-07T12:00:00Z"), in: havana) == at("2026-03-08T05:00:00Z"))
        #expect(hours(Period.day.bounds(containing: at("2026-03-08T12:00:00Z"), in: havana)) == 23)
    }

    /// A zone that sets clocks back from 00:30 to 23:30 the day before: midnight comes
    /// twice on different sides of the jump. The day starts at the first midnight, so the
    /// second 23:30–00:00 already belongs to the new day.
    @Test func repeatedSpanAcrossMidnightBelongsToTheNewDay() {
        let jump = at("2026-06-01T23:30:00Z")  // 00:30 on 2 June at +01:00
        let rules = ZoneRules(identifier: "Test/BackAcrossMidnight", transitions: [jump.seconds], offsets: [3_600, 0])
        let day = Period.day.bounds(containing: jump, in: rules)
        #expect(day == at("2026-06-01T23:00:00Z")..<at("2026-06-03T00:00:00Z"))
        #expect(Period.day.start(containing: at("2026-06-01T23:45:00Z"), in: rules) == at("2026-06-01T23:00:00Z"))
        #expect(Period.day.nextStart(after: at("2026-06-01T22:59:59Z"), in: rules) == at("2026-06-01T23:00:00Z"))
        #expect(Period.day.start(containing: at("2026-06-01T22:59:59Z"), in: rules) == at("2026-05-31T23:00:00Z"))
    }

    /// Samoa skipped 30 December 2011 entirely: 29 December ends where 31 December begins.
    @Test func skippedDayIsEmpty() {
        let apia = zone("Pacific/Apia")
        #expect(
            Period.day.bounds(containing: at("2011-12-30T09:59:59Z"), in: apia)
                == at("2011-12-29T10:00:00Z")..<at("2011-12-30T10:00:00Z"))
        #expect(
            Period.day.bounds(containing: at("2011-12-30T10:00:00Z"), in: apia)
                == at("2011-12-30T10:00:00Z")..<at("2011-12-31T10:00:00Z"))
    }
}
