/// A small model of SPEC §3 Limits and §7 (group minimum, money budget, partial refunds,
/// best price) for `OfferRulesPropertyTests`: the holds a server has answered OK, each with
/// its units in the order taken, and the counters EVAL, HOLD and RELEASE read, recomputed
/// from those holds on every question. It predicts every answer of the property test, byte
/// for byte, from the rules alone: it is written from SPEC.md, not from the server's code.
///
/// The catalog it models (written by `OfferRulesCatalog`): one event `show`, three ticket
/// types, one audience of three code members and three offers selling overlapping tickets.

/// Seconds since 1970 in UTC, as the wire shows them (SPEC §4: `2027-06-01T10:00:00Z`).
enum UTC {
    /// Days since 1970-01-01 of a civil date (proleptic Gregorian).
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func seconds(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0) -> Int {
        days(year: year, month: month, day: day) * 86_400 + hour * 3_600 + minute * 60
    }

    static func civil(_ seconds: Int) -> (year: Int, month: Int, day: Int) {
        let z = seconds.floorDivided(by: 86_400) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func text(_ seconds: Int) -> String {
        let (y, m, d) = civil(seconds)
        let s = seconds - seconds.floorDivided(by: 86_400) * 86_400
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(y)-\(two(m))-\(two(d))T\(two(s / 3_600)):\(two(s / 60 % 60)):\(two(s % 60))Z"
    }

    /// The calendar month containing `seconds`, as one number (a period of `period='month'`, UTC).
    static func month(_ seconds: Int) -> Int {
        let (y, m, _) = civil(seconds)
        return y * 12 + (m - 1)
    }

    /// The start of the month after the one containing `seconds`: EVAL's `resets=`.
    static func startOfNextMonth(_ seconds: Int) -> Int {
        let next = month(seconds) + 1
        return self.seconds(year: next / 12, month: next % 12 + 1, day: 1)
    }
}

extension Int {
    fileprivate func floorDivided(by d: Int) -> Int { self >= 0 ? self / d : -((-self + d - 1) / d) }
}

// MARK: - The catalog

struct TicketKind {
    let id: String
    let price: Int
}

enum DiscountKind: Equatable {
    case percent(Int), price(Int), none

    var wire: String {
        switch self {
        case .percent(let v): "discount=percent value=\(v)"
        case .price(let v): "discount=price value=\(v)"
        case .none: "discount=none value=0"
        }
    }

    /// SPEC §3 Prices.
    func finalPrice(_ base: Int) -> Int {
        switch self {
        case .percent(let v): base - (base * v + 50) / 100
        case .price(let v): v
        case .none: base
        }
    }
}

/// One offer row as the catalog file has it now; RELOAD steps change the `var`s.
struct OfferSettings {
    let id: String
    let name: String
    /// A disabled offer grants nothing (§3 Eligibility): not in EVAL, not_eligible in HOLD,
    /// skipped by `*` items; its holds still count and can be given back.
    var enabled = true
    var discount: DiscountKind
    var perMember: Int?
    let perOrder: Int?
    var total: Int?
    var minOrder: Int?
    var budget: Int?
    /// `period = 'month'`, `timezone = 'UTC'`; else no period.
    let monthly: Bool
    /// Its ticket types at the event, in id order.
    let tickets: [String]

    /// SPEC §7 Discount of a unit: max(0, base − final).
    func unitAmount(_ ticket: TicketKind) -> Int { max(0, ticket.price - discount.finalPrice(ticket.price)) }
}

struct ModelMember {
    let id: Int
    let code: String
    /// nil: the offer's per_member.
    let quantity: Int?
}

// MARK: - Holds

/// One unit a hold took (SPEC §7: "ordered as they were taken"): its ticket, the amount
/// fixed when the hold was made, and the member whose limit it counts against.
struct ModelUnit: Equatable {
    let ticket: String
    let amount: Int
    let member: Int
}

struct ModelItem: Equatable {
    /// An offer id, or `*`.
    let offer: String
    let ticket: String
    let quantity: Int

