import Foundation
import Testing

@testable import TesseraClient

/// Every reply shape of SPEC §4 (and the §7 fields) read into typed values.
@Suite struct ReplyDecodingTests {
    static func reply(_ lines: String...) -> Reply { Reply(lines: lines) }

    static func date(_ text: String) -> Date {
        let f = ISO8601DateFormatter()
        return f.date(from: text)!
    }

    @Test func theSpecsEvalExample() throws {
        let eval = try Self.reply(
            "OFFER id=seat-unlock name=VIP%20seats via=code remaining=1 max_order=1 discount=none value=0",
            "TICKET offer=seat-unlock id=gala-seated price=6000 base=6000",
            "SEAT offer=seat-unlock label=North-1",
            "CODE value=vip321 status=ok",
            "OK offers=1"
        ).decode(EvalResult.self)
        #expect(
            eval
                == EvalResult(
                    offers: [
                        .init(
                            id: "seat-unlock", name: "VIP seats", via: .code, remaining: .count(1), maxOrder: .count(1),
                            minOrder: nil, budgetLeft: nil, discount: .none, value: 0, resets: nil,
                            tickets: [.init(offer: "seat-unlock", id: "gala-seated", price: 6000, base: 6000, max: nil, best: false)],
                            seats: [.init(offer: "seat-unlock", label: "North-1", category: nil)])
                    ],
                    codes: [.init(value: "vip321", status: .ok)]))
    }

    @Test func evalWithEveryOptionalField() throws {
        let eval = try Self.reply(
            "OFFER id=club-monthly name=Tessera%20Club:%2010%20tickets%20a%20month via=login remaining=unlimited max_order=10 min_order=2 budget_left=9000 discount=price value=1500 resets=2026-11-30T23:00:00Z",
            "TICKET offer=club-monthly id=gala-standing price=1500 base=3500 max=6 best=1",
            "TICKET offer=club-monthly id=jazz-standard price=1500 base=2500 max=unlimited",
            "SEAT offer=club-monthly label=S2-01 category=Section2",
            "SEAT offer=club-monthly label=S2-02",
            "OFFER id=x%3Ay name=%C3%98 via=code remaining=0 max_order=0 discount=percent value=15",
            "CODE value=CLUB-1001 status=ok",
            "CODE value=a%20b status=used_up",
            "CODE value=c status=wrong_event",
            "CODE value=d status=not_yet_valid",
            "CODE value=e status=expired",
            "CODE value=f status=unknown",
            "CODE value=g status=lost_in_space",
            "OK offers=2"
        ).decode(EvalResult.self)
        let club = try #require(eval.offer("club-monthly"))
        #expect(club.name == "Tessera Club: 10 tickets a month")
        #expect(club.via == .login && club.remaining == .unlimited && club.maxOrder == .count(10))
        #expect(club.minOrder == 2 && club.budgetLeft == 9000 && club.discount == .price && club.value == 1500)
        #expect(club.resets == Self.date("2026-11-30T23:00:00Z"))
        #expect(club.tickets.map(\.max) == [.count(6), .unlimited])
        #expect(club.tickets.map(\.best) == [true, false])
        #expect(club.seats.map(\.category) == ["Section2", nil])
        let other = try #require(eval.offer("x:y"))
        #expect(other.name == "Ø" && other.remaining == .count(0) && other.discount == .percent && other.tickets.isEmpty)
        #expect(
            eval.codes.map(\.status) == [.ok, .usedUp, .wrongEvent, .notYetValid, .expired, .unknown, .other("lost_in_space")])
        #expect(eval.codes[1].value == "a b")
    }

    @Test func anEvalWithNothingGranted() throws {
        let eval = try Self.reply("CODE value=vip321 status=wrong_event", "OK offers=0").decode(EvalResult.self)
        #expect(eval.offers.isEmpty && eval.codes == [.init(value: "vip321", status: .wrongEvent)])
    }

    @Test func anEvalThatDoesNotAddUpIsMalformed() {
        for lines in [
            ["TICKET offer=a id=t price=1 base=1", "OK offers=0"],
            ["OFFER id=a name=A via=code remaining=1 max_order=1 discount=none value=0", "SEAT offer=b label=x", "OK offers=1"],
            ["OFFER id=a name=A via=code remaining=1 max_order=1 discount=none value=0", "OK offers=2"],
            ["OFFER id=a name=A via=code remaining=lots max_order=1 discount=none value=0", "OK offers=1"],
            ["OFFER id=a name=A via=code remaining=1 max_order=1 discount=none", "OK offers=1"],
            ["OFFER id=a name=A%2 via=code remaining=1 max_order=1 discount=none value=0", "OK offers=1"],
            ["CODE value=x status=ok", "OFFER id=a name=A via=code remaining=1 max_order=1 discount=none value=0", "OK offers=1"],
            ["HELD offer=a qty=1 remaining=0", "OK offers=0"],
        ] {
            #expect(throws: ClientError.self, "\(lines)") { try Reply(lines: lines).decode(EvalResult.self) }
        }
    }

    @Test func holdCommitAndRelease() throws {
        let hold = try Self.reply(
            "HELD offer=thank-you-ticket qty=1 remaining=0",
            "HELD offer=bulk%20offer qty=3 remaining=unlimited budget_left=120",
            "OK id=cart%201 expires=2026-11-23T12:15:00Z"
        ).decode(HoldResult.self)
        #expect(hold.id == "cart 1")
        #expect(hold.expires == Self.date("2026-11-23T12:15:00Z"))
        #expect(
            hold.held == [
                .init(offer: "thank-you-ticket", quantity: 1, remaining: .count(0), budgetLeft: nil),
                .init(offer: "bulk offer", quantity: 3, remaining: .unlimited, budgetLeft: 120),
            ])

        let commit = try Self.reply("OK id=cart-1 state=committed").decode(HoldStatus.self)
        #expect(commit == HoldStatus(id: "cart-1", state: .committed, released: []))
        #expect(try Self.reply("OK id=cart-1 state=released").decode(HoldStatus.self).state == .released)
        let partial = try Self.reply("RELEASED offer=o qty=2 remaining=5", "OK id=h state=held").decode(HoldStatus.self)
        #expect(partial.state == .held && partial.released == [.init(offer: "o", quantity: 2, remaining: .count(5), budgetLeft: nil)])
        #expect(throws: ClientError.self) { try Self.reply("OK id=h").decode(HoldStatus.self) }
        #expect(throws: ClientError.self) { try Self.reply("OK id=h expires=soon").decode(HoldResult.self) }
    }

    @Test func theOtherVerbs() throws {
        #expect(try Self.reply("OK offers=11 members=29 ms=1").decode(ReloadResult.self) == ReloadResult(offers: 11, members: 29, milliseconds: 1))
        let stats = try Self.reply("STAT name=uptime_seconds value=3", "STAT name=requests_total value=42", "OK").decode(Stats.self)
        #expect(stats.counters.map(\.name) == ["uptime_seconds", "requests_total"])
        #expect(stats["requests_total"] == 42 && stats["nope"] == nil)
        #expect(try Self.reply("OK now=2026-11-23T12:00:00Z").decode(ClockResult.self).now == Self.date("2026-11-23T12:00:00Z"))
        let help = try Self.reply("VERB name=PING help=Answers%20OK.", "VERB name=EVAL help=What%20may%20this%20customer%20unlock%3F", "OK")
            .decode(HelpResult.self)
        #expect(help.verbs.map(\.name) == ["PING", "EVAL"])
        #expect(help["EVAL"] == "What may this customer unlock?")
        let info = try Self.reply("INFO key=version value=0.14.0", "INFO key=catalog value=%2Fvar%2Flib%2Fcatalog.db", "OK")
            .decode(InfoResult.self)
        #expect(info["version"] == "0.14.0" && info["catalog"] == "/var/lib/catalog.db")
        #expect(info.entries.map(\.key) == ["version", "catalog"])
        #expect(throws: ClientError.self) { try Self.reply("STAT name=x value=many", "OK").decode(Stats.self) }
        #expect(throws: ClientError.self) { try Self.reply("INFO key=x", "OK").decode(InfoResult.self) }
    }

    /// Every shape read from bytes split at every offset: framing and decoding together.
    @Test func decodedFromBytesSplitAtEveryOffset() throws {
        let text = """
            OFFER id=seat-unlock name=VIP%20seats via=code remaining=1 max_order=1 discount=none value=0
            TICKET offer=seat-unlock id=gala-seated price=6000 base=6000
            SEAT offer=seat-unlock label=North-1
            CODE value=vip321 status=ok
            OK offers=1
            HELD offer=thank-you-ticket qty=1 remaining=0
            OK id=cart-1 expires=2026-11-23T12:15:00Z
            ERR limit_reached offer=thank-you-ticket remaining=0

            """
        let bytes = Array(text.utf8)
        for split in 0...bytes.count {
            var reader = ReplyReader()
            var replies: [Reply] = []
            for chunk in [bytes[..<split], bytes[split...]] {
                reader.append(chunk)
                while let reply = reader.next() { replies.append(reply) }
            }
            try #require(replies.count == 3, "split at \(split)")
            #expect(try replies[0].decode(EvalResult.self).offers.first?.seats.first?.label == "North-1")
            #expect(try replies[1].decode(HoldResult.self).held.first?.remaining == .count(0))
            #expect(replies[2].error?.code == .limitReached && replies[2].error?["remaining"] == "0")
        }
    }
}
