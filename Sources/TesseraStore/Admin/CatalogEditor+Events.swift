/// Events and their ticket types: list, show, add, set, delete, every change checked
/// by the server's loader (`checkedWrite`).
extension CatalogEditor {
    // MARK: Events

    /// Every event in id order, with what refers to it.
    public func events() throws(AdminError) -> [EventRecord] {
        try read { try strings("SELECT id FROM events ORDER BY id").map(eventRecord) }
    }

    /// One event, by id or name.
    public func event(_ reference: String) throws(AdminError) -> EventRecord {
        try read { try eventRecord(try resolveEvent(reference)) }
    }

    /// Adds an event; `values` by column (`name`, `starts_at`). Returns its id: `id`,
    /// else one made from the name.
    @discardableResult
    public func addEvent(id: String? = nil, _ values: [String: String]) throws(AdminError) -> String {
        try checkedWrite {
            var values = values
            guard let name = try Self.name(values, what: "an event") else { throw AdminError("an event needs a name") }
            values["name"] = name
            let newID = try newID(in: "events", given: id, name: name, fallback: "event")
            try insert("events", [("id", .text(newID))] + parsed(values, CatalogColumn.events, table: "events"))
            return newID
        }
    }

    /// Sets the given columns of one event.
    public func setEvent(_ reference: String, _ values: [String: String]) throws(AdminError) {
        try checkedWrite {
            let id = try resolveEvent(reference)
            var values = values
            if let name = try Self.name(values, what: "an event") { values["name"] = name }
            try update("events", parsed(values, CatalogColumn.events, table: "events"), where: "id", id)
        }
    }

    /// Deletes an event nothing refers to; otherwise refuses, saying what does.
    @discardableResult
    public func deleteEvent(_ reference: String) throws(AdminError) -> String {
        try checkedWrite {
            let event = try eventRecord(try resolveEvent(reference))
            var uses: [String] = []
            if !event.ticketTypes.isEmpty { uses.append(Self.counted(event.ticketTypes, "ticket type")) }
            if event.seats > 0 { uses.append("\(event.seats) seat\(event.seats == 1 ? "" : "s")") }
            if !event.offers.isEmpty { uses.append(Self.counted(event.offers, "offer")) }
            if !event.audiences.isEmpty { uses.append(Self.counted(event.audiences, "audience") + " as source event") }
            guard uses.isEmpty else {
                throw AdminError(
                    "event '\(event.id)' is used by " + uses.joined(separator: ", ")
                        + "; delete or move those first (tessera ticket, seat, offer set --event)")
            }
            try run("DELETE FROM events WHERE id = ?", event.id)
            return event.id
        }
    }

    private func eventRecord(_ id: String) throws -> EventRecord {
        let row = try db.prepare("SELECT id, name, starts_at FROM events WHERE id = ?")
        try row.bind(id, at: 1)
        guard try row.step() == .row else { throw AdminError("no event '\(id)' in catalog \(path)") }
        return EventRecord(
            id: row.text(at: 0), name: row.text(at: 1), startsAt: optionalText(row, 2),
            ticketTypes: try strings("SELECT id FROM ticket_types WHERE event_id = ? ORDER BY id", id),
            seats: try count("SELECT count(*) FROM seats WHERE event_id = ?", id),
            offers: try strings("SELECT DISTINCT offer_id FROM offer_events WHERE event_id = ? ORDER BY offer_id", id),
            audiences: try strings("SELECT id FROM audiences WHERE source_event_id = ? ORDER BY id", id))
    }

    // MARK: Ticket types

    /// Every ticket type (of one event, when given) in id order.
    public func ticketTypes(event: String? = nil) throws(AdminError) -> [TicketTypeRecord] {
        try read {
            let ids =
                try event.map {
                    try strings("SELECT id FROM ticket_types WHERE event_id = ? ORDER BY id", try resolveEvent($0))
                } ?? strings("SELECT id FROM ticket_types ORDER BY id")
            return try ids.map(ticketTypeRecord)
        }
    }

    /// One ticket type, by id or name.
    public func ticketType(_ reference: String) throws(AdminError) -> TicketTypeRecord {
        try read { try ticketTypeRecord(try resolveTicketType(reference)) }
    }

    /// Adds a ticket type; `values` by column (`name`, `event_id` as an event id or
    /// name, `price`, `exclusive`). Returns its id.
    @discardableResult
    public func addTicketType(id: String? = nil, _ values: [String: String]) throws(AdminError) -> String {
        try checkedWrite {
            var values = try ticketValues(values)
            guard let name = values["name"] else { throw AdminError("a ticket type needs a name") }
            guard values["event_id"] != nil else { throw AdminError("a ticket type needs an event (--event)") }
            guard values["price"] != nil else { throw AdminError("a ticket type needs a price (--price, in minor units)") }
            values["name"] = name
            let newID = try newID(in: "ticket_types", given: id, name: name, fallback: "ticket")
            try insert(
                "ticket_types", [("id", .text(newID))] + parsed(values, CatalogColumn.ticketTypes, table: "ticket_types"))
            return newID
        }
    }

    /// Sets the given columns of one ticket type.
    public func setTicketType(_ reference: String, _ values: [String: String]) throws(AdminError) {
        try checkedWrite {
            let id = try resolveTicketType(reference)
            try update(
                "ticket_types", parsed(try ticketValues(values), CatalogColumn.ticketTypes, table: "ticket_types"),
                where: "id", id)
        }
    }

    /// Deletes a ticket type no offer lists; otherwise refuses, naming the offers.
    @discardableResult
    public func deleteTicketType(_ reference: String) throws(AdminError) -> String {
        try checkedWrite {
            let ticket = try ticketTypeRecord(try resolveTicketType(reference))
            guard ticket.offers.isEmpty else {
                throw AdminError(
                    "ticket type '\(ticket.id)' is listed by " + Self.counted(ticket.offers, "offer")
                        + "; take it out of their ticket types first (tessera offer set OFFER --ticket …)")
            }
            try run("DELETE FROM ticket_types WHERE id = ?", ticket.id)
            return ticket.id
        }
    }

    /// The name trimmed and the event named by id or name turned into its id.
    private func ticketValues(_ values: [String: String]) throws -> [String: String] {
        var values = values
        if let name = try Self.name(values, what: "a ticket type") { values["name"] = name }
        if let event = values["event_id"] { values["event_id"] = try resolveEvent(event) }
        return values
    }

    private func ticketTypeRecord(_ id: String) throws -> TicketTypeRecord {
        let row = try db.prepare("SELECT id, event_id, name, price, exclusive FROM ticket_types WHERE id = ?")
        try row.bind(id, at: 1)
        guard try row.step() == .row else { throw AdminError("no ticket type '\(id)' in catalog \(path)") }
        return TicketTypeRecord(
            id: row.text(at: 0), eventID: row.text(at: 1), name: row.text(at: 2), price: Int(row.int64(at: 3)),
            exclusive: row.int64(at: 4) != 0,
            offers: try strings(
                "SELECT DISTINCT offer_id FROM offer_tickets WHERE ticket_type_id = ? ORDER BY offer_id", id))
    }

    /// "2 offers (a, b)".
    static func counted(_ ids: [String], _ what: String) -> String {
        "\(ids.count) \(what)\(ids.count == 1 ? "" : "s") (\(ids.joined(separator: ", ")))"
    }
}
