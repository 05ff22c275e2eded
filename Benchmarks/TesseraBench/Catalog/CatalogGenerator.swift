import Foundation
import TesseraStore

/// Writes a synthetic catalog (SPEC §2 tables) that mixes every rule: periods
/// in four time zones, event and all-event scopes, budgets, per-member and
/// per-order limits, promo codes, login/code/any unlocks, seats and categories,
/// validity windows in the past and the future, inactive audiences, disabled
/// offers, attendee audiences, and customers in up to 20 audiences.
///
/// Beside the catalog tables (extra tables are allowed, SPEC §2) it writes
/// `bench_requests`: identities and codes that the rules do grant something
/// to, with an event where they do, so the workloads ask realistic questions
/// and a cached catalog file carries its own requests.
enum CatalogGenerator {
    /// Bumped whenever the generated content changes (it names cached files).
    static let version = 3

    static let zones = ["UTC", "Europe/Copenhagen", "America/New_York", "Asia/Kolkata"]
    static let periods = ["day", "week", "month", "year"]

    /// The catalog for `scale` in `directory`, generated unless a complete one is
    /// already there. Returns its path.
    static func catalog(_ scale: CatalogScale, in directory: String, log: (String) -> Void) throws -> String {
        let path = "\(directory)/\(scale.fileStem).sqlite"
        if FileManager.default.fileExists(atPath: path) { return path }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let partial = path + ".partial"
        try? FileManager.default.removeItem(atPath: partial)
        let started = monotonicNanos()
        log("generating the \(scale.name) catalog: \(scale)")
        try write(scale, to: partial)
        // Renamed only when complete: an interrupted run never leaves a half catalog to reuse.
        try FileManager.default.moveItem(atPath: partial, toPath: path)
        log(String(format: "generated %@ in %.1f s", path, Double(monotonicNanos() - started) / 1e9))
        return path
    }

    /// One audience's offers as the population needs them: which unlock, and where they apply.
    private struct OfferPlan {
        var id: String
        var grantsLogin: Bool
        var grantsCode: Bool
        /// Event indexes; empty: every event.
        var events: [Int]
        /// Enabled, in its window, no promo code: some member can get it now.
        var live: Bool
    }

