/// Validates `CatalogRows` against SPEC §2 and builds the indexed `Catalog`.
///
/// Every time and time zone is parsed here, once, so no request ever parses
/// one. The first broken row refuses the whole catalog with its table, row
/// and problem: a half-valid catalog would silently change answers.
public enum CatalogBuilder {
    /// `rows` is consumed: given a temporary (`build(CatalogLoader.loadRows(…))`) the
    /// member rows are freed as soon as the members are built, before the indexes,
    /// which keeps them out of a large catalog's peak memory.
    public static func build(_ rows: consuming CatalogRows) throws(CatalogError) -> Catalog {
        // Events.
        var events: [Event] = []
        var eventByID: [String: Event.Index] = [:]
        for row in rows.events.sorted(by: { utf8Less($0.id, $1.id) }) {
            guard eventByID[row.id] == nil else { throw .id("events", row.id, "duplicate id") }
            let startsAt = try time(row.startsAt, "events", .id("events", row.id, ""), column: "starts_at")
            eventByID[row.id] = events.nextIndex()
            events.append(Event(id: row.id, name: row.name, startsAt: startsAt))
        }
        func event(_ id: String, _ table: String, _ where_: CatalogError, column: String) throws(CatalogError) -> Event.Index {
            guard let e = eventByID[id] else { throw problem(where_, "\(column) '\(id)' is not an event") }
            return e
        }

        // Ticket types, each listed under its event in id order.
        var ticketTypes: [TicketType] = []
        var ticketTypeByID: [String: TicketType.Index] = [:]
        for row in rows.ticketTypes.sorted(by: { utf8Less($0.id, $1.id) }) {
            let at = CatalogError.id("ticket_types", row.id, "")
            guard ticketTypeByID[row.id] == nil else { throw problem(at, "duplicate id") }
            let e = try event(row.eventID, "ticket_types", at, column: "event_id")
            guard row.price >= 0 else { throw problem(at, "price must be >= 0, got \(row.price)") }
            let t: TicketType.Index = ticketTypes.nextIndex()
            ticketTypeByID[row.id] = t
            events[e].ticketTypes.append(t)
            ticketTypes.append(TicketType(id: row.id, event: e, name: row.name, price: row.price, exclusive: row.exclusive))
        }

        // Seats, in label order (UTF-8 byte order, as answers list them) per event: within
        // one event a seat's index grows with its label, so EVAL orders seats by index alone.
        var seats: [Seat] = []
        for row in rows.seats.sorted(by: { $0.eventID != $1.eventID ? utf8Less($0.eventID, $1.eventID) : utf8Less($0.label, $1.label) }) {
            let at = CatalogError.rowid("seats", row.rowid, "")
            let e = try event(row.eventID, "seats", at, column: "event_id")
            guard events[e].seatByLabel[row.label] == nil else {
                throw problem(at, "duplicate seat '\(row.label)' for event '\(row.eventID)'")
            }
            events[e].seatByLabel[row.label] = seats.nextIndex()
            seats.append(Seat(event: e, label: row.label, category: row.category, locked: row.locked))
        }
        for e in events.typedIndices(Event.Index.self) {
            let order = events[e].seatByLabel.values.sorted { utf8Less(seats[$0].label, seats[$1].label) }
            events[e].seats = order
            for s in order where seats[s].locked {
                if let category = seats[s].category { events[e].lockedSeatsByCategory[category, default: []].append(s) }
            }
        }

        // Audiences.
        var audiences: [Audience] = []
        var audienceByID: [String: Audience.Index] = [:]
        var audienceByName: [String: Audience.Index] = [:]
        for row in rows.audiences.sorted(by: { utf8Less($0.id, $1.id) }) {
            let at = CatalogError.id("audiences", row.id, "")
            guard audienceByID[row.id] == nil else { throw problem(at, "duplicate id") }
            guard audienceByName[row.name] == nil else { throw problem(at, "duplicate name '\(row.name)'") }
            var source: Event.Index?
            if let id = row.sourceEventID { source = try event(id, "audiences", at, column: "source_event_id") }
            audienceByID[row.id] = audiences.nextIndex()
            audienceByName[row.name] = audiences.nextIndex()
            audiences.append(Audience(
                id: row.id, name: row.name, description: row.description, active: row.active, sourceEvent: source))
        }

        let (members, memberIDs) = try members(rows, audiences: &audiences, audienceByID: audienceByID, eventByID: eventByID)
        rows.members = MemberRows()
        let (byCustomer, byEmail, byCode) = indexes(of: members)

        // Offers, in id order.
        var offerEvents: [String: [OfferEventRow]] = [:]
        for row in rows.offerEvents { offerEvents[row.offerID, default: []].append(row) }
        var offerTickets: [String: [OfferTicketRow]] = [:]
        for row in rows.offerTickets { offerTickets[row.offerID, default: []].append(row) }
        var offerIDs = Set<String>()
        for row in rows.offers where !offerIDs.insert(row.id).inserted {
            throw .id("offers", row.id, "duplicate id")
        }
        for row in rows.offerEvents where !offerIDs.contains(row.offerID) {
            throw .rowid("offer_events", row.rowid, "offer_id '\(row.offerID)' is not an offer")
        }
        for row in rows.offerTickets where !offerIDs.contains(row.offerID) {
            throw .rowid("offer_tickets", row.rowid, "offer_id '\(row.offerID)' is not an offer")
        }

        var offers: [Offer] = []
        var offerByID: [String: Offer.Index] = [:]
        var offersByPromoCode: [String: [Offer.Index]] = [:]
        var offersByAudienceEvent: [Int: [Offer.Index]] = [:]
        var zones: [String: ZoneRules] = [:]
        for row in rows.offers.sorted(by: { utf8Less($0.id, $1.id) }) {
            let at = CatalogError.id("offers", row.id, "")
            // A HOLD item's `*` means any offer (SPEC §7): no offer may be called that.
            guard row.id != HoldItem.anyOffer else { throw problem(at, "id '*' is reserved: in a HOLD item it means any offer") }
            guard let a = audienceByID[row.audienceID] else {
                throw problem(at, "audience_id '\(row.audienceID)' is not an audience")
            }
            guard let unlock = Unlock(rawValue: row.unlock) else {
                throw problem(at, "unlock must be 'login', 'code' or 'any', got '\(row.unlock)'")
            }
            let discount = try discount(row, at)
            guard let scope = Scope(rawValue: row.scope) else {
                throw problem(at, "scope must be 'event' or 'all', got '\(row.scope)'")
            }
            var period: Period?
            if let p = row.period {
                guard let parsed = Period(rawValue: p) else {
                    throw problem(at, "period must be NULL, 'day', 'week', 'month' or 'year', got '\(p)'")
                }
                period = parsed
            }
            let zone: ZoneRules
            if let known = zones[row.timezone] {
                zone = known
            } else {
                guard let made = ZoneRules.named(row.timezone) else {
                    throw problem(at, "timezone '\(row.timezone)' is not an IANA time zone")
                }
                zones[row.timezone] = made
                zone = made
            }
            for (column, value) in [("per_member", row.perMember), ("total", row.total), ("budget", row.budget)] {
                if let v = value, v < 0 { throw problem(at, "\(column) must be >= 0, got \(v)") }
            }
            if let v = row.perOrder, v < 1 { throw problem(at, "per_order must be >= 1, got \(v)") }
            if let v = row.minOrder {
                guard v >= 1 else { throw problem(at, "min_order must be >= 1, got \(v)") }
                if let p = row.perOrder, v > p {
                    throw problem(at, "min_order \(v) is greater than per_order \(p)")
                }
            }
            let window = ValidityWindow(
                from: try time(row.validFrom, "offers", at, column: "valid_from"),
                until: try time(row.validUntil, "offers", at, column: "valid_until"))

            var eventList: [Event.Index] = []
            for link in offerEvents[row.id] ?? [] {
                eventList.append(try event(
                    link.eventID, "offer_events", .rowid("offer_events", link.rowid, ""), column: "event_id"))
            }
            var ticketsByEvent: [Event.Index: [TicketType.Index]] = [:]
            for link in offerTickets[row.id] ?? [] {
                guard let t = ticketTypeByID[link.ticketTypeID] else {
                    throw .rowid("offer_tickets", link.rowid, "ticket_type_id '\(link.ticketTypeID)' is not a ticket type")
                }
                ticketsByEvent[ticketTypes[t].event, default: []].append(t)
            }
            for e in ticketsByEvent.keys { ticketsByEvent[e] = Array(Set(ticketsByEvent[e]!)).sorted() }

            let eventIndexes = Array(Set(eventList)).sorted()
            let promo = row.promoCode.map { Normalization.key($0) ?? "" }
            let index: Offer.Index = offers.nextIndex()
            offerByID[row.id] = index
            audiences[a].offers.append(index)
            if row.enabled {
                if eventIndexes.isEmpty { audiences[a].offersAtAnyEvent.append(index) }
                for e in eventIndexes {
                    offersByAudienceEvent[Catalog.audienceEventKey(a, e, eventCount: events.count), default: []].append(index)
                }
            }
            if let promo, !promo.isEmpty { offersByPromoCode[promo, default: []].append(index) }
            offers.append(Offer(
                id: row.id, name: row.name, audience: a, enabled: row.enabled, unlock: unlock, promoCode: promo,
                discount: discount, perMember: row.perMember, perOrder: row.perOrder, total: row.total, minOrder: row.minOrder,
                budget: row.budget, scope: scope,
                period: period, zone: zone, window: window, events: eventIndexes,
                ticketsByEvent: ticketsByEvent, hasTicketList: !(offerTickets[row.id] ?? []).isEmpty))
        }

        return Catalog(
            events: events, ticketTypes: ticketTypes, seats: seats, audiences: audiences, members: members,
            offers: offers, eventByID: eventByID, ticketTypeByID: ticketTypeByID, offerByID: offerByID,
            audienceByName: audienceByName, membersByCustomer: byCustomer, membersByEmail: byEmail,
            membersByCode: byCode, memberIDs: memberIDs, offersByPromoCode: offersByPromoCode,
            offersByAudienceEvent: offersByAudienceEvent)
    }

