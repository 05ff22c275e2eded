/// One partial release of a hold (SPEC §7 Partial refunds) as the ledger keeps it: what
/// a repeat must compare (its items, as written) and answer (its reply, byte for byte).
public struct RefundRecord: Sendable, Equatable {
    /// The request's `refund=`, unique within the hold.
    public var id: String
    /// The items in request order, decoded.
    public var items: [HoldItem]
    /// The first answer, byte for byte.
    public var reply: [UInt8]
    public var at: Instant

    public init(id: String, items: [HoldItem], reply: [UInt8], at: Instant) {
        self.id = id; self.items = items; self.reply = reply; self.at = at
    }
}

/// Why a partial release is refused, after the checks on the hold itself (SPEC §7
/// Partial refunds, in its order).
public enum RefundRefusal: Error, Sendable, Equatable {
    /// The hold has fewer units of the pair left than the request's items of it ask for.
    case notInHold(offer: String, ticket: String, held: Int)
    /// The release would leave between 1 and `min − 1` units of the offer.
    case belowMinimum(offer: String, min: Int)
}

/// Units of one offer a partial release gives back.
public struct RefundedOffer: Sendable, Equatable {
    public var offerID: String
    public var quantity: Int
}

extension HoldRecord {
    /// The partial release named `id`, when one was answered OK.
    public func refund(named id: String) -> RefundRecord? {
        refunds.first { $0.id == id }
    }

    /// Units of `offer` for `ticket` the hold still has.
    public func unitsLeft(offer: String, ticket: String) -> Int {
        guard let take = takes.first(where: { $0.offerID == offer }) else { return 0 }
        return take.units.reduce(0) { $0 + ($1.ticketID == ticket ? 1 : 0) }
    }

    /// Checks a partial release of `items` against what the hold has left: each item
    /// in request order (`not_in_hold`, the pair's items summed; `*` names no offer),
    /// then each offer in order of first appearance against `minOrder` of the catalog
    /// served now. Returns the units given back per offer, in that order.
    public func checkRefund(_ items: [HoldItem], minOrder: (String) -> Int?) throws(RefundRefusal) -> [RefundedOffer] {
        var asked: [Pair: Int] = [:]
        for item in items { asked[Pair(item), default: 0] += item.quantity }
        for item in items {
            let held = item.namesAnyOffer ? 0 : unitsLeft(offer: item.offerID, ticket: item.ticketID)
            if held < asked[Pair(item)]! {
                throw .notInHold(offer: item.offerID, ticket: item.ticketID, held: held)
            }
        }
        var returned: [RefundedOffer] = []
        for item in items {
            if let i = returned.firstIndex(where: { $0.offerID == item.offerID }) {
                returned[i].quantity += item.quantity
            } else {
                returned.append(RefundedOffer(offerID: item.offerID, quantity: item.quantity))
            }
        }
        for offer in returned {
            guard let least = minOrder(offer.offerID) else { continue }
            let left = (takes.first { $0.offerID == offer.offerID }?.quantity ?? 0) - offer.quantity
            if left > 0 && left < least { throw .belowMinimum(offer: offer.offerID, min: least) }
        }
        return returned
    }

    /// The hold after `refund`, which `checkRefund` accepted: of each offer and ticket,
    /// the last units taken go back, each from the member (slot) it was taken from, so
    /// in the period it was taken in. Takes left empty go; a hold left with no unit is
    /// released. The same function replays a refund when the ledger loads.
    public mutating func apply(_ refund: RefundRecord) {
        for item in refund.items where !item.namesAnyOffer {
            guard let t = takes.firstIndex(where: { $0.offerID == item.offerID }) else { continue }
            takes[t].giveBack(item.quantity, of: item.ticketID)
            if takes[t].quantity <= 0 { takes.remove(at: t) }
        }
        refunds.append(refund)
        if takes.isEmpty { state = .released }
    }

    private struct Pair: Hashable {
        var offer: String
        var ticket: String
        init(_ item: HoldItem) { offer = item.offerID; ticket = item.ticketID }
    }
}

extension OfferTake {
    /// Removes the last `count` units of `ticket`, each from the allocation it was
    /// taken from. Allocations cover the units in order (the first allocation the first
    /// units, and so on), and removing one unit from its allocation keeps that true for
    /// the units before it, so walking from the end finds each one's allocation.
    mutating func giveBack(_ count: Int, of ticket: String) {
        var left = count
        var position = units.count - 1
        while left > 0 && position >= 0 {
            defer { position -= 1 }
            guard units[position].ticketID == ticket else { continue }
            var end = 0
            for a in allocations.indices {
                end += allocations[a].quantity
                if position < end {
                    allocations[a].quantity -= 1
                    break
                }
            }
            units.remove(at: position)
            quantity -= 1
            left -= 1
        }
        allocations.removeAll { $0.quantity == 0 }
    }
}

extension Catalog {
    /// What EVAL by `shopper` at `event` shows as offer `offerID`'s `remaining` now;
    /// 0 when that EVAL does not grant it (SPEC §7 Partial refunds: RELEASED lines).
    /// nil: unlimited.
    public func remaining(
        ofOffer offerID: String, event eventID: String, shopper: Shopper, at now: Instant, usage: some UsageReading
    ) -> Int? {
        guard let o = offerByID[offerID], let event = eventByID[eventID],
            let grant = grant(offer: o, event: event, shopper: shopper, matches: matches(for: shopper), at: now)
        else { return 0 }
        return allowance(of: grant, event: event, at: now, usage: usage).remaining
    }
}