    var wire: String { "item=\(offer):\(ticket):\(quantity)" }
}

struct ModelHold {
    enum State: String { case held, committed, released }

    let id: String
    /// The members its codes match, ascending id (SPEC §3: a hold takes in ascending member id).
    let members: [Int]
    let codes: [String]
    let request: String
    /// The first answer, which a repeat gets byte for byte.
    var answer: [String] = []
    let created: Int
    let expires: Int
    var state: State = .held
    /// Per offer in order of first appearance, its units in the order taken.
    var takes: [(offer: String, units: [ModelUnit])]
    var refunds: [String: (items: [ModelItem], answer: [String])] = [:]

    func unitsLeft(offer: String, ticket: String) -> Int {
        takes.first { $0.offer == offer }?.units.count { $0.ticket == ticket } ?? 0
    }

    func unitsLeft(offer: String) -> Int { takes.first { $0.offer == offer }?.units.count ?? 0 }
}

// MARK: - The model

struct OfferRulesModel {
    static let tickets = [
        TicketKind(id: "circle", price: 5000), TicketKind(id: "gallery", price: 3000),
        TicketKind(id: "stalls", price: 8000),
    ]
    static let members = [
        ModelMember(id: 1, code: "M1", quantity: 2), ModelMember(id: 2, code: "M2", quantity: nil),
        ModelMember(id: 3, code: "M3", quantity: nil),
    ]

    /// In offer id order, as EVAL lists them.
    var offers: [OfferSettings]
    var now: Int
    var holds: [String: ModelHold] = [:]
    /// Hold ids in the order made, for picking one.
    var holdOrder: [String] = []

    init(offers: [OfferSettings], now: Int) {
        self.offers = offers.sorted { $0.id < $1.id }
        self.now = now
    }

    static func ticket(_ id: String) -> TicketKind { tickets.first { $0.id == id }! }
    static func member(_ id: Int) -> ModelMember { members.first { $0.id == id }! }
    func offer(_ id: String) -> OfferSettings { offers.first { $0.id == id }! }

    // MARK: Counters (SPEC §3 Limits, §7 Money budget)

    /// "A hold stops counting when it expires or is released; a commit stops counting when
    /// it is released": held until now reaches `expires` (§6: a hold counts while now < expires).
    func isLive(_ hold: ModelHold) -> Bool {
        switch hold.state {
        case .held: now < hold.expires
        case .committed: true
        case .released: false
        }
    }

    /// The period a hold made at `time` counts in: its calendar month for a monthly offer,
    /// one endless period otherwise.
    func period(of offer: OfferSettings, at time: Int) -> Int? { offer.monthly ? UTC.month(time) : nil }

    /// Units of live holds of `offer` counted against `member` in `period` ("the same period:
    /// the one that contains the hold's creation time").
    func used(_ offer: String, member: Int, period: Int?) -> Int {
        let settings = self.offer(offer)
        return live(offer).filter { self.period(of: settings, at: $0.hold.created) == period }
            .reduce(0) { $0 + $1.units.count { $0.member == member } }
    }

    /// Units of live holds and commits of `offer`, against its `total`.
    func usedTotal(_ offer: String) -> Int { live(offer).reduce(0) { $0 + $1.units.count } }

    /// The stored amounts of the live units of `offer` (§7: "exactly that amount comes back").
    func moneyInUse(_ offer: String) -> Int {
        live(offer).reduce(0) { $0 + $1.units.reduce(0) { $0 + $1.amount } }
    }

    private func live(_ offer: String) -> [(hold: ModelHold, units: [ModelUnit])] {
        holds.values.filter(isLive).compactMap { hold in
            hold.takes.first { $0.offer == offer }.map { (hold, $0.units) }
        }
    }

    /// A member's limit: its quantity, else per_member, else unlimited (nil).
    func limit(_ offer: OfferSettings, member: Int) -> Int? { Self.member(member).quantity ?? offer.perMember }

