import Foundation
import Testing
import TesseraStore

@testable import TesseraServer

/// SPEC §3 Limits and §7 under random sequences, over TCP: "the limits stay exact under
/// every combination: per member, per order, total, budget, min_order, periods, `*` items
/// mixed with named ones". Each seed drives a real server through HOLD (named items, `*`
/// items, both), COMMIT, RELEASE, partial RELEASE (and repeats of both), the clock moving
/// on (holds expiring, months ending), RELOAD of a changed catalog and restarts on the same
/// ledger, and checks every answer, and after every step every member's EVAL, against
/// `OfferRulesModel`, which knows only the rules. A failure names the seed and the step and
/// lists the requests that led there; the same seed replays them exactly.
@Suite("Offer rules under random sequences (SPEC §3, §7)")
struct OfferRulesPropertyTests {
    /// Four seeds of 200 steps run in a few seconds. To replay one seed, or hunt with many:
    /// `TESSERA_PROPERTY_SEEDS=1,2,3 TESSERA_PROPERTY_STEPS=400 swift test --filter OfferRulesProperty`
    /// (`TESSERA_PROPERTY_COVERAGE=1` prints how often each kind of answer came up).
    static let defaultSeeds: [UInt64] = [0x7E55E7A, 20_270_601, 42, 7]
    static let seeds = environment("TESSERA_PROPERTY_SEEDS") ?? defaultSeeds
    static let steps = environment("TESSERA_PROPERTY_STEPS")?.first.map(Int.init) ?? 200

    private static func environment(_ name: String) -> [UInt64]? {
        ProcessInfo.processInfo.environment[name].map { $0.split(separator: ",").compactMap { UInt64($0) } }
    }

    /// Money budgets (SPEC §7 Money budget): the catalog's `budget` column set, and RELOAD
    /// changing it. With false, every budget stays NULL (as for a server without budgets).
    static let budgets = true

    @Test func limitsStayExactUnderRandomSequences() throws {
        var seen = Coverage()
        for seed in Self.seeds {
            let run = try PropertyRun(seed: seed, budgets: Self.budgets)
            defer { run.finish() }
            do {
                try run.go(steps: Self.steps, seen: &seen)
            } catch is PropertyRun.Mismatch {
                continue  // recorded with its seed and step; the next seed still runs
            }
        }
        if ProcessInfo.processInfo.environment["TESSERA_PROPERTY_COVERAGE"] != nil {
            for (kind, count) in seen.count.sorted(by: { $0.key < $1.key }) { print("\(count)\t\(kind)") }
        }
        // A property test that never reaches a rule proves nothing about it: every kind of
        // answer below came up at least once over the default seeds.
        guard Self.seeds == Self.defaultSeeds else { return }
        var wanted = [
            "HOLD OK", "HOLD * OK", "HOLD * mixed OK", "HOLD ERR below_minimum", "HOLD ERR per_order_exceeded",
            "HOLD ERR limit_reached", "HOLD * ERR limit_reached", "HOLD repeat", "HOLD ERR conflict",
            "COMMIT OK", "COMMIT ERR expired", "COMMIT ERR released", "RELEASE OK",
            "RELEASE item OK", "RELEASE item ERR not_in_hold", "RELEASE item ERR below_minimum",
            "RELEASE item ERR expired", "RELEASE item ERR released", "RELEASE item repeat",
            "RELEASE item ERR conflict", "hold of two members", "month ended",
            "refund of a unit of an earlier month", "RELOAD", "restart", "HOLD two * OK",
            "HOLD ERR not_eligible", "refund of an offer switched off",
        ]
        wanted.append("total under what is in use")
        if Self.budgets { wanted += ["HOLD ERR budget_exhausted", "HOLD * budget", "budget under what is in use"] }
        let missing = wanted.filter { seen.count[$0, default: 0] == 0 }
        #expect(missing.isEmpty, "never came up: \(missing); seen: \(seen.count.sorted { $0.key < $1.key })")
    }
}

/// How often each kind of answer came up.
struct Coverage {
    var count: [String: Int] = [:]
    mutating func note(_ kind: String) { count[kind, default: 0] += 1 }
}

/// SplitMix64: a tiny generator whose sequence depends on the seed alone.
struct SplitMix64 {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// 0..<n.
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + below(range.count) }
    mutating func percent(_ p: Int) -> Bool { below(100) < p }
    mutating func pick<T>(_ values: [T]) -> T { values[below(values.count)] }

    /// Fisher-Yates, here rather than the standard library's, so a seed replays the same
    /// on any toolchain.
    mutating func shuffle<T>(_ values: inout [T]) {
        for i in values.indices.dropLast().reversed() { values.swapAt(i, int(i...values.count - 1)) }
    }
}

