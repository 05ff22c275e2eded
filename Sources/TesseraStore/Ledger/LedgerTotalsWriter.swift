import TesseraCore

/// Adds a change of the sums (`UsageTotals`, usually one batch's) to the ledger's
/// durable totals (format 4: `usage_slots`, `usage_offers`, `ledger_counts`), inside the
/// caller's transaction: the sums move with the writes that move them, or not at all.
final class LedgerTotalsWriter {
    private let findSlot: Statement
    private let insertSlot: Statement
    private let dropEmptySlot: Statement
    private let addOffer: Statement
    private let dropEmptyOffer: Statement
    private let addCount: Statement
    private let raiseHighest: Statement

    init(_ db: Database) throws(SQLiteError) {
        // `IS`: NULL event and period are values of the key here (see LedgerSchema.totalsSQL).
        let slotKey = "offer_id = ?1 AND member_key = ?2 AND event_id IS ?3 AND period_start IS ?4"
        findSlot = try db.prepare("UPDATE usage_slots SET quantity = quantity + ?5 WHERE \(slotKey)")
        insertSlot = try db.prepare(
            "INSERT INTO usage_slots (offer_id, member_key, event_id, period_start, quantity) VALUES (?1, ?2, ?3, ?4, ?5)")
        dropEmptySlot = try db.prepare("DELETE FROM usage_slots WHERE \(slotKey) AND quantity = 0")
        addOffer = try db.prepare(
            """
            INSERT INTO usage_offers (offer_id, quantity, amount) VALUES (?1, ?2, ?3)
            ON CONFLICT (offer_id) DO UPDATE SET quantity = quantity + excluded.quantity, amount = amount + excluded.amount
            """)
        dropEmptyOffer = try db.prepare("DELETE FROM usage_offers WHERE offer_id = ? AND quantity = 0 AND amount = 0")
        addCount = try db.prepare("UPDATE ledger_counts SET value = value + ?2 WHERE name = ?1")
        raiseHighest = try db.prepare("UPDATE ledger_counts SET value = max(value, ?1) WHERE name = 'highest_member'")
    }

    /// Adds `change` (quantities may be negative) and raises the highest member id to
    /// `highestMember`. Rows that reach 0 go, so the tables hold only what counts.
    func write(_ change: UsageTotals, highestMember: Int64) throws(SQLiteError) {
        for (slot, quantity) in change.slots where quantity != 0 {
            let db = findSlot.database
            try bindSlot(slot, quantity, findSlot)
            try findSlot.run()
            if db.changes == 0 {
                try bindSlot(slot, quantity, insertSlot)
                try insertSlot.run()
            } else if quantity < 0 {
                try bindSlot(slot, nil, dropEmptySlot)
                try dropEmptySlot.run()
            }
        }
        for (offer, usage) in change.offers where usage != OfferTotal() {
            try addOffer.bind(offer, at: 1)
            try addOffer.bind(usage.quantity, at: 2)
            try addOffer.bind(usage.amount, at: 3)
            try addOffer.run()
            if usage.quantity < 0 || usage.amount < 0 {
                try dropEmptyOffer.bind(offer, at: 1)
                try dropEmptyOffer.run()
            }
        }
        for (name, delta) in [("holds", change.holds), ("committed", change.committedHolds)] where delta != 0 {
            try addCount.bind(name, at: 1)
            try addCount.bind(delta, at: 2)
            try addCount.run()
        }
        if highestMember > 0 {
            try raiseHighest.bind(highestMember, at: 1)
            try raiseHighest.run()
        }
    }

    private func bindSlot(_ slot: UsageSlot, _ quantity: Int?, _ statement: Statement) throws(SQLiteError) {
        try statement.bind(slot.offer, at: 1)
        try statement.bind(slot.member.ledgerText, at: 2)
        try statement.bind(slot.event, at: 3)
        try statement.bind(slot.periodStart?.seconds, at: 4)
        if let quantity { try statement.bind(quantity, at: 5) }
    }
}