    /// What each member may still take of `offer` now, in ascending member id (nil: unlimited).
    func leftPerMember(_ offer: OfferSettings, members: [Int]) -> [Int?] {
        members.map { m in
            limit(offer, member: m).map { max(0, $0 - used(offer.id, member: m, period: period(of: offer, at: now))) }
        }
    }

    /// §3: "the sum over its matched members of (limit − usage, at least 0), capped by
    /// (total − all live holds and commits of o)". nil: unlimited.
    func remaining(_ offer: OfferSettings, members: [Int]) -> Int? {
        let left = leftPerMember(offer, members: members)
        var remaining: Int? = left.contains(nil) ? nil : left.reduce(0) { $0 + $1! }
        if let total = offer.total {
            let cap = max(0, total - usedTotal(offer.id))
            remaining = min(remaining ?? cap, cap)
        }
        return remaining
    }

    /// §4 `max_order` = min(per_order, remaining); §7: 0 when below `min_order`.
    func maxOrder(_ offer: OfferSettings, members: [Int]) -> Int? {
        let remaining = remaining(offer, members: members)
        var maxOrder: Int? = switch (offer.perOrder, remaining) {
        case (nil, nil): nil
        case (let p?, nil): p
        case (nil, let r?): r
        case (let p?, let r?): min(p, r)
        }
        if let least = offer.minOrder, let m = maxOrder, m < least { maxOrder = 0 }
        return maxOrder
    }

    /// §7: "budget − the amounts of all live holds and commits of o, never below 0".
    func budgetLeft(_ offer: OfferSettings) -> Int? {
        offer.budget.map { max(0, $0 - moneyInUse(offer.id)) }
    }

    /// §7 TICKET `max=`: min(max_order, ⌊budget_left / discount⌋), max_order when the
    /// discount is 0, and 0 when that is below min_order. nil: unlimited.
    func ticketMax(_ offer: OfferSettings, ticket: TicketKind, members: [Int]) -> Int? {
        let maxOrder = maxOrder(offer, members: members)
        let amount = offer.unitAmount(ticket)
        guard amount > 0, let left = budgetLeft(offer) else { return maxOrder }
        var units = min(maxOrder ?? Int.max, left / amount)
        if let least = offer.minOrder, units < least { units = 0 }
        return units
    }

    /// §7 Usable: max_order ≥ max(1, min_order) and the budget covers that many units of the ticket.
    func isUsable(_ offer: OfferSettings, ticket: TicketKind, members: [Int]) -> Bool {
        let units = offer.budget == nil ? maxOrder(offer, members: members) : ticketMax(offer, ticket: ticket, members: members)
        return (units ?? Int.max) >= max(1, offer.minOrder ?? 1)
    }

    // MARK: EVAL (§4, §7 Lines in full)

    func evalAnswer(code: String) -> [String] {
        let member = Self.members.first { $0.code == code }!.id
        var lines: [String] = []
        var anyUsable = false
        for offer in offers where offer.enabled {
            let remaining = remaining(offer, members: [member])
            var line = "OFFER id=\(offer.id) name=\(offer.name) via=code remaining=\(text(remaining))"
            line += " max_order=\(text(maxOrder(offer, members: [member])))"
            if let least = offer.minOrder { line += " min_order=\(least)" }
            if let left = budgetLeft(offer) { line += " budget_left=\(left)" }
            line += " " + offer.discount.wire
            if offer.monthly { line += " resets=\(UTC.text(UTC.startOfNextMonth(now)))" }
            lines.append(line)
            for id in offer.tickets {
                let ticket = Self.ticket(id)
                var line = "TICKET offer=\(offer.id) id=\(id) price=\(offer.discount.finalPrice(ticket.price)) base=\(ticket.price)"
                if offer.budget != nil { line += " max=\(text(ticketMax(offer, ticket: ticket, members: [member])))" }
                if best(for: ticket, members: [member]) == offer.id { line += " best=1" }
                lines.append(line)
                if isUsable(offer, ticket: ticket, members: [member]) { anyUsable = true }
            }
        }
        // §4 CODE: ok if it takes part in a granted offer that is usable (§7), else used_up.
        lines.append("CODE value=\(code) status=\(anyUsable ? "ok" : "used_up")")
        lines.append("OK offers=\(offers.count { $0.enabled })")
        return lines
    }

