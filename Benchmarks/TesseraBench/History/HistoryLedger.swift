import Foundation
import TesseraCore
import TesseraProtocol
import TesseraStore

/// Issue 17's history: a catalog (one event, one ticket type, one audience of `members`
/// customers, `offers` login offers) and a ledger of `holds` finished holds over them,
/// `committedPercent` % committed and the rest half released, half expired, as a server
/// would have written them over the past year. Written straight with SQLite: one
/// transaction, prepared statements, no journal, so 10 million holds take minutes, not
/// the hours the server's own fsync'd writes would.
///
/// The ledger is a format-4 ledger, the durable sums of its commits included: created by
/// `Ledger` (its schema), then filled. Beside it, `<ledger>.json` keeps what the answers
/// must be (`HistoryExpectations`), so a cached ledger can be checked again.
struct HistoryLedger {
    var holds: Int
    var members: Int
    var offers: Int
    var committedPercent: Int

    /// Every member's limit per offer: EVAL's `remaining` is this less the member's commits.
    static let perMember = 1_000
    static let price = 2_000
    /// The discount of each unit (an `amount` offer), so commits carry money too.
    static let discount = 100
    static let event = "ev-1"
    static let ticket = "tt-1"

    func offerID(_ o: Int) -> String { "o-" + String(format: "%03d", o + 1) }
    static func customer(_ m: Int) -> String { "c-\(m)" }
    static func holdID(_ i: Int) -> String { "h" + String(format: "%08d", i) }

    var stem: String { "history-\(holds)-\(members)-\(offers)-\(committedPercent)" }

    /// The catalog: small beside the ledger, written every time (a second or less).
    func writeCatalog(to path: String) throws {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        let db = try Database(path: path, mode: .create)
        try db.execute("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF")
        try db.execute("BEGIN")
        try CatalogSchema.create(in: db)
        try db.execute(
            """
            INSERT INTO events (id, name) VALUES ('\(Self.event)', 'History night');
            INSERT INTO ticket_types (id, event_id, name, price) VALUES ('\(Self.ticket)', '\(Self.event)', 'Standing', \(Self.price));
            INSERT INTO audiences (id, name) VALUES ('fans', 'Fans');
            """)
        let member = try db.prepare("INSERT INTO members (id, audience_id, customer_id) VALUES (?, 'fans', ?)")
        for m in 1...members {
            try member.bind(m, at: 1)
            try member.bind(Self.customer(m), at: 2)
            try member.run()
        }
        let offer = try db.prepare(
            """
            INSERT INTO offers (id, name, audience_id, unlock, discount, value, per_member, scope)
            VALUES (?, ?, 'fans', 'login', 'amount', \(Self.discount), \(Self.perMember), 'all')
            """)
        for o in 0..<offers {
            try offer.bind(offerID(o), at: 1)
            try offer.bind("Offer \(o + 1)", at: 2)
            try offer.run()
        }
        try db.execute("COMMIT")
    }

