/// The catalog tables of SPEC §2 exactly as read from storage, before any
/// validation. The loader fills these; `CatalogBuilder` turns them into a
/// validated, indexed `Catalog` (or a `CatalogError` naming table, row, problem).
///
/// Keeping the raw rows separate lets the rule engine validate catalogs without
/// knowing SQLite exists, and lets tests build catalogs in a few lines.
public struct CatalogRows: Sendable {
    public var events: [EventRow] = []
    public var ticketTypes: [TicketTypeRow] = []
    public var seats: [SeatRow] = []
    public var audiences: [AudienceRow] = []
    /// Compact: a large catalog has a million (see `MemberRows`).
    public var members = MemberRows()
    public var attendees: [AttendeeRow] = []
    public var offers: [OfferRow] = []
    public var offerEvents: [OfferEventRow] = []
    public var offerTickets: [OfferTicketRow] = []

    public init() {}
}

public struct EventRow: Sendable {
    public var id: String
    public var name: String
    public var startsAt: String?
    public init(id: String, name: String, startsAt: String? = nil) {
        self.id = id; self.name = name; self.startsAt = startsAt
    }
}

public struct TicketTypeRow: Sendable {
    public var id: String
    public var eventID: String
    public var name: String
    public var price: Int
    public var exclusive: Bool
    public init(id: String, eventID: String, name: String, price: Int, exclusive: Bool = false) {
        self.id = id; self.eventID = eventID; self.name = name; self.price = price; self.exclusive = exclusive
    }
}

public struct SeatRow: Sendable {
    /// SQLite rowid: the seats table has no id column, errors name this.
    public var rowid: Int64
    public var eventID: String
    public var label: String
    public var category: String?
    public var locked: Bool
    public init(rowid: Int64 = 0, eventID: String, label: String, category: String? = nil, locked: Bool = true) {
        self.rowid = rowid; self.eventID = eventID; self.label = label; self.category = category; self.locked = locked
    }
}

public struct AudienceRow: Sendable {
    public var id: String
    public var name: String
    public var description: String?
    public var active: Bool
    public var sourceEventID: String?
    public init(id: String, name: String, description: String? = nil, active: Bool = true, sourceEventID: String? = nil) {
        self.id = id; self.name = name; self.description = description; self.active = active
        self.sourceEventID = sourceEventID
    }
}

public struct MemberRow: Sendable {
    public var id: Int64
    public var audienceID: String
    public var customerID: String?
    public var email: String?
    public var code: String?
    public var quantity: Int?
    public var category: String?
    public var seat: String?
    public var location: String?
    public var validFrom: String?
    public var validUntil: String?
    public init(
        id: Int64, audienceID: String, customerID: String? = nil, email: String? = nil, code: String? = nil,
        quantity: Int? = nil, category: String? = nil, seat: String? = nil, location: String? = nil,
        validFrom: String? = nil, validUntil: String? = nil
    ) {
        self.id = id; self.audienceID = audienceID; self.customerID = customerID; self.email = email
        self.code = code; self.quantity = quantity; self.category = category; self.seat = seat
        self.location = location; self.validFrom = validFrom; self.validUntil = validUntil
    }
}

public struct AttendeeRow: Sendable {
    /// SQLite rowid: the attendees table has no id column, errors name this.
    public var rowid: Int64
    public var eventID: String
    public var customerID: String?
    public var email: String?
    public var barcode: String?
    public init(rowid: Int64 = 0, eventID: String, customerID: String? = nil, email: String? = nil, barcode: String? = nil) {
        self.rowid = rowid; self.eventID = eventID; self.customerID = customerID; self.email = email
        self.barcode = barcode
    }
}

public struct OfferRow: Sendable {
    public var id: String
    public var name: String
    public var audienceID: String
    public var enabled: Bool = true
    public var unlock: String = "any"
    public var promoCode: String?
    public var discount: String = "none"
    public var value: Int = 0
    public var perMember: Int?
    public var perOrder: Int?
    public var total: Int?
    public var scope: String = "event"
    public var period: String?
    public var timezone: String = "UTC"
    public var validFrom: String?
    public var validUntil: String?
    /// SPEC §7; a catalog without the column reads NULL.
    public var minOrder: Int?
    /// SPEC §7 Money budget, in minor units (NULL or >= 0); a catalog without the column reads NULL.
    public var budget: Int?
    public init(id: String, name: String, audienceID: String) {
        self.id = id; self.name = name; self.audienceID = audienceID
    }
}

public struct OfferEventRow: Sendable {
    public var rowid: Int64
    public var offerID: String
    public var eventID: String
    public init(rowid: Int64 = 0, offerID: String, eventID: String) {
        self.rowid = rowid; self.offerID = offerID; self.eventID = eventID
    }
}

public struct OfferTicketRow: Sendable {
    public var rowid: Int64
    public var offerID: String
    public var ticketTypeID: String
    public init(rowid: Int64 = 0, offerID: String, ticketTypeID: String) {
        self.rowid = rowid; self.offerID = offerID; self.ticketTypeID = ticketTypeID
    }
}