/// The test's catalog file (SPEC §2 plus §7's columns): event `show` with three ticket
/// types; audience `friends` with code members M1 (quantity 2: a hold with codes M1 and M2
/// spills from M1 to M2), M2 and M3 (the offers' per_member); three offers selling
/// overlapping tickets:
/// - `club`: 20 % off every ticket, 5 per member a month (UTC), 12 in all, budget 8000;
/// - `group`: a price of 4000 (above the gallery's 3000: a unit that gives nothing away),
///   at least 2 and at most 4 per hold, 6 per member, 10 in all, budget 12000;
/// - `house`: no discount on circle and gallery, 8 in all, no budget.
enum OfferRulesCatalog {
    static func offers(budgets: Bool) -> [OfferSettings] {
        [
            OfferSettings(
                id: "club", name: "Club", discount: .percent(20), perMember: 5, perOrder: nil, total: 12,
                minOrder: nil, budget: budgets ? 8000 : nil, monthly: true, tickets: ["circle", "gallery", "stalls"]),
            OfferSettings(
                id: "group", name: "Group", discount: .price(4000), perMember: 6, perOrder: 4, total: 10,
                minOrder: 2, budget: budgets ? 12000 : nil, monthly: false, tickets: ["circle", "gallery", "stalls"]),
            OfferSettings(
                id: "house", name: "House", discount: .none, perMember: nil, perOrder: nil, total: 8,
                minOrder: nil, budget: nil, monthly: false, tickets: ["circle", "gallery"]),
        ]
    }

    static func create(at path: String, offers: [OfferSettings]) throws {
        let db = try Database(path: path, mode: .create)
        try db.execute(CatalogSchema.sql)
        try db.execute("""
            ALTER TABLE offers ADD COLUMN min_order INTEGER;
            ALTER TABLE offers ADD COLUMN budget INTEGER;
            INSERT INTO events (id, name, starts_at) VALUES ('show', 'Show', '2027-12-31T19:00:00Z');
            INSERT INTO ticket_types (id, event_id, name, price) VALUES
              ('circle', 'show', 'Circle', 5000), ('gallery', 'show', 'Gallery', 3000), ('stalls', 'show', 'Stalls', 8000);
            INSERT INTO audiences (id, name) VALUES ('friends', 'Friends');
            INSERT INTO members (id, audience_id, code, quantity) VALUES
              (1, 'friends', 'M1', 2), (2, 'friends', 'M2', NULL), (3, 'friends', 'M3', NULL);
            INSERT INTO offers (id, name, audience_id, unlock, period) VALUES
              ('club', 'Club', 'friends', 'code', 'month'),
              ('group', 'Group', 'friends', 'code', NULL),
              ('house', 'House', 'friends', 'code', NULL);
            INSERT INTO offer_tickets VALUES
              ('group', 'circle'), ('group', 'gallery'), ('group', 'stalls'), ('house', 'circle'), ('house', 'gallery');
            """)
        try update(path, offers: offers)
    }

    /// Writes what a RELOAD may change: discount, limits, min_order, budget, enabled.
    static func update(_ path: String, offers: [OfferSettings]) throws {
        func sql(_ n: Int?) -> String { n.map(String.init) ?? "NULL" }
        let db = try Database(path: path, mode: .readWrite)
        for offer in offers {
            let (kind, value) = switch offer.discount {
            case .percent(let v): ("percent", v)
            case .price(let v): ("price", v)
            case .none: ("none", 0)
            }
            try db.execute("""
                UPDATE offers SET discount = '\(kind)', value = \(value), per_member = \(sql(offer.perMember)),
                  per_order = \(sql(offer.perOrder)), total = \(sql(offer.total)), min_order = \(sql(offer.minOrder)),
                  budget = \(sql(offer.budget)), enabled = \(offer.enabled ? 1 : 0) WHERE id = '\(offer.id)'
                """)
        }
    }
}

/// One seed's run: a server on its own catalog and ledger, the model, the generator.
final class PropertyRun {
    struct Mismatch: Error {}

