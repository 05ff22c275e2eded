import Foundation
import Testing

@testable import TesseraCore

/// The zones the brief names, plus zones whose standard offset itself changed.
private let comparedZones = [
    "Europe/Copenhagen", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe",
    "America/Sao_Paulo", "Pacific/Apia", "Europe/Moscow", "America/Caracas", "Asia/Pyongyang",
    "Pacific/Chatham", "America/St_Johns", "Asia/Kathmandu", "Antarctica/Troll", "Africa/Casablanca",
    "Europe/Dublin", "America/Havana", "UTC",
]

@Suite struct ZoneRulesTests {
    @Test func knownZonesResolve() {
        for identifier in [
            "UTC", "GMT", "GMT0", "GMT+0", "Etc/UTC", "Etc/GMT-14", "Etc/GMT+5", "Europe/Copenhagen", "US/Eastern",
            "Asia/Calcutta",
        ] {
            #expect(ZoneRules.named(identifier)?.identifier == identifier, "\(identifier)")
        }
    }

    @Test func unknownIdentifiersAreNil() {
        for identifier in [
            "", "Foo/Bar", "utc", "europe/copenhagen", " UTC", "Europe/Copenhagen ", "GMT+1", "UTC+01:00", "GMT+0100",
            "+01:00", "local",
        ] {
            #expect(ZoneRules.named(identifier) == nil, "\(identifier)")
        }
    }

    @Test func instancesAreCached() {
        #expect(ZoneRules.named("Europe/Copenhagen") === ZoneRules.named("Europe/Copenhagen"))
    }

    @Test func concurrentLookupsAgree() async {
        let identifiers = await withTaskGroup(of: ObjectIdentifier.self) { group in
            for _ in 0..<32 { group.addTask { ObjectIdentifier(zone("Asia/Kathmandu")) } }
            return await group.reduce(into: Set<ObjectIdentifier>()) { $0.insert($1) }
        }
        #expect(identifiers.count == 1)
    }

    @Test func utcHasNoOffset() {
        for rules in [ZoneRules.utc, zone("UTC")] {
            #expect(rules.offset(at: at("2026-07-01")) == 0)
            #expect(rules.offset(at: Instant(seconds: .min)) == 0)
            #expect(rules.offset(at: Instant(seconds: .max)) == 0)
        }
    }

    @Test func summerAndWinterOffsets() {
        #expect(zone("Europe/Copenhagen").offset(at: at("2026-01-15")) == 3_600)
        #expect(zone("Europe/Copenhagen").offset(at: at("2026-07-15")) == 7_200)
        #expect(zone("America/New_York").offset(at: at("2026-01-15")) == -18_000)
        #expect(zone("America/New_York").offset(at: at("2026-07-15")) == -14_400)
        #expect(zone("Asia/Kolkata").offset(at: at("2026-07-15")) == 19_800)
        #expect(zone("Australia/Lord_Howe").offset(at: at("2026-01-15")) == 39_600)  // +11:00
        #expect(zone("Australia/Lord_Howe").offset(at: at("2026-07-15")) == 37_800)  // +10:30
    }

    @Test func transitionsHappenAtTheExactSecond() {
        let newYork = zone("America/New_York")
        #expect(newYork.offset(at: at("2026-03-08T06:59:59Z")) == -18_000)
        #expect(newYork.offset(at: at("2026-03-08T07:00:00Z")) == -14_400)
        #expect(newYork.offset(at: at("2026-11-01T05:59:59Z")) == -14_400)
        #expect(newYork.offset(at: at("2026-11-01T06:00:00Z")) == -18_000)
    }

