/// What members of one audience get: tickets, a discount, seats; with limits.
///
/// A final class, not a struct: every EVAL reads several offers, and copying a
/// struct of this many strings, arrays and a dictionary out of `Catalog.offers`
/// retained and released each of them (about 3 % of EVAL's time in a profile);
/// a class reference is one retain. Immutable, so sharing it is safe.
public final class Offer: Sendable {
    public let id: String
    public let name: String
    public let audience: Audience.Index
    public let enabled: Bool
    public let unlock: Unlock
    /// Normalised; the request must present it when set.
    public let promoCode: String?
    public let discount: Discount
    /// Limit of a member whose quantity is NULL; nil: unlimited.
    public let perMember: Int?
    /// Most units of this offer in one hold; nil: unlimited.
    public let perOrder: Int?
    /// Budget over all members, events and time; nil: unlimited.
    public let total: Int?
    /// Fewest units of this offer in one hold (SPEC §7 Group minimum); nil: no minimum.
    public let minOrder: Int?
    /// Most discount money (minor units) the offer gives away over all members, events and
    /// time (SPEC §7 Money budget); nil: no budget, and nothing about money is looked up.
    public let budget: Int?
    public let scope: Scope
    public let period: Period?
    public let zone: ZoneRules
    public let window: ValidityWindow
    /// The events of `offer_events`, sorted; empty: every event.
    public let events: [Event.Index]
    /// The ticket types of `offer_tickets`, by event; empty: every ticket type of the event.
    public let ticketsByEvent: [Event.Index: [TicketType.Index]]
    /// Whether `offer_tickets` has any row for this offer.
    public let hasTicketList: Bool

    init(
        id: String, name: String, audience: Audience.Index, enabled: Bool, unlock: Unlock, promoCode: String?,
        discount: Discount, perMember: Int?, perOrder: Int?, total: Int?, minOrder: Int?, budget: Int?, scope: Scope,
        period: Period?,
        zone: ZoneRules, window: ValidityWindow, events: [Event.Index], ticketsByEvent: [Event.Index: [TicketType.Index]],
        hasTicketList: Bool
    ) {
        self.id = id; self.name = name; self.audience = audience; self.enabled = enabled; self.unlock = unlock
        self.promoCode = promoCode; self.discount = discount; self.perMember = perMember; self.perOrder = perOrder
        self.total = total; self.minOrder = minOrder; self.budget = budget; self.scope = scope; self.period = period
        self.zone = zone; self.window = window
        self.events = events; self.ticketsByEvent = ticketsByEvent; self.hasTicketList = hasTicketList
    }

    /// Whether `offer_events` lets this offer apply at `event`.
    @inlinable public func applies(toEvent event: Event.Index) -> Bool {
        events.isEmpty || events.contains(event)
    }
}

/// Which kinds of match may unlock an offer (SPEC §3 Eligibility).
public enum Unlock: String, Sendable {
    case login, code, any

    public var allowsIdentity: Bool { self != .code }
    public var allowsCode: Bool { self != .login }
}

/// Whether member limits count per event or across all events.
public enum Scope: String, Sendable {
    case event, all
}

/// How an offer changes a ticket's price (SPEC §3 Prices); values in minor units
/// or percent.
public enum Discount: Sendable, Equatable {
    case none
    case percent(Int)
    case amount(Int)
    case price(Int)

    public var kind: String {
        switch self {
        case .none: "none"
        case .percent: "percent"
        case .amount: "amount"
        case .price: "price"
        }
    }

    public var value: Int {
        switch self {
        case .none: 0
        case .percent(let v), .amount(let v), .price(let v): v
        }
    }

    /// The final price of a ticket whose base price is `base`.
    @inlinable public func apply(to base: Int) -> Int {
        switch self {
        case .none: return base
        case .percent(let p): return base - (base * p + 50) / 100
        case .amount(let a): return max(0, base - a)
        case .price(let p): return p
        }
    }
}