    let seed: UInt64
    let budgets: Bool
    private var random: SplitMix64
    private var model: OfferRulesModel
    private let directory: URL
    private let catalog: String
    private let ledger: String
    private var server: RunningServer
    private var client: TestClient
    /// Every request that changed something (or should have), for the failure message.
    private var transcript: [String] = []
    private var step = 0
    private var nextHold = 1
    private var nextRefund = 1
    /// The hold and refund id of the last partial release answered OK.
    private var lastRefund: (hold: String, refund: String)?

    /// After today's real date, so a restarted server (whose clock starts at real time
    /// until `CLOCK set`) never expires a hold the model thinks is alive.
    static let start = UTC.seconds(year: 2027, month: 6, day: 1, hour: 10)

    init(seed: UInt64, budgets: Bool) throws {
        self.seed = seed
        self.budgets = budgets
        random = SplitMix64(seed: seed)
        model = OfferRulesModel(offers: OfferRulesCatalog.offers(budgets: budgets), now: Self.start)
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-prop-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        catalog = directory.appendingPathComponent("catalog.db").path
        ledger = directory.appendingPathComponent("usage.ledger").path
        try OfferRulesCatalog.create(at: catalog, offers: model.offers)
        (server, client) = try Self.serve(catalog: catalog, ledger: ledger)
        _ = try client.request("CLOCK set=\(UTC.text(model.now))")
    }

    private static func serve(catalog: String, ledger: String) throws -> (RunningServer, TestClient) {
        let server = try RunningServer { $0.catalog = catalog; $0.ledger = ledger; $0.testClock = true }
        return (server, try server.client())
    }

