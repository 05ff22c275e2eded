@testable import TesseraCore

/// Builds small catalogs in a few lines, so each test states only the rows
/// its rule is about.
struct CatalogFixture {
    var rows = CatalogRows()

    init() {
        rows.events = [EventRow(id: "gala", name: "Gala"), EventRow(id: "jazz", name: "Jazz night")]
        rows.ticketTypes = [
            TicketTypeRow(id: "gala-seated", eventID: "gala", name: "Seated", price: 6000),
            TicketTypeRow(id: "gala-standing", eventID: "gala", name: "Standing", price: 4000),
            TicketTypeRow(id: "gala-vip", eventID: "gala", name: "VIP lounge", price: 15000, exclusive: true),
            TicketTypeRow(id: "jazz-entry", eventID: "jazz", name: "Entry", price: 2500),
        ]
        rows.audiences = [AudienceRow(id: "vip", name: "VIP codes")]
    }

    mutating func member(
        _ id: Int64, audience: String = "vip", customer: String? = nil, email: String? = nil, code: String? = nil,
        quantity: Int? = nil, category: String? = nil, seat: String? = nil, from: String? = nil, until: String? = nil
    ) {
        rows.members.append(MemberRow(
            id: id, audienceID: audience, customerID: customer, email: email, code: code, quantity: quantity,
            category: category, seat: seat, validFrom: from, validUntil: until))
    }

    mutating func offer(_ id: String, audience: String = "vip", _ configure: (inout OfferRow) -> Void = { _ in }) {
        var row = OfferRow(id: id, name: id.uppercased(), audienceID: audience)
        configure(&row)
        rows.offers.append(row)
    }

    func build() throws -> Catalog { try CatalogBuilder.build(rows) }
}

extension Catalog {
    func evaluate(_ event: String, customer: String? = nil, email: String? = nil, codes: [String] = [],
                  at time: String = "2026-11-23T12:00:00Z", usage: some UsageReading = NoUsage()) -> Evaluation {
        evaluate(event: eventByID[event]!, shopper: Shopper(customer: customer, email: email, codes: codes),
                 at: Instant(iso8601: time)!, usage: usage)
    }

    func offerIDs(_ evaluation: Evaluation) -> [String] { evaluation.offers.map { offers[$0.grant.offer].id } }
}

/// Usage counts set by hand, for limit rules; `money` for budgets (SPEC §7).
struct FixedUsage: UsageReading {
    var slots: [UsageSlot: Int] = [:]
    var totals: [String: Int] = [:]
    var money: [String: Int] = [:]
    func used(_ slot: UsageSlot) -> Int { slots[slot] ?? 0 }
    func usedTotal(offer: String) -> Int { totals[offer] ?? 0 }
    func moneyInUse(offer: String) -> Int { money[offer] ?? 0 }
}