    /// §7 Best price: of two or more usable offers of a ticket, the lowest final price,
    /// ties in offer id order; nil for one or none.
    func best(for ticket: TicketKind, members: [Int]) -> String? {
        let usable = offers.filter {
            $0.enabled && $0.tickets.contains(ticket.id) && isUsable($0, ticket: ticket, members: members)
        }
        guard usable.count >= 2 else { return nil }
        return usable.min { a, b in
            let (pa, pb) = (a.discount.finalPrice(ticket.price), b.discount.finalPrice(ticket.price))
            return pa != pb ? pa < pb : a.id < b.id
        }!.id
    }

    private func text(_ n: Int?) -> String { n.map(String.init) ?? "unlimited" }

    // MARK: HOLD (§4, §6, §7 HOLD check order, Best price)

    enum HoldOutcome {
        case refused(String)
        case held(ModelHold)
    }

    /// What the server must answer to a HOLD, and the hold it makes. Not applied: `insert` does.
    func planHold(id: String, codes: [String], items: [ModelItem], ttl: Int?, request: String) -> HoldOutcome {
        let members = codes.map { code in Self.members.first { $0.code == code }!.id }.sorted()
        // Named items first: their units per offer, in order of first appearance.
        var order: [String] = []
        var units: [String: Int] = [:]
        var amounts: [String: Int] = [:]
        for item in items where item.offer != "*" {
            if units[item.offer] == nil { order.append(item.offer) }
            units[item.offer, default: 0] += item.quantity
            amounts[item.offer, default: 0] += item.quantity * offer(item.offer).unitAmount(Self.ticket(item.ticket))
        }
        // "per offer, in order of first appearance: not_eligible, below_minimum,
        // per_order_exceeded, limit_reached, budget_exhausted".
        for id in order {
            let offer = offer(id)
            let quantity = units[id]!
            if !offer.enabled { return .refused("ERR not_eligible offer=\(id)") }
            if let least = offer.minOrder, quantity < least { return .refused("ERR below_minimum offer=\(id) min=\(least)") }
            if let most = offer.perOrder, quantity > most { return .refused("ERR per_order_exceeded offer=\(id) max=\(most)") }
            if let left = remaining(offer, members: members), quantity > left {
                return .refused("ERR limit_reached offer=\(id) remaining=\(left)")
            }
            // "when the hold's amount for o exceeds budget_left: ERR budget_exhausted"
            if let left = budgetLeft(offer), amounts[id]! > left {
                return .refused("ERR budget_exhausted offer=\(id) budget_left=\(left)")
            }
        }
        // Then each `*` item in request order, "lowest final price first (ties in offer id
        // order): from each as many units as that offer can still give this hold (its
        // per_order less what the hold already takes of it, its remaining, its budget),
        // skipping an offer that could give fewer than its min_order".
        var picks: [Int: [(offer: String, units: Int)]] = [:]
        for (i, item) in items.enumerated() where item.offer == "*" {
            let ticket = Self.ticket(item.ticket)
            let candidates = offers.filter { $0.enabled && $0.tickets.contains(item.ticket) }.sorted { a, b in
                let (pa, pb) = (a.discount.finalPrice(ticket.price), b.discount.finalPrice(ticket.price))
                return pa != pb ? pa < pb : a.id < b.id
            }
            if candidates.isEmpty { return .refused("ERR not_eligible offer=* ticket=\(item.ticket)") }
            var covered = 0
            for offer in candidates where covered < item.quantity {
                let already = units[offer.id] ?? 0
                var give = item.quantity - covered
                if let most = offer.perOrder { give = min(give, most - already) }
                if let left = remaining(offer, members: members) { give = min(give, left - already) }
                let amount = offer.unitAmount(ticket)
                if amount > 0, let left = budgetLeft(offer) {
                    give = min(give, (left - (amounts[offer.id] ?? 0)) / amount)
                }
                guard give > 0 else { continue }
                if let least = offer.minOrder, already + give < least { continue }
                if units[offer.id] == nil { order.append(offer.id) }
                units[offer.id] = already + give
                amounts[offer.id, default: 0] += give * amount
                covered += give
                picks[i, default: []].append((offer.id, give))
            }
            if covered < item.quantity {
                return .refused("ERR limit_reached offer=* ticket=\(item.ticket) remaining=\(covered)")
            }
        }
        // The units in the order taken: item by item, a `*` item standing in its place for
        // its picks; each offer's units from the lowest member id with allowance left.
        var takes: [(offer: String, units: [ModelUnit])] = []
        var tickets: [String: [String]] = [:]
        for (i, item) in items.enumerated() {
            for (offer, count) in picks[i] ?? (item.offer == "*" ? [] : [(item.offer, item.quantity)]) {
                if !takes.contains(where: { $0.offer == offer }) { takes.append((offer, [])) }
                tickets[offer, default: []] += Array(repeating: item.ticket, count: count)
            }
        }
        for t in takes.indices {
            let offer = offer(takes[t].offer)
            var left = leftPerMember(offer, members: members)
            var m = 0
            for ticket in tickets[offer.id]! {
                while m < members.count - 1, let l = left[m], l == 0 { m += 1 }
                if let l = left[m] { left[m] = l - 1 }
                takes[t].units.append(ModelUnit(ticket: ticket, amount: offer.unitAmount(Self.ticket(ticket)), member: members[m]))
            }
        }
        return .held(ModelHold(
            id: id, members: members, codes: codes, request: request, created: now,
            expires: now + (ttl ?? 900), takes: takes))
    }

