import Foundation
import Testing

@testable import TesseraCore

private let zones = [
    "UTC", "Europe/Copenhagen", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe",
    "America/Sao_Paulo", "Pacific/Apia", "America/Havana", "Pacific/Chatham", "Asia/Tehran",
]

/// Rules every period obeys in every zone, checked at many instants.
@Suite struct PeriodPropertyTests {
    @Test(arguments: zones)
    func periodsTileTime(_ identifier: String) {
        let rules = zone(identifier)
        var broken: [String] = []
        for period in Period.allCases {
            var t = at("1990-01-01").seconds
            while t < at("2040-01-01").seconds {
                let instant = Instant(seconds: t)
                let bounds = period.bounds(containing: instant, in: rules)
                let holds =
                    bounds.contains(instant)
                    && period.start(containing: bounds.lowerBound, in: rules) == bounds.lowerBound
                    && period.start(containing: bounds.upperBound, in: rules) == bounds.upperBound
                    && period.nextStart(after: bounds.lowerBound.adding(seconds: -1), in: rules) == bounds.lowerBound
                if !holds, broken.count < 5 { broken.append("\(period) \(instant) \(bounds)") }
                t += 86_400 * 3 + 3_917
            }
        }
        #expect(broken == [], "\(identifier)")
    }

    /// Foundation's ISO calendar says where days, weeks, months and years start;
    /// away from the rare midnight transitions the two must agree exactly.
    @Test(arguments: [
        "Europe/Copenhagen", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "Pacific/Chatham",
    ])
    func agreesWithFoundationCalendar(_ identifier: String) throws {
        let rules = zone(identifier)
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = try #require(TimeZone(identifier: identifier))
        let components: [(Period, Calendar.Component)] = [
            (.day, .day), (.week, .weekOfYear), (.month, .month), (.year, .year),
        ]
        var mismatches: [String] = []
        var t = at("1995-01-01").seconds
        while t < at("2035-01-01").seconds {
            let instant = Instant(seconds: t)
            for (period, component) in components {
                let interval = try #require(
                    calendar.dateInterval(of: component, for: Date(timeIntervalSince1970: TimeInterval(t))))
                let expected =
                    Instant(
                        seconds: Int64(interval.start.timeIntervalSince1970))..<Instant(
                        seconds: Int64(interval.end.timeIntervalSince1970))
                let actual = period.bounds(containing: instant, in: rules)
                if actual != expected, mismatches.count < 5 {
                    mismatches.append("\(period) \(instant): \(actual) vs \(expected)")
                }
            }
            t += 86_400 * 5 + 7_001
        }
        #expect(mismatches == [], "\(identifier)")
    }

    @Test func farFutureAndFarPastStillWork() {
        let copenhagen = zone("Europe/Copenhagen")
        #expect(Period.month.start(containing: at("2999-07-15"), in: copenhagen) == at("2999-06-30T22:00:00Z"))
        #expect(Period.day.nextStart(after: at("9999-12-31T12:00:00Z"), in: copenhagen) == at("9999-12-31T23:00:00Z"))
        #expect(Period.year.start(containing: at("0000-06-01"), in: zone("UTC")) == at("0000-01-01"))
        for extreme in [Instant(seconds: .max), Instant(seconds: .min)] {
            for period in Period.allCases {
                let bounds = period.bounds(containing: extreme, in: copenhagen)
                #expect(bounds.lowerBound < bounds.upperBound)
            }
        }
    }
}
