import TesseraCore

/// The columns a hold is read back with, and their rows turned into values: one place for
/// the full load at start-up (`HoldLoader`, every hold in `seq` order) and for reading one
/// hold by id (`HoldQueries`). Every list but the holds' starts with the hold's `seq`.
enum LedgerRows {
    static let holdColumns = "seq, id, content, reply, created_at, expires_at, state, order_ref"
    static let takeColumns = "hold, position, offer_id, quantity, remaining_after"
    static let allocationColumns = "hold, take, offer_id, member_key, event_id, period_start, quantity"
    static let unitColumns = "hold, take, ticket_id, amount"
    static let refundColumns = "hold, position, refund_id, reply, created_at"
    static let refundItemColumns = "hold, refund, offer_id, ticket_id, quantity"

    /// The allocation on `row` (`allocationColumns`), or nil when its member key is not one
    /// this Tessera writes (`unreadableMemberKey` says which).
    static func allocation(_ row: Statement) -> Allocation? {
        guard let member = MemberKey(ledgerText: row.text(at: 3)) else { return nil }
        let slot = UsageSlot(
            offer: row.text(at: 2), member: member, event: row.isNull(at: 4) ? nil : row.text(at: 4),
            periodStart: row.isNull(at: 5) ? nil : Instant(seconds: row.int64(at: 5)))
        return Allocation(slot: slot, quantity: Int(row.int64(at: 6)))
    }

    static func unreadableMemberKey(_ row: Statement, hold id: String) -> String {
        "hold \(id) has an unreadable member key '\(row.text(at: 3))'"
    }

    /// The unit on `row` (`unitColumns`).
    static func unit(_ row: Statement) -> UnitTake {
        UnitTake(ticketID: row.text(at: 2), amount: Int(row.int64(at: 3)))
    }

    /// The take on `row` (`takeColumns`), with its allocations and units.
    static func take(_ row: Statement, allocations: [Allocation], units: [UnitTake]) -> OfferTake {
        OfferTake(
            offerID: row.text(at: 2), quantity: Int(row.int64(at: 3)),
            remainingAfter: row.isNull(at: 4) ? nil : Int(row.int64(at: 4)), allocations: allocations, units: units)
    }

    /// The hold on `row` (`holdColumns`) with its takes, before its partial releases; nil
    /// when its state is not one this Tessera writes (`unknownState` says which).
    static func record(_ row: Statement, takes: [OfferTake]) -> HoldRecord? {
        guard let state = state(row) else { return nil }
        return HoldRecord(
            id: row.text(at: 1), content: row.text(at: 2), reply: row.blob(at: 3),
            createdAt: Instant(seconds: row.int64(at: 4)), expiresAt: Instant(seconds: row.int64(at: 5)),
            state: state, order: row.isNull(at: 7) ? nil : row.text(at: 7), takes: takes)
    }

    /// The state of the hold on `row` (`holdColumns`), nil when unknown.
    static func state(_ row: Statement) -> HoldRecord.State? { HoldRecord.State(rawValue: row.text(at: 6)) }

    static func unknownState(_ row: Statement) -> String {
        "hold \(row.text(at: 1)) has an unknown state '\(row.text(at: 6))'"
    }

    /// The refund item on `row` (`refundItemColumns`).
    static func refundItem(_ row: Statement) -> HoldItem {
        HoldItem(offerID: row.text(at: 2), ticketID: row.text(at: 3), quantity: Int(row.int64(at: 4)))
    }

    /// The partial release on `row` (`refundColumns`), with its items.
    static func refund(_ row: Statement, items: [HoldItem]) -> RefundRecord {
        RefundRecord(id: row.text(at: 2), items: items, reply: row.blob(at: 3), at: Instant(seconds: row.int64(at: 4)))
    }
}