    private static func discount(_ row: OfferRow, _ at: CatalogError) throws(CatalogError) -> Discount {
        switch row.discount {
        case "none": return .none
        case "percent":
            guard (0...100).contains(row.value) else {
                throw problem(at, "value of a percent discount must be 0..100, got \(row.value)")
            }
            return .percent(row.value)
        case "amount", "price":
            guard row.value >= 0 else { throw problem(at, "value must be >= 0, got \(row.value)") }
            return row.discount == "amount" ? .amount(row.value) : .price(row.value)
        default:
            throw problem(at, "discount must be 'none', 'percent', 'amount' or 'price', got '\(row.discount)'")
        }
    }

    /// `at` is only evaluated for a broken value: building the row's name for each
    /// of a million members cost more than parsing their times.
    static func time(
        _ text: String?, _ table: String, _ at: @autoclosure () -> CatalogError, column: String
    ) throws(CatalogError) -> Instant? {
        guard let text else { return nil }
        guard let instant = Instant(iso8601: text) else {
            throw problem(at(), "\(column) '\(text)' is not an ISO 8601 time")
        }
        return instant
    }

    static func problem(_ at: CatalogError, _ text: String) -> CatalogError {
        CatalogError(table: at.table, row: at.row, problem: text)
    }

    static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }
}