    static func write(_ scale: CatalogScale, to path: String) throws {
        var rng = SplitMix64(seed: scale.seed)
        let db = try Database(path: path, mode: .create)
        // A generated file can always be generated again: no journal, no fsync.
        try db.execute("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF")
        try db.execute("BEGIN")
        try CatalogSchema.create(in: db)
        try db.execute(
            """
            CREATE TABLE bench_requests (kind TEXT NOT NULL, event TEXT NOT NULL, customer TEXT, code TEXT);
            """)

        let eventID = { (e: Int) in "ev-" + pad(e, 3) }
        let ticketID = { (e: Int, t: Int) in "tt-" + pad(e, 3) + "-" + pad(t, 2) }
        let audienceID = { (a: Int) in "aud-" + pad(a, 4) }

        // Events, ticket types, seats.
        let insertEvent = try db.prepare("INSERT INTO events (id, name, starts_at) VALUES (?, ?, ?)")
        let insertTicket = try db.prepare(
            "INSERT INTO ticket_types (id, event_id, name, price, exclusive) VALUES (?, ?, ?, ?, ?)")
        let insertSeat = try db.prepare("INSERT INTO seats (event_id, label, category, locked) VALUES (?, ?, ?, ?)")
        for e in 0..<scale.events {
            try insertEvent.bind(eventID(e), at: 1)
            try insertEvent.bind("Concert \(e)", at: 2)
            try insertEvent.bind("2027-0\(1 + e % 9)-1\(e % 10)T19:30:00+01:00", at: 3)
            try insertEvent.run()
            for t in 0..<scale.ticketTypesPerEvent {
                try insertTicket.bind(ticketID(e, t), at: 1)
                try insertTicket.bind(eventID(e), at: 2)
                try insertTicket.bind("Ticket \(t)", at: 3)
                try insertTicket.bind(1_000 + 250 * (t % 16) + rng.below(100) * 10, at: 4)
                try insertTicket.bind(t % 5 == 4 ? 1 : 0, at: 5)
                try insertTicket.run()
            }
            for s in 0..<scale.seatsPerEvent {
                try insertSeat.bind(eventID(e), at: 1)
                try insertSeat.bind("R\(s / 20 + 1)-\(s % 20 + 1)", at: 2)
                try insertSeat.bind(s % 7 == 6 ? nil : "Cat\(s % 3 + 1)", at: 3)
                try insertSeat.bind(rng.chance(80) ? 1 : 0, at: 4)
                try insertSeat.run()
            }
        }

        // Audiences; a few inactive, a few fed by an event's attendees.
        let insertAudience = try db.prepare(
            "INSERT INTO audiences (id, name, description, active, source_event_id) VALUES (?, ?, ?, ?, ?)")
        var active = [Bool](repeating: true, count: scale.audiences)
        let sourceStride = max(1, scale.audiences / max(1, scale.sourceAudiences))
        var sourceEvent = [Int?](repeating: nil, count: scale.audiences)
        for a in 0..<scale.audiences {
            active[a] = a == 0 || !rng.chance(2)
            if scale.sourceAudiences > 0, a % sourceStride == sourceStride / 2, a / sourceStride < scale.sourceAudiences {
                sourceEvent[a] = (a / sourceStride) % scale.events
            }
            try insertAudience.bind(audienceID(a), at: 1)
            try insertAudience.bind(a == 0 ? "Checkout load test" : "Audience \(a)", at: 2)
            try insertAudience.bind(a % 3 == 0 ? "Generated target group \(a)" : nil, at: 3)
            try insertAudience.bind(active[a] ? 1 : 0, at: 4)
            try insertAudience.bind(sourceEvent[a].map(eventID), at: 5)
            try insertAudience.run()
        }

        // Offers: every rule of SPEC §3 in the mix. Audience 0's first offer has no
        // limits at all, for the HOLD+COMMIT workload.
        let insertOffer = try db.prepare(
            """
            INSERT INTO offers (id, name, audience_id, enabled, unlock, promo_code, discount, value, per_member,
              per_order, total, scope, period, timezone, valid_from, valid_until)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let insertOfferEvent = try db.prepare("INSERT INTO offer_events (offer_id, event_id) VALUES (?, ?)")
        let insertOfferTicket = try db.prepare("INSERT INTO offer_tickets (offer_id, ticket_type_id) VALUES (?, ?)")
        var plans: [[OfferPlan]] = []
        plans.reserveCapacity(scale.audiences)
        for a in 0..<scale.audiences {
            var list: [OfferPlan] = []
            for k in 0..<scale.offersPerAudience {
                let id = "o" + pad(a, 4) + "-\(k)"
                let unlimited = a == 0 && k == 0
                let unlock = unlimited ? "any" : rng.chance(60) ? "any" : rng.chance(60) ? "login" : "code"
                let enabled = unlimited || !rng.chance(3)
                let promo: String? = !unlimited && rng.chance(5) ? "PROMO\(a)X\(k)" : nil
                let windowRoll = unlimited ? 99 : rng.below(100)
                let validFrom: String? = windowRoll < 5 ? "2099-01-01" : windowRoll < 20 ? "2020-01-01T00:00:00Z" : nil
                let validUntil: String? = windowRoll >= 5 && windowRoll < 10 ? "2021-06-01" : windowRoll < 20 ? "2098-12-31T23:00:00Z" : nil
                var events: [Int] = []
                if !unlimited && !rng.chance(10) {
                    for _ in 0..<(1 + rng.below(3)) {
                        let e = rng.below(scale.events)
                        if !events.contains(e) { events.append(e) }
                    }
                }
                let discounts = [("none", 0), ("percent", 5 + rng.below(50)), ("amount", 100 * (1 + rng.below(20))), ("price", 500 + rng.below(40) * 50)]
                let (discount, value) = unlimited ? ("none", 0) : discounts[rng.below(4)]
                try insertOffer.bind(id, at: 1)
                try insertOffer.bind(unlimited ? "Load test offer" : "Offer \(k) for audience \(a)", at: 2)
                try insertOffer.bind(audienceID(a), at: 3)
                try insertOffer.bind(enabled ? 1 : 0, at: 4)
                try insertOffer.bind(unlock, at: 5)
                try insertOffer.bind(promo, at: 6)
                try insertOffer.bind(discount, at: 7)
                try insertOffer.bind(value, at: 8)
                try insertOffer.bind(unlimited || rng.chance(50) ? nil : 1 + rng.below(6), at: 9)
                try insertOffer.bind(unlimited || rng.chance(60) ? nil : 1 + rng.below(10), at: 10)
                try insertOffer.bind(unlimited || rng.chance(70) ? nil : 1_000 + rng.below(100_000), at: 11)
                try insertOffer.bind(!unlimited && rng.chance(30) ? "all" : "event", at: 12)
                try insertOffer.bind(!unlimited && rng.chance(40) ? periods[rng.below(4)] : nil, at: 13)
                try insertOffer.bind(unlimited ? "UTC" : zones[rng.below(zones.count)], at: 14)
                try insertOffer.bind(validFrom, at: 15)
                try insertOffer.bind(validUntil, at: 16)
                try insertOffer.run()
                for e in events {
                    try insertOfferEvent.bind(id, at: 1)
                    try insertOfferEvent.bind(eventID(e), at: 2)
                    try insertOfferEvent.run()
                }
                if !unlimited && rng.chance(70) {
                    // A ticket list: a few of each listed event's types; one per event for all-event offers.
                    var tickets = Set<String>()
                    for e in events.isEmpty ? Array(0..<scale.events) : events {
                        for _ in 0..<(events.isEmpty ? 1 : 1 + rng.below(3)) {
                            tickets.insert(ticketID(e, rng.below(scale.ticketTypesPerEvent)))
                        }
                    }
                    for t in tickets.sorted() {
                        try insertOfferTicket.bind(id, at: 1)
                        try insertOfferTicket.bind(t, at: 2)
                        try insertOfferTicket.run()
                    }
                }
                let live = enabled && promo == nil && windowRoll >= 10
                list.append(OfferPlan(
                    id: id, grantsLogin: unlock != "code", grantsCode: unlock != "login", events: events, live: live))
            }
            plans.append(list)
        }

        // An event at which one of `audiences`' live offers applies (for `login` or
        // `code`), or nil when none would grant anything.
        func grantingEvent(_ audiences: [Int], byCode: Bool, _ rng: inout SplitMix64) -> Int? {
            var candidates: [OfferPlan] = []
            for a in audiences where active[a] {
                for p in plans[a] where p.live && (byCode ? p.grantsCode : p.grantsLogin) { candidates.append(p) }
            }
            guard !candidates.isEmpty else { return nil }
            let p = candidates[rng.below(candidates.count)]
            return p.events.isEmpty ? rng.below(scale.events) : p.events[rng.below(p.events.count)]
        }

        // Members.
        let insertMember = try db.prepare(
            """
            INSERT INTO members (id, audience_id, customer_id, email, code, quantity, category, seat, location,
              valid_from, valid_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let insertRequest = try db.prepare("INSERT INTO bench_requests (kind, event, customer, code) VALUES (?, ?, ?, ?)")
        func request(_ kind: String, _ event: Int, customer: String?, code: String?) throws {
            try insertRequest.bind(kind, at: 1)
            try insertRequest.bind(eventID(event), at: 2)
            try insertRequest.bind(customer, at: 3)
            try insertRequest.bind(code, at: 4)
            try insertRequest.run()
        }
        var nextID = 1
        /// Writes one member row; returns whether it is valid now.
        func member(
            audience a: Int, customer: String?, email: String?, code: String?, _ rng: inout SplitMix64
        ) throws -> Bool {
            // Audience 0's checkout customers are always valid and unlimited: every HOLD of theirs must succeed.
            let windowRoll = a == 0 ? 99 : rng.below(100)
            let seats = a % 20 == 10
            try insertMember.bind(nextID, at: 1)
            try insertMember.bind(audienceID(a), at: 2)
            try insertMember.bind(customer, at: 3)
            try insertMember.bind(email, at: 4)
            try insertMember.bind(code, at: 5)
            try insertMember.bind(a != 0 && rng.chance(30) ? 1 + rng.below(4) : nil, at: 6)
            try insertMember.bind(seats && rng.chance(60) ? "Cat\(1 + rng.below(3))" : nil, at: 7)
            try insertMember.bind(seats && rng.chance(20) ? "R\(1 + rng.below(10))-\(1 + rng.below(20))" : nil, at: 8)
            try insertMember.bind(rng.chance(10) ? "Store \(rng.below(40))" : nil, at: 9)
            // 0-1: not valid yet; 2-4: expired; 5-9: valid since 2024; the rest: always.
            try insertMember.bind(windowRoll < 2 ? "2099-06-01" : windowRoll >= 5 && windowRoll < 10 ? "2024-01-01" : nil, at: 10)
            try insertMember.bind(windowRoll >= 2 && windowRoll < 5 ? "2022-01-01T00:00:00Z" : nil, at: 11)
            try insertMember.run()
            nextID += 1
            return windowRoll >= 5
        }
        func codeText(_ n: Int) -> String {
            // Unique per member: a bijective scramble of its number in base 32.
            var v = UInt64(n) &* 0x9E37_79B1 & 0xFF_FFFF_FFFF
            var s = "K"
            let digits = Array("0123456789ABCDEFGHJKLMNPQRSTVWXY")
            for _ in 0..<8 { s.append(digits[Int(v & 31)]); v >>= 5 }
            return s
        }
        let sampleEvery = max(1, scale.members / 20_000)

        // Audience 0: the checkout customers of the HOLD+COMMIT workload.
        for h in 0..<scale.holdCustomers {
            let customer = "h\(h)"
            _ = try member(audience: 0, customer: customer, email: nil, code: nil, &rng)
            try request("hold", rng.below(scale.events), customer: customer, code: nil)
        }
        // Customers in many audiences: half in exactly the maximum.
        for j in 0..<scale.multiCustomers {
            let count = j % 2 == 0 ? scale.maxAudiencesPerCustomer : 2 + rng.below(scale.maxAudiencesPerCustomer - 2)
            var audiences: [Int] = []
            while audiences.count < count {
                let a = 1 + rng.below(scale.audiences - 1)
                if !audiences.contains(a) { audiences.append(a) }
            }
            let customer = "m\(j)"
            let email = j % 2 == 1 ? "Member.\(j)@Example.com" : nil
            var valid: [Int] = []
            for a in audiences.sorted() {
                if try member(audience: a, customer: customer, email: email, code: nil, &rng) { valid.append(a) }
            }
            if count == scale.maxAudiencesPerCustomer, let e = grantingEvent(valid, byCode: false, &rng) {
                try request("customer20", e, customer: customer, code: nil)
            }
        }
        // Everyone else: one audience each; customer ids, e-mails and codes mixed.
        var n = 0
        while nextID <= scale.members {
            n += 1
            let a = 1 + rng.below(scale.audiences - 1)
            let codeOnly = rng.chance(15)
            let customer: String? = codeOnly ? nil : "c\(n)"
            let email: String? = !codeOnly && rng.chance(50) ? "shopper\(n)@mail\(n % 97).example.org" : nil
            let code: String? = codeOnly || rng.chance(30) ? codeText(n) : nil
            let valid = try member(audience: a, customer: customer, email: email, code: code, &rng)
            guard valid, n % sampleEvery == 0 else { continue }
            if let customer, let e = grantingEvent([a], byCode: false, &rng) {
                try request("customer1", e, customer: customer, code: nil)
            }
            if let code, let e = grantingEvent([a], byCode: true, &rng) {
                // Sent as typed at a till: lower case; the server normalises.
                try request("code", e, customer: nil, code: code.lowercased())
            }
        }

        // Attendees of the source audiences' events.
        let insertAttendee = try db.prepare(
            "INSERT INTO attendees (event_id, customer_id, email, barcode) VALUES (?, ?, ?, ?)")
        for case let e? in sourceEvent {
            for i in 0..<scale.attendeesPerSourceEvent {
                try insertAttendee.bind(eventID(e), at: 1)
                try insertAttendee.bind(i % 3 == 0 ? nil : "att\(e)-\(i)", at: 2)
                try insertAttendee.bind(i % 2 == 0 ? "attendee\(i)@mail.example.net" : nil, at: 3)
                try insertAttendee.bind("BC\(e)X\(i)", at: 4)
                try insertAttendee.run()
            }
        }
        try db.execute("COMMIT")
    }

    /// `value` in decimal, zero-padded to `width` digits.
    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
