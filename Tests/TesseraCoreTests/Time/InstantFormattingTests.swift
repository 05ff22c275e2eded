import Testing

@testable import TesseraCore

@Suite struct InstantFormattingTests {
    @Test func formatsUTCWithSecondsAndZ() {
        #expect(Instant(seconds: 1_796_083_200).iso8601 == "2026-12-01T00:00:00Z")
        #expect(Instant(seconds: 0).iso8601 == "1970-01-01T00:00:00Z")
        #expect(Instant(seconds: -1).iso8601 == "1969-12-31T23:59:59Z")
        #expect(Instant(seconds: 951_782_400 + 86_399).iso8601 == "2000-02-29T23:59:59Z")
        #expect(Instant(seconds: -62_167_219_200).iso8601 == "0000-01-01T00:00:00Z")
        #expect(Instant(seconds: 253_402_300_799).iso8601 == "9999-12-31T23:59:59Z")
    }

    @Test func offsetFormsAreFormattedInUTC() {
        #expect(at("2026-12-01T01:00:00+01:00").iso8601 == "2026-12-01T00:00:00Z")
        #expect(at("2026-12-01").iso8601 == "2026-12-01T00:00:00Z")
        #expect(at("2026-12-01 12:34:56.789").iso8601 == "2026-12-01T12:34:56Z")
    }

    @Test func yearsOutsideTheCatalogRangeStillFormat() {
        #expect(Instant(seconds: 253_402_300_800).iso8601 == "+10000-01-01T00:00:00Z")
        #expect(Instant(seconds: -62_167_219_201).iso8601 == "-0001-12-31T23:59:59Z")
        #expect(!Instant(seconds: .max).iso8601.isEmpty)
        #expect(!Instant(seconds: .min).iso8601.isEmpty)
    }

    @Test func roundTripsThroughText() {
        // Steps that are not a divisor of a day, so every second of day and month show up.
        var seconds: Int64 = -62_167_219_200
        while seconds <= 253_402_300_799 {
            let instant = Instant(seconds: seconds)
            #expect(Instant(iso8601: instant.iso8601) == instant)
            seconds += 9_876_543
        }
    }

    @Test func roundTripsEveryDayOfALeapAndACenturyYear() {
        for start in [at("2000-01-01"), at("2100-01-01"), at("2028-01-01")] {
            for day in Int64(0)..<367 {
                let instant = start.adding(seconds: day * 86_400 + day * 37 % 86_400)
                #expect(Instant(iso8601: instant.iso8601) == instant)
            }
        }
    }

    @Test func descriptionIsTheISOForm() {
        #expect("\(at("2026-12-01"))" == "2026-12-01T00:00:00Z")
    }
}