    /// Writes the ledger at `path` (replacing any file there) and returns what its
    /// answers must be.
    func writeLedger(to path: String, now: Instant, log: (String) -> Void) throws -> HistoryExpectations {
        for suffix in ["", "-wal", "-shm", ".json"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        try Ledger(path: path).close()  // the format-4 schema, empty
        let db = try Database(path: path, mode: .readWrite)
        // Rewritten from scratch if interrupted: no journal, no fsync.
        _ = try db.pragma("journal_mode", "OFF")
        try db.execute("PRAGMA synchronous = OFF; PRAGMA cache_size = -262144")
        try db.execute("BEGIN")
        let insertHold = try db.prepare(
            """
            INSERT INTO holds (seq, id, content, reply, created_at, expires_at, state, order_ref, updated_at)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?6)
            """)
        let insertTake = try db.prepare(
            "INSERT INTO takes (hold, position, offer_id, quantity, remaining_after) VALUES (?, 0, ?, 1, ?)")
        let insertAllocation = try db.prepare(
            """
            INSERT INTO allocations (hold, take, position, offer_id, member_key, event_id, period_start, quantity)
            VALUES (?, 0, 0, ?, ?, NULL, NULL, 1)
            """)
        let insertUnit = try db.prepare(
            "INSERT INTO units (hold, take, position, offer_id, ticket_id, amount) VALUES (?, 0, 0, ?, '\(Self.ticket)', \(Self.discount))")

        var rng = SplitMix64(seed: 17)
        var committed: [Int: Int] = [:]  // member * offers + offer → commits
        var expect = HistoryExpectations(evalCustomer: "", remaining: [:], repeats: [], refund: nil)
        // EVAL asks as the member of the first commit, so its answer shows usage from the sums.
        var evalMember: Int?
        let ttl = 900
        // One hold every 3 s, ending a day ago: all expired by now.
        let first = now.seconds - Int64(holds) * 3 - 86_400
        var committedHolds = 0
        var refundPair: (member: Int, offer: Int)?
        var refundHold: (id: String, offer: String, member: Int)?
        let started = Date()
        for i in 0..<holds {
            let seq = Int64(i + 1)
            let member = Int(rng.next() % UInt64(members)) + 1
            let o = Int(rng.next() % UInt64(offers))
            let roll = Int(rng.next() % 100)
            let state: HoldRecord.State = roll < committedPercent ? .committed : (roll % 2 == 0 ? .released : .held)
            let id = Self.holdID(i + 1)
            let offer = offerID(o)
            let created = Instant(seconds: first + Int64(i) * 3)
            let expires = created.adding(seconds: Int64(ttl))
            let content = HoldContent(
                event: Self.event, shopper: Shopper(customer: Self.customer(member), email: nil, codes: []),
                items: [HoldItem(offerID: offer, ticketID: Self.ticket, quantity: 1)], ttl: ttl
            ).text
            let remaining = Self.perMember - 1 - committed[member * offers + o, default: 0]
            var reply = ReplyWriter(capacity: 96)
            reply.word("HELD")
            reply.field("offer", offer)
            reply.field("qty", 1)
            reply.field("remaining", remaining)
            reply.endLine()
            reply.word("OK")
            reply.field("id", id)
            reply.field("expires", expires)
            reply.endLine()
            try insertHold.bind(seq, at: 1)
            try insertHold.bind(id, at: 2)
            try insertHold.bind(content, at: 3)
            try insertHold.bind(blob: reply.bytes, at: 4)
            try insertHold.bind(created.seconds, at: 5)
            try insertHold.bind(expires.seconds, at: 6)
            try insertHold.bind(state.rawValue, at: 7)
            try insertHold.bind(state == .committed ? "order-\(i + 1)" : nil, at: 8)
            try insertHold.run()
            try insertTake.bind(seq, at: 1)
            try insertTake.bind(offer, at: 2)
            try insertTake.bind(remaining, at: 3)
            try insertTake.run()
            try insertAllocation.bind(seq, at: 1)
            try insertAllocation.bind(offer, at: 2)
            try insertAllocation.bind(MemberKey.row(Int64(member)).ledgerText, at: 3)
            try insertAllocation.run()
            try insertUnit.bind(seq, at: 1)
            try insertUnit.bind(offer, at: 2)
            try insertUnit.run()

            if state == .committed {
                committed[member * offers + o, default: 0] += 1
                committedHolds += 1
                if evalMember == nil { evalMember = member }
                if refundHold == nil, member != evalMember {
                    refundHold = (id, offer, member)
                    refundPair = (member, o)
                }
            }
            // One repeat of each kind: the first committed, released and expired holds.
            if !expect.repeats.contains(where: { $0.state == state.rawValue }) {
                let line = "HOLD id=\(id) event=\(Self.event) customer=\(Self.customer(member)) item=\(offer):\(Self.ticket):1 ttl=\(ttl)"
                expect.repeats.append(.init(id: id, state: state.rawValue, line: line, reply: String(decoding: reply.bytes, as: UTF8.self)))
            }
            if (i + 1) % 1_000_000 == 0 {
                log(String(format: "  %d holds written (%.0f s)", i + 1, Date().timeIntervalSince(started)))
            }
        }

        // The durable sums (LedgerSchema.totalsSQL), as the server's writer keeps them.
        let insertSlot = try db.prepare(
            "INSERT INTO usage_slots (offer_id, member_key, event_id, period_start, quantity) VALUES (?, ?, NULL, NULL, ?)")
        var perOffer = [Int](repeating: 0, count: offers)
        for (key, count) in committed.sorted(by: { $0.key < $1.key }) {
            let (member, o) = key.quotientAndRemainder(dividingBy: offers)
            perOffer[o] += count
            try insertSlot.bind(offerID(o), at: 1)
            try insertSlot.bind(MemberKey.row(Int64(member)).ledgerText, at: 2)
            try insertSlot.bind(count, at: 3)
            try insertSlot.run()
        }
        let insertOffer = try db.prepare("INSERT INTO usage_offers (offer_id, quantity, amount) VALUES (?, ?, ?)")
        for o in 0..<offers where perOffer[o] > 0 {
            try insertOffer.bind(offerID(o), at: 1)
            try insertOffer.bind(perOffer[o], at: 2)
            try insertOffer.bind(perOffer[o] * Self.discount, at: 3)
            try insertOffer.run()
        }
        try db.execute(
            """
            UPDATE ledger_counts SET value = \(holds) WHERE name = 'holds';
            UPDATE ledger_counts SET value = \(committedHolds) WHERE name = 'committed';
            UPDATE ledger_counts SET value = \(members) WHERE name = 'highest_member';
            COMMIT
            """)
        _ = try db.pragma("journal_mode", "WAL")

        let asker = evalMember ?? 1
        expect.evalCustomer = Self.customer(asker)
        for o in 0..<offers {
            expect.remaining[offerID(o)] = Self.perMember - committed[asker * offers + o, default: 0]
        }
        if let refundHold, let refundPair {
            // The refund gives one unit back: remaining is the limit less the other commits.
            let left = Self.perMember - (committed[refundPair.member * offers + refundPair.offer, default: 0] - 1)
            expect.refund = .init(
                line: "RELEASE id=\(refundHold.id) item=\(refundHold.offer):\(Self.ticket):1 refund=bench-r1",
                reply: "RELEASED offer=\(refundHold.offer) qty=1 remaining=\(left)\nOK id=\(refundHold.id) state=released\n")
        }
        let data = try JSONEncoder().encode(expect)
        try data.write(to: URL(fileURLWithPath: path + ".json"))
        return expect
    }
}

/// What a history ledger's answers must be, kept beside it as JSON.
struct HistoryExpectations: Codable {
    struct Exchange: Codable {
        var id = ""
        var state = ""
        var line: String
        var reply: String
    }

    /// EVAL by this customer shows `remaining` per offer: the limit less its commits.
    var evalCustomer: String
    var remaining: [String: Int]
    /// HOLD lines repeated byte for byte: one committed, one released, one expired.
    var repeats: [Exchange]
    /// A partial release of an old commit (its only unit), and its answer.
    var refund: Exchange?

    static func read(_ path: String) -> HistoryExpectations? {
        guard let data = FileManager.default.contents(atPath: path + ".json") else { return nil }
        return try? JSONDecoder().decode(Self.self, from: data)
    }
}