    /// Counts an accepted hold and returns its answer: one HELD line per offer in order of
    /// first appearance, `remaining` (and `budget_left`) after this hold.
    mutating func insert(_ hold: ModelHold) -> [String] {
        holds[hold.id] = hold
        holdOrder.append(hold.id)
        var answer = hold.takes.map { take in
            heldLine("HELD", offer: offer(take.offer), quantity: take.units.count, members: hold.members)
        }
        answer.append("OK id=\(hold.id) expires=\(UTC.text(hold.expires))")
        holds[hold.id]!.answer = answer
        return answer
    }

    /// `remaining` after this hold or release: "what EVAL with the hold's identity and codes
    /// at its event shows now, 0 when that EVAL does not grant the offer".
    private func heldLine(_ word: String, offer: OfferSettings, quantity: Int, members: [Int]) -> String {
        let remaining = offer.enabled ? text(remaining(offer, members: members)) : "0"
        var line = "\(word) offer=\(offer.id) qty=\(quantity) remaining=\(remaining)"
        if let left = budgetLeft(offer) { line += " budget_left=\(left)" }
        return line
    }

    // MARK: COMMIT, RELEASE (§4, §6, §7 Partial refunds)

    mutating func commit(_ id: String) -> [String] {
        guard var hold = holds[id] else { return ["ERR unknown_hold id=\(id)"] }
        switch hold.state {
        case .committed: return ["OK id=\(id) state=committed"]
        case .released: return ["ERR released id=\(id)"]
        case .held:
            // "COMMIT of an expired hold: ERR expired"
            guard now < hold.expires else { return ["ERR expired id=\(id)"] }
            hold.state = .committed
            holds[id] = hold
            return ["OK id=\(id) state=committed"]
        }
    }

