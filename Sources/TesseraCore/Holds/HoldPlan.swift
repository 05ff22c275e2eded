/// One `item=<offer>:<ticket>:<qty>` of a HOLD, decoded.
public struct HoldItem: Sendable, Equatable {
    /// An offer id, or `HoldItem.anyOffer`: Tessera chooses (SPEC §7 Best price).
    public var offerID: String
    public var ticketID: String
    public var quantity: Int

    public init(offerID: String, ticketID: String, quantity: Int) {
        self.offerID = offerID; self.ticketID = ticketID; self.quantity = quantity
    }

    /// The offer part meaning "any offer, cheapest first" (SPEC §7). No catalog
    /// offer has this id: `CatalogBuilder` refuses one.
    public static let anyOffer = "*"

    public var namesAnyOffer: Bool { offerID == Self.anyOffer }

    /// The most units one hold may take, over all its items. Every unit is kept, in
    /// memory and in the ledger, with its ticket type and amount (SPEC §7), so a hold of
    /// a billion units of an unlimited offer would take the server's memory; no cart
    /// needs more than this.
    public static let maxUnitsPerHold = 10_000
}

/// Units taken from one slot (a member's usage of an offer in a bucket and period).
public struct Allocation: Sendable, Equatable, Hashable {
    public var slot: UsageSlot
    public var quantity: Int

    public init(slot: UsageSlot, quantity: Int) { self.slot = slot; self.quantity = quantity }
}

/// What a hold takes of one offer.
public struct OfferTake: Sendable, Equatable {
    public var offerID: String
    /// The offer's quantities summed over the hold's items.
    public var quantity: Int
    /// The offer's remaining after this hold; nil: unlimited.
    public var remainingAfter: Int?
    /// Per member, in ascending member order; sums to `quantity`.
    public var allocations: [Allocation]
    /// One per unit, in the order taken (item by item in request order, a `*` item
    /// standing in its place): its ticket type and the discount it gives away, fixed
    /// at HOLD time (SPEC §7 Money budget). Empty only in records built without them.
    public var units: [UnitTake]

    public init(offerID: String, quantity: Int, remainingAfter: Int?, allocations: [Allocation], units: [UnitTake] = []) {
        self.offerID = offerID; self.quantity = quantity; self.remainingAfter = remainingAfter
        self.allocations = allocations; self.units = units
    }

    /// The discount money of this take: its units' amounts summed.
    public var amount: Int { units.reduce(0) { $0 + $1.amount } }
}

/// One unit a hold takes of an offer (SPEC §7 Discount of a unit).
public struct UnitTake: Sendable, Equatable, Hashable {
    public var ticketID: String
    /// `max(0, base − final)` in minor units, from the catalog served when the hold was made.
    public var amount: Int

    public init(ticketID: String, amount: Int) { self.ticketID = ticketID; self.amount = amount }
}

/// Why a HOLD is refused (SPEC §4, checked in SPEC §6's order as §7 extends it).
public enum HoldRefusal: Error, Sendable, Equatable {
    case unknownEvent(String)
    case unknownOffer(String)
    case unknownTicket(offer: String, ticket: String)
    case notEligible(offer: String)
    /// SPEC §7: the offer's units in the hold are fewer than its `min_order` (`min`).
    case belowMinimum(offer: String, min: Int)
    case perOrderExceeded(offer: String, max: Int)
    case limitReached(offer: String, remaining: Int)
    /// SPEC §7 Money budget: the hold's discount money for the offer exceeds what is left
    /// of its budget (`budgetLeft`, before this hold).
    case budgetExhausted(offer: String, budgetLeft: Int)
    /// SPEC §7: no granted offer sells the ticket of a `*` item (`offer=*`).
    case noOfferSells(ticket: String)
    /// SPEC §7: the granted offers together cannot cover a `*` item; `remaining`
    /// is what they gave it before they ran out.
    case offersRunOut(ticket: String, remaining: Int)
}
