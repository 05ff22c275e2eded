import Dispatch

/// An immutable, validated, indexed snapshot of the catalog. Requests read it
/// without locks; RELOAD builds a new one and swaps the reference, so requests
/// in flight finish on the snapshot they started with.
public final class Catalog: Sendable {
    public let events: [Event]
    public let ticketTypes: [TicketType]
    public let seats: [Seat]
    public let audiences: [Audience]
    /// In offer id order, so iterating indexes lists offers as EVAL answers them.
    public let offers: [Offer]

    public let eventByID: [String: Event.Index]
    public let ticketTypeByID: [String: TicketType.Index]
    public let offerByID: [String: Offer.Index]
    public let audienceByName: [String: Audience.Index]
    /// Offers by normalised promo code.
    public let offersByPromoCode: [String: [Offer.Index]]
    /// Enabled offers that list event `e` in `offer_events`, of audience `a`,
    /// under `audienceEventKey(a, e)`, in offer id order. With each audience's
    /// `offersAtAnyEvent`, the only offers EVAL has to look at for a matched
    /// audience: reading every offer of the audience to find the few that apply
    /// at the event was a cache miss per offer.
    public let offersByAudienceEvent: [Int: [Offer.Index]]

    /// Grouped by audience (see `Audience.members`). Hot loops bind it to a
    /// local first (one retain of the array): a field read through this
    /// accessor, `members[m].seat`, copied the whole `Member`, retaining each
    /// of its strings, in EVAL's profiles.
    public var members: [Member] { _read { yield memberTables.takeUnretainedValue().members } }
    public var membersByCustomer: MemberIndex { _read { yield memberTables.takeUnretainedValue().byCustomer } }
    public var membersByEmail: MemberIndex { _read { yield memberTables.takeUnretainedValue().byEmail } }
    public var membersByCode: MemberIndex { _read { yield memberTables.takeUnretainedValue().byCode } }
    /// The catalog's own members by id (SPEC §8 names members by id).
    public var memberIDs: MemberIDIndex { _read { yield memberTables.takeUnretainedValue().byID } }

    /// The members and their three lookups: nearly all of a large catalog's
    /// memory, and nearly all the time it takes to release it (about half a
    /// second for a million members on a 2-core machine). The last reference to a
    /// snapshot usually drops on the event loop, when RELOAD swaps in the next one,
    /// where that half second stalled every connection. So the tables are retained
    /// by hand and `deinit` hands them to a background queue: a stored strong
    /// reference would still be released by this object, on the loop, whenever
    /// the queue got to its own release first.
    private let memberTables: Unmanaged<MemberTables>

    /// Rows of `offers`, disabled ones too (SPEC §6 Counts).
    public var offerCount: Int { offers.count }
    /// Member rows plus attendee members (SPEC §6 Counts), live changes included.
    public var memberCount: Int { members.count + delta.memberCountChange }

    /// The live membership changes this catalog has taken since it was built (SPEC §8):
    /// see `MemberDelta` for why they sit beside the catalog rather than in a new one.
    public var delta: MemberDelta { deltaStorage.takeUnretainedValue() }
    /// Retained by hand and released in `deinit` like `memberTables`: after 100,000 changes
    /// it holds as many members, which RELOAD's swap would otherwise free on the event loop.
    private let deltaStorage: Unmanaged<MemberDelta>

    init(
        events: [Event], ticketTypes: [TicketType], seats: [Seat], audiences: [Audience], members: [Member],
        offers: [Offer], eventByID: [String: Event.Index], ticketTypeByID: [String: TicketType.Index],
        offerByID: [String: Offer.Index], audienceByName: [String: Audience.Index],
        membersByCustomer: MemberIndex, membersByEmail: MemberIndex,
        membersByCode: MemberIndex, memberIDs: MemberIDIndex, offersByPromoCode: [String: [Offer.Index]],
        offersByAudienceEvent: [Int: [Offer.Index]]
    ) {
        self.events = events; self.ticketTypes = ticketTypes; self.seats = seats; self.audiences = audiences
        self.offers = offers; self.eventByID = eventByID
        self.ticketTypeByID = ticketTypeByID; self.offerByID = offerByID; self.audienceByName = audienceByName
        self.offersByPromoCode = offersByPromoCode
        self.offersByAudienceEvent = offersByAudienceEvent
        deltaStorage = .passRetained(MemberDelta(baseCount: members.count))
        memberTables = .passRetained(MemberTables(
            members: members, byCustomer: membersByCustomer, byEmail: membersByEmail, byCode: membersByCode,
            byID: memberIDs))
    }

    deinit {
        let tables = memberTables
        if tables.takeUnretainedValue().members.count < Self.backgroundReleaseThreshold {
            tables.release()
        } else {
            Self.releaseQueue.async { tables.release() }
        }
        let delta = deltaStorage
        if delta.takeUnretainedValue().added.count < Self.backgroundReleaseThreshold {
            delta.release()
        } else {
            Self.releaseQueue.async { delta.release() }
        }
    }

    /// Below this many members, releasing in place is cheaper than a queue hop.
    static let backgroundReleaseThreshold = 10_000
    private static let releaseQueue = DispatchQueue(label: "tessera.catalog-release", qos: .background)

    static func audienceEventKey(_ audience: Audience.Index, _ event: Event.Index, eventCount: Int) -> Int {
        audience.position &* eventCount &+ event.position
    }

    /// Calls `body` with every enabled offer of `audience` that may apply at
    /// `event` (it lists the event, or lists none), in no particular order.
    @inline(__always)
    func forEachOffer(ofAudience audience: Audience.Index, mayApplyAt event: Event.Index, _ body: (Offer.Index) -> Void) {
        for o in audiences[audience].offersAtAnyEvent { body(o) }
        if let listed = offersByAudienceEvent[Self.audienceEventKey(audience, event, eventCount: events.count)] {
            for o in listed { body(o) }
        }
    }

    /// The ticket types offer `offer` grants at `event`: its `offer_tickets`
    /// rows of that event, or every ticket type of the event when it has none
    /// (exclusive ones too, SPEC §6). Ticket id order.
    public func ticketTypes(ofOffer offer: Offer.Index, atEvent event: Event.Index) -> [TicketType.Index] {
        let o = offers[offer]
        if !o.hasTicketList { return events[event].ticketTypes }
        return o.ticketsByEvent[event] ?? []
    }
}

/// See `Catalog.memberTables`.
final class MemberTables: Sendable {
    let members: [Member]
    let byCustomer: MemberIndex
    let byEmail: MemberIndex
    let byCode: MemberIndex
    let byID: MemberIDIndex

    init(
        members: [Member], byCustomer: MemberIndex, byEmail: MemberIndex, byCode: MemberIndex,
        byID: MemberIDIndex
    ) {
        self.members = members; self.byCustomer = byCustomer; self.byEmail = byEmail; self.byCode = byCode
        self.byID = byID
    }
}

/// Byte order of UTF-8, which is code point order: the order ids and labels
/// are listed in, independent of Swift's Unicode-aware `<`.
@inlinable func utf8Less(_ a: String, _ b: String) -> Bool {
    a.utf8.lexicographicallyPrecedes(b.utf8)
}
