/// Offers: list, show, add, set, enable, disable, delete, with their events and ticket
/// types. Every change is checked by the server's loader (`checkedWrite`).
extension CatalogEditor {
    /// Every offer in id order.
    public func offers() throws(AdminError) -> [OfferRecord] {
        try read { try strings("SELECT id FROM offers ORDER BY id").map(offerRecord) }
    }

    /// One offer, by id or name.
    public func offer(_ reference: String) throws(AdminError) -> OfferRecord {
        try read { try offerRecord(try resolveOffer(reference)) }
    }

    /// Adds an offer; `values` by column (SPEC §2 and §7, `audience_id` as an audience
    /// id or name). `events` and `ticketTypes` (ids or names) fill `offer_events` and
    /// `offer_tickets`; none means every event, every ticket type. Returns its id.
    @discardableResult
    public func addOffer(
        id: String? = nil, _ values: [String: String], enabled: Bool = true, events: [String] = [],
        ticketTypes: [String] = []
    ) throws(AdminError) -> String {
        try checkedWrite {
            var values = try offerValues(values)
            guard let name = values["name"] else { throw AdminError("an offer needs a name") }
            guard values["audience_id"] != nil else { throw AdminError("an offer needs an audience (--audience)") }
            values["name"] = name
            let newID = try newID(in: "offers", given: id, name: name, fallback: "offer")
            try insert(
                "offers",
                [("id", .text(newID)), ("enabled", .integer(enabled ? 1 : 0))]
                    + parsed(values, CatalogColumn.offers, table: "offers"))
            try link(newID, events: events, ticketTypes: ticketTypes)
            return newID
        }
    }

    /// Sets the given columns of one offer; `events` or `ticketTypes`, when given,
    /// replace its links as a whole (an empty list: every event, every ticket type).
    public func setOffer(
        _ reference: String, _ values: [String: String], events: [String]? = nil, ticketTypes: [String]? = nil
    ) throws(AdminError) {
        try checkedWrite {
            let id = try resolveOffer(reference)
            try update("offers", parsed(try offerValues(values), CatalogColumn.offers, table: "offers"), where: "id", id)
            if let events {
                try run("DELETE FROM offer_events WHERE offer_id = ?", id)
                try link(id, events: events, ticketTypes: [])
            }
            if let ticketTypes {
                try run("DELETE FROM offer_tickets WHERE offer_id = ?", id)
                try link(id, events: [], ticketTypes: ticketTypes)
            }
        }
    }

    /// Switches an offer on or off; returns whether anything changed. Off keeps the
    /// offer, its links and its usage: the gentle alternative to `delete`.
    @discardableResult
    public func setEnabled(offer reference: String, _ enabled: Bool) throws(AdminError) -> Bool {
        try checkedWrite {
            let id = try resolveOffer(reference)
            let was = try count("SELECT enabled FROM offers WHERE id = ?", id) != 0
            try run("UPDATE offers SET enabled = ? WHERE id = ?", enabled ? 1 : 0, id)
            return was != enabled
        }
    }

    /// Deletes an offer (with its `offer_events` and `offer_tickets` rows) that the
    /// ledger at `ledgerPath` has no usage of; otherwise refuses, saying how much and
    /// suggesting `disable`. A missing ledger file means no usage.
    @discardableResult
    public func deleteOffer(_ reference: String, ledgerPath: String) throws(AdminError) -> String {
        try checkedWrite {
            let id = try resolveOffer(reference)
            if let usage = try LedgerUsage.of(offer: id, ledgerPath: ledgerPath) {
                throw AdminError(
                    "offer '\(id)' has usage in the ledger \(ledgerPath) (\(usage)); "
                        + "disable it instead (tessera offer disable \(id)), which keeps its usage")
            }
            try run("DELETE FROM offer_events WHERE offer_id = ?", id)
            try run("DELETE FROM offer_tickets WHERE offer_id = ?", id)
            try run("DELETE FROM offers WHERE id = ?", id)
            return id
        }
    }

    /// Adds links; refuses an unknown event or ticket type by name, and a repeat.
    private func link(_ id: String, events: [String], ticketTypes: [String]) throws {
        for event in events {
            let eventID = try resolveEvent(event)
            guard try count("SELECT count(*) FROM offer_events WHERE offer_id = ? AND event_id = ?", id, eventID) == 0
            else { throw AdminError("event '\(eventID)' is given twice") }
            try run("INSERT INTO offer_events (offer_id, event_id) VALUES (?, ?)", id, eventID)
        }
        for ticket in ticketTypes {
            let ticketID = try resolveTicketType(ticket)
            guard
                try count(
                    "SELECT count(*) FROM offer_tickets WHERE offer_id = ? AND ticket_type_id = ?", id, ticketID) == 0
            else { throw AdminError("ticket type '\(ticketID)' is given twice") }
            try run("INSERT INTO offer_tickets (offer_id, ticket_type_id) VALUES (?, ?)", id, ticketID)
        }
    }

    /// The name trimmed and the audience named by id or name turned into its id.
    private func offerValues(_ values: [String: String]) throws -> [String: String] {
        var values = values
        if let name = try Self.name(values, what: "an offer") { values["name"] = name }
        if let audience = values["audience_id"] { values["audience_id"] = try resolveAudience(audience).id }
        return values
    }

    private func offerRecord(_ id: String) throws -> OfferRecord {
        let minOrder = try hasColumn("offers", "min_order") ? "min_order" : "NULL"
        let budget = try hasColumn("offers", "budget") ? "budget" : "NULL"
        let row = try db.prepare(
            """
            SELECT id, name, audience_id, enabled, unlock, promo_code, discount, value, per_member, per_order, total,
                   scope, period, timezone, valid_from, valid_until, \(minOrder), \(budget)
            FROM offers WHERE id = ?
            """)
        try row.bind(id, at: 1)
        guard try row.step() == .row else { throw AdminError("no offer '\(id)' in catalog \(path)") }
        return OfferRecord(
            id: row.text(at: 0), name: row.text(at: 1), audienceID: row.text(at: 2), enabled: row.int64(at: 3) != 0,
            unlock: row.text(at: 4), promoCode: optionalText(row, 5), discount: row.text(at: 6),
            value: Int(row.int64(at: 7)), perMember: optionalInteger(row, 8), perOrder: optionalInteger(row, 9),
            total: optionalInteger(row, 10), scope: row.text(at: 11), period: optionalText(row, 12),
            timezone: row.text(at: 13), validFrom: optionalText(row, 14), validUntil: optionalText(row, 15),
            minOrder: optionalInteger(row, 16), budget: optionalInteger(row, 17),
            events: try strings("SELECT event_id FROM offer_events WHERE offer_id = ? ORDER BY event_id", id),
            ticketTypes: try strings(
                "SELECT ticket_type_id FROM offer_tickets WHERE offer_id = ? ORDER BY ticket_type_id", id))
    }
}