    func finish() {
        server.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    func go(steps: Int, seen: inout Coverage) throws {
        try checkEval(after: "the start")
        for n in 1...steps {
            step = n
            switch random.below(100) {
            case 0..<26: try hold(seen: &seen)
            case 26..<36: try starHold(seen: &seen)
            case 36..<48: try commit(seen: &seen)
            case 48..<54: try release(seen: &seen)
            case 54..<70: try partialRelease(seen: &seen)
            case 70..<74: try repeatRefund(seen: &seen)
            case 74..<78: try repeatHold(seen: &seen)
            case 78..<89: try moveClock(seen: &seen)
            case 89..<96: try reload(seen: &seen)
            default: try restart(seen: &seen)
            }
            try checkEval(after: transcript.last ?? "")
        }
    }

    // MARK: Steps

    /// HOLD with named items: one or two offers, one or two items each, one member or two.
    private func hold(seen: inout Coverage) throws {
        var items: [ModelItem] = []
        let enabled = model.offers.filter(\.enabled)
        var offers = [random.percent(90) ? random.pick(enabled) : random.pick(model.offers)]
        if random.percent(30) { offers.append(random.pick(model.offers.filter { $0.id != offers[0].id })) }
        for offer in offers {
            for _ in 0..<(random.percent(70) ? 1 : 2) {
                items.append(ModelItem(offer: offer.id, ticket: random.pick(offer.tickets), quantity: random.int(1...3)))
            }
        }
        if random.percent(25) { random.shuffle(&items) }
        try sendHold(items: items, seen: &seen)
    }

    /// HOLD with a `*` item: alone, beside a named item (planned first, §7) or beside
    /// another `*` item (filled with what the first leaves).
    private func starHold(seen: inout Coverage) throws {
        var items = [ModelItem(offer: "*", ticket: random.pick(OfferRulesModel.tickets).id, quantity: random.int(1...5))]
        if random.percent(20) {
            items.append(ModelItem(offer: "*", ticket: random.pick(OfferRulesModel.tickets).id, quantity: random.int(1...3)))
        }
        if random.percent(35) {
            let offer = random.pick(model.offers)
            let named = ModelItem(offer: offer.id, ticket: random.pick(offer.tickets), quantity: random.int(1...3))
            if random.percent(50) { items.insert(named, at: 0) } else { items.append(named) }
        }
        try sendHold(items: items, seen: &seen)
    }

    private func sendHold(items: [ModelItem], seen: inout Coverage) throws {
        let id = "h\(nextHold)"
        nextHold += 1
        var codes = [random.pick(OfferRulesModel.members).code]
        if random.percent(25) { codes.append(random.pick(OfferRulesModel.members.filter { $0.code != codes[0] }).code) }
        let ttl: Int? = random.pick([nil, 60, 600, 3600])
        var request = "HOLD id=\(id) event=show" + codes.map { " code=\($0)" }.joined()
        request += items.map { " " + $0.wire }.joined()
        if let ttl { request += " ttl=\(ttl)" }

        let star = items.contains { $0.offer == "*" } ? " *" : ""
        switch model.planHold(id: id, codes: codes, items: items, ttl: ttl, request: request) {
        case .refused(let error):
            try expect(request, answers: [error])
            seen.note(error.contains(" offer=* ") ? "HOLD * \(Self.kind(error))" : "HOLD \(Self.kind(error))")
        case .held(let hold):
            let answer = model.insert(hold)
            try expect(request, answers: answer)
            // No unit over a limit, no cent over a budget: checked on the model's counters
            // with the hold the server just granted in them.
            let violations = model.violations(after: model.holds[id]!)
            if !violations.isEmpty { try fail("\(request) took past a limit: \(violations)") }
            seen.note("HOLD\(star) OK")
            if codes.count == 2 && Set(hold.takes.flatMap { $0.units.map(\.member) }).count == 2 {
                seen.note("hold of two members")
            }
            if !star.isEmpty && items.count > 1 { seen.note("HOLD * mixed OK") }
            if items.count(where: { $0.offer == "*" }) > 1 { seen.note("HOLD two * OK") }
            if !star.isEmpty && hold.takes.contains(where: { model.offer($0.offer).budget != nil }) {
                seen.note("HOLD * budget")
            }
        }
    }

    /// COMMIT of a live held hold mostly, else of a hold in any state, now and then of an id
    /// never used.
    private func commit(seen: inout Coverage) throws {
        let held = model.holdOrder.filter { model.holds[$0]!.state == .held && model.isLive(model.holds[$0]!) }
        let id = random.percent(5) ? "nope" : random.percent(70) && !held.isEmpty ? random.pick(held) : pickHold()
        let request = "COMMIT id=\(id)" + (random.percent(50) ? " order=o\(step)" : "")
        let answer = model.commit(id)
        try expect(request, answers: answer)
        seen.note("COMMIT \(Self.kind(answer[0]))")
    }

    /// RELEASE of a whole hold: a hold given back, a commit refunded, an expired hold.
    private func release(seen: inout Coverage) throws {
        let id = pickHold()
        try expect("RELEASE id=\(id)", answers: model.release(id))
        seen.note("RELEASE OK")
    }

    /// A partial release: mostly of units the hold has, sometimes more than it has, a pair
    /// it does not have, or `*`; one or two items.
    private func partialRelease(seen: inout Coverage) throws {
        guard !model.holdOrder.isEmpty else { return try hold(seen: &seen) }
        let live = model.holdOrder.filter { model.isLive(model.holds[$0]!) }
        // Commits of an earlier month give back to that month (§7), not to this one.
        let older = live.filter { UTC.month(model.holds[$0]!.created) != UTC.month(model.now) }
        let id = !older.isEmpty && random.percent(40) ? random.pick(older)
            : !live.isEmpty && random.percent(85) ? random.pick(live) : pickHold()
        let hold = model.holds[id]!
        let pairs = hold.takes.flatMap { take in
            Set(take.units.map(\.ticket)).sorted().map { (offer: take.offer, ticket: $0) }
        }
        var items: [ModelItem] = []
        for _ in 0..<(random.percent(75) ? 1 : 2) {
            switch (random.below(100), pairs.isEmpty) {
            case (0..<6, _):
                items.append(ModelItem(offer: "*", ticket: random.pick(OfferRulesModel.tickets).id, quantity: 1))
            case (6..<12, _), (_, true):
                let offer = random.pick(model.offers)
                items.append(ModelItem(offer: offer.id, ticket: random.pick(offer.tickets), quantity: 1))
            default:
                let pair = random.pick(pairs)
                let held = hold.unitsLeft(offer: pair.offer, ticket: pair.ticket)
                let quantity = switch random.below(100) {
                case 0..<12: held + 1  // more than it has: not_in_hold
                case 12..<30 where held >= 2: held - 1  // one left: below a group's minimum
                default: random.int(1...held)
                }
                items.append(ModelItem(offer: pair.offer, ticket: pair.ticket, quantity: quantity))
            }
        }
        let refund = "r\(nextRefund)"
        nextRefund += 1
        let request = "RELEASE id=\(id)" + items.map { " " + $0.wire }.joined() + " refund=\(refund)"
        let earlierMonth = UTC.month(hold.created) != UTC.month(model.now)
            && items.contains { $0.offer != "*" && model.offer($0.offer).monthly }
        let disabled = items.contains { $0.offer != "*" && !model.offer($0.offer).enabled }
        let answer = model.refund(id, items: items, refund: refund)
        try expect(request, answers: answer)
        let kind = Self.kind(answer.last!)
        seen.note("RELEASE item \(kind)")
        if kind == "OK" { lastRefund = (id, refund) }
        if kind == "OK" && earlierMonth { seen.note("refund of a unit of an earlier month") }
        if kind == "OK" && disabled { seen.note("refund of an offer switched off") }
    }

    /// A refund id again: the same items get the first answer byte for byte (whatever
    /// happened since), other items `conflict`.
    private func repeatRefund(seen: inout Coverage) throws {
        let refunded = model.holdOrder.filter { !model.holds[$0]!.refunds.isEmpty }
        guard !refunded.isEmpty else { return try partialRelease(seen: &seen) }
        let id = random.pick(refunded)
        let refund = random.pick(model.holds[id]!.refunds.keys.sorted())
        var items = model.holds[id]!.refunds[refund]!.items
        let same = random.percent(70)
        if !same { items[0] = ModelItem(offer: items[0].offer, ticket: items[0].ticket, quantity: items[0].quantity + 1) }
        let request = "RELEASE id=\(id)" + items.map { " " + $0.wire }.joined() + " refund=\(refund)"
        try expect(request, answers: model.refund(id, items: items, refund: refund))
        seen.note(same ? "RELEASE item repeat" : "RELEASE item ERR conflict")
    }

    /// A HOLD id again: the same content gets the first answer byte for byte, also after
    /// commits, releases, expiry and restarts; other content `conflict`.
    private func repeatHold(seen: inout Coverage) throws {
        guard let id = model.holdOrder.isEmpty ? nil : pickHold() else { return try hold(seen: &seen) }
        let hold = model.holds[id]!
        if random.percent(75) {
            try expect(hold.request, answers: hold.answer)
            seen.note("HOLD repeat")
        } else {
            try expect(
                "HOLD id=\(id) event=show code=M1 item=house:gallery:9",
                answers: ["ERR conflict id=\(id) msg=this%20id%20holds%20other%20content"])
            seen.note("HOLD ERR conflict")
        }
    }

    /// The clock moves on: a few minutes (holds of ttl=60 expire), past the default ttl, or
    /// days (a month may end, and with it the club's member limits); now and then exactly
    /// to a held hold's expiry or a month's end, or a second before (§6: a hold counts
    /// while now < expires).
    private func moveClock(seen: inout Coverage) throws {
        let expiries = model.holds.values.filter { $0.state == .held && model.isLive($0) }.map(\.expires).sorted()
        let seconds = switch random.below(100) {
        case 0..<40: random.int(10...240)
        case 40..<65: random.int(300...1200)
        case 65..<80 where !expiries.isEmpty: random.pick(expiries) - random.int(0...1) - model.now
        case 80..<87: UTC.startOfNextMonth(model.now) - random.int(0...1) - model.now
        default: random.int(4...25) * 86_400 + random.int(0...3600)
        }
        let before = UTC.month(model.now)
        model.now += max(1, seconds)
        if UTC.month(model.now) != before { seen.note("month ended") }
        try expect("CLOCK set=\(UTC.text(model.now))", answers: ["OK now=\(UTC.text(model.now))"])
    }

    /// The catalog file changes and RELOAD serves it: a discount (later holds store other
    /// amounts; earlier ones keep theirs), a total, a per_member, a min_order, a budget
    /// (lowered under what is in use now and then), an offer switched off or on again.
    private func reload(seen: inout Coverage) throws {
        for o in model.offers.indices where !model.offers[o].enabled && random.percent(60) {
            model.offers[o].enabled = true
        }
        for _ in 0..<random.int(1...3) {
            let o = random.below(model.offers.count)
            switch (model.offers[o].id, random.below(5)) {
            case ("club", 0): model.offers[o].discount = .percent(random.pick([10, 20, 25, 50]))
            case ("club", 1): model.offers[o].total = random.pick([8, 12, 14])
            case ("club", 2): model.offers[o].perMember = random.pick([4, 5, 6])
            case ("club", _) where budgets: model.offers[o].budget = random.pick([nil, 3000, 8000, 20000])
            case ("group", 0): model.offers[o].discount = .price(random.pick([3500, 4000, 4500]))
            case ("group", 1): model.offers[o].total = random.pick([6, 10, 12])
            case ("group", 2): model.offers[o].minOrder = random.pick([nil, 2, 3])
            case ("group", 3) where budgets: model.offers[o].budget = random.pick([nil, 5000, 12000])
            case ("group", 4), ("house", 4): model.offers[o].enabled = false
            case ("house", _): model.offers[o].total = random.pick([nil, 5, 8])
            default: continue
            }
        }
        try OfferRulesCatalog.update(catalog, offers: model.offers)
        func sql(_ n: Int?) -> String { n.map(String.init) ?? "NULL" }
        let settings = model.offers.map {
            "\($0.id): enabled=\($0.enabled) \($0.discount.wire) per_member=\(sql($0.perMember)) total=\(sql($0.total))"
                + " min_order=\(sql($0.minOrder)) budget=\(sql($0.budget))"
        }
        transcript.append("[\(step)] (catalog now: \(settings.joined(separator: "; ")))")
        let answer = try send("RELOAD")
        if !(answer.count == 1 && answer[0].hasPrefix("OK offers=3 members=3 ms=")) {
            try fail("RELOAD answered \(answer)")
        }
        seen.note("RELOAD")
        // Then EVAL must read budget_left=0 (§7: "never below 0").
        if model.offers.contains(where: { offer in offer.budget.map { model.moneyInUse(offer.id) > $0 } ?? false }) {
            seen.note("budget under what is in use")
        }
        if model.offers.contains(where: { offer in offer.total.map { model.usedTotal(offer.id) > $0 } ?? false }) {
            seen.note("total under what is in use")
        }
    }

    /// Stop the server and start another on the same catalog and ledger: nothing lost.
    /// Its clock starts at real time, so the model's time is set first (§6 Test clock).
    private func restart(seen: inout Coverage) throws {
        let before = try OfferRulesModel.members.map { try client.request("EVAL event=show code=\($0.code)") }
        transcript.append("[\(step)] (restart)")
        server.stop()
        (server, client) = try Self.serve(catalog: catalog, ledger: ledger)
        try expect("CLOCK set=\(UTC.text(model.now))", answers: ["OK now=\(UTC.text(model.now))"])
        for (member, answer) in zip(OfferRulesModel.members, before) {
            let after = try client.request("EVAL event=show code=\(member.code)")
            if after != answer { try fail("EVAL for \(member.code) changed across a restart\n" + diff(answer, after)) }
        }
        // The last hold and the last refund repeat byte for byte from the ledger.
        if let id = model.holdOrder.last { try expect(model.holds[id]!.request, answers: model.holds[id]!.answer) }
        if let (id, refund) = lastRefund, let first = model.holds[id]!.refunds[refund] {
            let request = "RELEASE id=\(id)" + first.items.map { " " + $0.wire }.joined() + " refund=\(refund)"
            try expect(request, answers: first.answer)
        }
        seen.note("restart")
    }

    /// After every step: each member's EVAL reads the model's counters: remaining,
    /// max_order, min_order, budget_left (0 when a RELOAD put the budget under what is in
    /// use), resets, each ticket's price, max and best, and the code's status.
    private func checkEval(after what: String) throws {
        for member in OfferRulesModel.members {
            let answer = try client.request("EVAL event=show code=\(member.code)")
            let expected = model.evalAnswer(code: member.code)
            if answer != expected {
                try fail("after \(what): EVAL for \(member.code)\n" + diff(expected, answer))
            }
        }
    }

    // MARK: Helpers

    /// `OK`, or `ERR` and its code: what kind of answer a last line is.
    private static func kind(_ line: String) -> String {
        line.hasPrefix("OK") ? "OK" : line.split(separator: " ").prefix(2).joined(separator: " ")
    }

    /// A hold to act on: the recent ones more often than the old.
    private func pickHold() -> String {
        guard !model.holdOrder.isEmpty else { return "nope" }
        let recent = model.holdOrder.suffix(8)
        return random.percent(70) ? random.pick(Array(recent)) : random.pick(model.holdOrder)
    }

    private func send(_ request: String) throws -> [String] {
        transcript.append("[\(step)] \(request)")
        return try client.request(request)
    }

    private func expect(_ request: String, answers expected: [String]) throws {
        let answer = try send(request)
        if answer != expected { try fail("\(request)\n" + diff(expected, answer)) }
    }

    private func diff(_ expected: [String], _ answer: [String]) -> String {
        "expected:\n  " + expected.joined(separator: "\n  ") + "\ngot:\n  " + answer.joined(separator: "\n  ")
    }

    private func fail(_ message: String) throws -> Never {
        Issue.record(Comment(rawValue: """
            seed \(seed) (budgets \(budgets ? "on" : "off")), step \(step): \(message)
            requests so far:
            \(transcript.joined(separator: "\n"))
            """))
        throw Mismatch()
    }
}
