import Dispatch

/// An immutable, validated, indexed snapshot of the catalog. Requests read it
/// without locks; RELOAD builds a new one and swaps the reference, so requests
/// in flight finish on the snapshot they started with.
public final class Catalog: Sendable {
    public let events: [Event]
    public let ticketTypes: [TicketType]
    public let seats: [Seat]
    public let audiences: [Audience]
    /// Grouped by audience (see `Audience.members`).
    public let members: [Member]
    /// In offer id order, so iterating indexes lists offers as EVAL answers them.
    public let offers: [Offer]

    public let eventByID: [String: Int]
    public let ticketTypeByID: [String: Int]
    public let offerByID: [String: Int]
    public let audienceByName: [String: Int]
    public let membersByCustomer: MemberIndex<CustomerKey>
    public let membersByEmail: MemberIndex<String>
    public let membersByCode: MemberIndex<String>
    /// Offers by normalised promo code.
    public let offersByPromoCode: [String: [Int]]

    /// Rows of `offers`, disabled ones too (SPEC §6 Counts).
    public var offerCount: Int { offers.count }
    /// Member rows plus attendee members (SPEC §6 Counts).
    public var memberCount: Int { members.count }

    init(
        events: [Event], ticketTypes: [TicketType], seats: [Seat], audiences: [Audience], members: [Member],
        offers: [Offer], eventByID: [String: Int], ticketTypeByID: [String: Int], offerByID: [String: Int],
        audienceByName: [String: Int], membersByCustomer: MemberIndex<CustomerKey>,
        membersByEmail: MemberIndex<String>, membersByCode: MemberIndex<String>, offersByPromoCode: [String: [Int]]
    ) {
        self.events = events; self.ticketTypes = ticketTypes; self.seats = seats; self.audiences = audiences
        self.members = members; self.offers = offers; self.eventByID = eventByID
        self.ticketTypeByID = ticketTypeByID; self.offerByID = offerByID; self.audienceByName = audienceByName
        self.membersByCustomer = membersByCustomer; self.membersByEmail = membersByEmail
        self.membersByCode = membersByCode; self.offersByPromoCode = offersByPromoCode
    }

    /// A large catalog holds a million members and three indexes of them, and
    /// releasing all that took about half a second on a 2-core machine. The last
    /// reference to a snapshot usually drops on the event loop, when RELOAD swaps
    /// the new one in, where that half second stalled every connection; so the
    /// bulk storage is handed to a background queue and released there.
    deinit {
        let storage = (members, membersByCustomer, membersByEmail, membersByCode)
        guard storage.0.count >= Self.backgroundReleaseThreshold else { return }
        Self.releaseQueue.async { withExtendedLifetime(storage) {} }
    }

    /// Below this many members, releasing in place is cheaper than a queue hop.
    static let backgroundReleaseThreshold = 10_000
    private static let releaseQueue = DispatchQueue(label: "tessera.catalog-release", qos: .background)

    /// The ticket types offer `offer` grants at `event`: its `offer_tickets`
    /// rows of that event, or every ticket type of the event when it has none
    /// (exclusive ones too, SPEC §6). Ticket id order.
    public func ticketTypes(ofOffer offer: Int, atEvent event: Int) -> [Int] {
        let o = offers[offer]
        if !o.hasTicketList { return events[event].ticketTypes }
        return o.ticketsByEvent[event] ?? []
    }
}

/// Byte order of UTF-8, which is code point order: the order ids and labels
/// are listed in, independent of Swift's Unicode-aware `<`.
@inlinable func utf8Less(_ a: String, _ b: String) -> Bool {
    a.utf8.lexicographicallyPrecedes(b.utf8)
}