    mutating func release(_ id: String) -> [String] {
        guard holds[id] != nil else { return ["ERR unknown_hold id=\(id)"] }
        holds[id]!.state = .released
        return ["OK id=\(id) state=released"]
    }

    /// A partial release: "the last taken first", checks in §7's order.
    mutating func refund(_ id: String, items: [ModelItem], refund: String) -> [String] {
        guard var hold = holds[id] else { return ["ERR unknown_hold id=\(id)"] }
        // "Repeating it with the same items returns the first answer byte for byte and
        // changes nothing; with other items, ERR conflict."
        if let earlier = hold.refunds[refund] {
            return earlier.items == items
                ? earlier.answer : ["ERR conflict id=\(id) refund=\(refund) msg=this%20refund%20gave%20back%20other%20items"]
        }
        if hold.state == .held && now >= hold.expires { return ["ERR expired id=\(id)"] }
        if hold.state == .released { return ["ERR released id=\(id)"] }
        // "not_in_hold when the hold has fewer units of that offer and ticket left than all
        // the request's items of that pair ask for together"; `*` names no offer.
        for item in items {
            let asked = items.filter { $0.offer == item.offer && $0.ticket == item.ticket }.reduce(0) { $0 + $1.quantity }
            let held = item.offer == "*" ? 0 : hold.unitsLeft(offer: item.offer, ticket: item.ticket)
            if held < asked { return ["ERR not_in_hold offer=\(item.offer) ticket=\(item.ticket) held=\(held)"] }
        }
        var order: [String] = []
        var quantities: [String: Int] = [:]
        for item in items {
            if quantities[item.offer] == nil { order.append(item.offer) }
            quantities[item.offer, default: 0] += item.quantity
        }
        // "would leave between 1 and min_order − 1 units of o: ERR below_minimum", with the
        // min_order of the catalog served now.
        for offer in order {
            let left = hold.unitsLeft(offer: offer) - quantities[offer]!
            if let least = self.offer(offer).minOrder, left > 0, left < least {
                return ["ERR below_minimum offer=\(offer) min=\(least)"]
            }
        }
        // "giving back n units of a ticket returns the last n of that ticket taken", each
        // to the member (and period) it was taken from.
        for item in items {
            let t = hold.takes.firstIndex { $0.offer == item.offer }!
            for _ in 0..<item.quantity {
                let last = hold.takes[t].units.lastIndex { $0.ticket == item.ticket }!
                hold.takes[t].units.remove(at: last)
            }
        }
        hold.takes.removeAll { $0.units.isEmpty }
        if hold.takes.isEmpty { hold.state = .released }
        holds[id] = hold
        var answer = order.map { heldLine("RELEASED", offer: offer($0), quantity: quantities[$0]!, members: hold.members) }
        answer.append("OK id=\(id) state=\(hold.state.rawValue)")
        holds[id]!.refunds[refund] = (items, answer)
        return answer
    }

    // MARK: Invariants

    /// "No unit over a limit, no cent over a budget" for the offers a hold just took:
    /// whatever a RELOAD lowered before it, a hold never takes a member past its limit, an
    /// offer past its total or a budget past its money. Empty when all hold.
    func violations(after hold: ModelHold) -> [String] {
        var found: [String] = []
        for take in hold.takes {
            let offer = offer(take.offer)
            for m in Set(take.units.map(\.member)) {
                let used = used(offer.id, member: m, period: period(of: offer, at: hold.created))
                if let limit = limit(offer, member: m), used > limit {
                    found.append("member \(m) has \(used) of \(offer.id), over its limit \(limit)")
                }
            }
            if let total = offer.total, usedTotal(offer.id) > total {
                found.append("\(offer.id) has \(usedTotal(offer.id)) units in use, over its total \(total)")
            }
            if let budget = offer.budget, take.units.contains(where: { $0.amount > 0 }), moneyInUse(offer.id) > budget {
                found.append("\(offer.id) has \(moneyInUse(offer.id)) in use, over its budget \(budget)")
            }
        }
        return found
    }
}
