/// An event as the catalog commands show it: its row and what refers to it (what
/// `delete` must not break).
public struct EventRecord: Sendable, Equatable {
    public var id: String
    public var name: String
    public var startsAt: String?
    /// Its ticket types' ids, in id order.
    public var ticketTypes: [String]
    public var seats: Int
    /// Offers that list it in `offer_events`, in id order.
    public var offers: [String]
    /// Audiences whose attendees of this event are members (`source_event_id`).
    public var audiences: [String]
}

/// A ticket type and the offers that list it in `offer_tickets`.
public struct TicketTypeRecord: Sendable, Equatable {
    public var id: String
    public var eventID: String
    public var name: String
    public var price: Int
    public var exclusive: Bool
    public var offers: [String]
}

/// One seat of an event.
public struct SeatRecord: Sendable, Equatable {
    public var eventID: String
    public var label: String
    public var category: String?
    public var locked: Bool

    public init(eventID: String, label: String, category: String? = nil, locked: Bool = true) {
        self.eventID = eventID
        self.label = label
        self.category = category
        self.locked = locked
    }
}

/// An offer with every column of SPEC §2 and §7 and its event and ticket type links.
public struct OfferRecord: Sendable, Equatable {
    public var id: String
    public var name: String
    public var audienceID: String
    public var enabled: Bool
    public var unlock: String
    public var promoCode: String?
    public var discount: String
    public var value: Int
    public var perMember: Int?
    public var perOrder: Int?
    public var total: Int?
    public var scope: String
    public var period: String?
    public var timezone: String
    public var validFrom: String?
    public var validUntil: String?
    public var minOrder: Int?
    public var budget: Int?
    /// `offer_events`, in id order: empty means every event.
    public var events: [String]
    /// `offer_tickets`, in id order: empty means every ticket type of its events.
    public var ticketTypes: [String]
}

/// What `importSeats` did.
public struct SeatImport: Sendable, Equatable {
    public var added: Int
    public var updated: Int
}