    /// Not daylight saving: the zone's standard time itself moved.
    @Test func standardOffsetChanges() {
        let apia = zone("Pacific/Apia")  // skipped 30 December 2011, crossing the date line
        #expect(apia.offset(at: at("2011-12-30T09:59:59Z")) == -10 * 3_600)
        #expect(apia.offset(at: at("2011-12-30T10:00:00Z")) == 14 * 3_600)
        let caracas = zone("America/Caracas")
        #expect(caracas.offset(at: at("2007-01-01")) == -4 * 3_600)
        #expect(caracas.offset(at: at("2008-01-01")) == -(4 * 3_600 + 1_800))
        #expect(caracas.offset(at: at("2017-01-01")) == -4 * 3_600)
        let moscow = zone("Europe/Moscow")
        #expect(moscow.offset(at: at("2012-01-01")) == 4 * 3_600)  // permanent "summer" time
        #expect(moscow.offset(at: at("2015-01-01")) == 3 * 3_600)
        let saoPaulo = zone("America/Sao_Paulo")  // daylight saving abolished in 2019
        #expect(saoPaulo.offset(at: at("2019-01-15")) == -2 * 3_600)
        #expect(saoPaulo.offset(at: at("2020-01-15")) == -3 * 3_600)
        #expect(zone("Asia/Kolkata").offset(at: at("1900-01-01")) == 5 * 3_600 + 21 * 60 + 10)  // local mean time
    }

    /// The table is built from Foundation, so it must agree with Foundation everywhere:
    /// every 13 hours (which walks through all hours of the day) from 1900 to 2200,
    /// and a second either side of every transition.
    @Test(arguments: comparedZones)
    func agreesWithFoundation(_ identifier: String) throws {
        let rules = zone(identifier)
        let foundation = try #require(TimeZone(identifier: identifier))
        var mismatches: [Int64] = []
        func check(_ t: Int64) {
            let expected = foundation.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(t)))
            if Int(rules.offset(at: Instant(seconds: t))) != expected, mismatches.count < 10 { mismatches.append(t) }
        }
        var t = at("1900-01-01").seconds
        while t < at("2200-01-01").seconds {
            check(t)
            t += 13 * 3_600
        }
        for transition in rules.transitions {
            check(transition - 1)
            check(transition)
        }
        #expect(mismatches.map { Instant(seconds: $0) } == [], "\(identifier)")
    }

    /// Past the table, the last 400 years repeat; Foundation extends the final rule alike.
    /// Checked across the table's end and in a far year (Foundation is slow out there).
    @Test(arguments: comparedZones)
    func farFutureFollowsTheLastRule(_ identifier: String) throws {
        let rules = zone(identifier)
        let foundation = try #require(TimeZone(identifier: identifier))
        var mismatches: [Instant] = []
        for (from, until) in [("2499-01-01", "2501-01-01"), ("2999-01-01", "3000-01-01")] {
            var t = at(from).seconds
            while t < at(until).seconds {
                let expected = foundation.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(t)))
                if Int(rules.offset(at: Instant(seconds: t))) != expected, mismatches.count < 10 {
                    mismatches.append(Instant(seconds: t))
                }
                t += 47 * 60
            }
        }
        #expect(mismatches == [], "\(identifier)")
    }

    @Test func localTimeToInstant() {
        let copenhagen = zone("Europe/Copenhagen")
        let local = { (text: String) in at(text).seconds }
        // An ordinary local time.
        #expect(copenhagen.firstInstant(atOrAfterLocal: local("2026-12-01")) == at("2026-11-30T23:00:00Z").seconds)
        // 02:30 on 29 March 2026 does not exist (02:00 -> 03:00): the first instant after the gap.
        #expect(
            copenhagen.firstInstant(atOrAfterLocal: local("2026-03-29T02:30:00")) == at("2026-03-29T01:00:00Z").seconds)
        // 02:30 on 25 October 2026 happens twice: the earlier one.
        #expect(
            copenhagen.firstInstant(atOrAfterLocal: local("2026-10-25T02:30:00")) == at("2026-10-25T00:30:00Z").seconds)
        // Far beyond the table.
        #expect(copenhagen.firstInstant(atOrAfterLocal: local("2999-07-01")) == at("2999-06-30T22:00:00Z").seconds)
        // Before the table: its first offset (local mean time).
        #expect(
            copenhagen.firstInstant(atOrAfterLocal: local("1750-07-01")) == local("1750-07-01")
                - Int64(copenhagen.offsets[0]))
    }
}
