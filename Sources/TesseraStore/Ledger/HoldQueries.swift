import TesseraCore

/// One hold read back from the ledger by its id (the unique index) or its `seq` (the
/// primary key), with its takes, allocations, units and partial releases replayed:
/// the same record the full load builds, for one hold.
///
/// Used where memory no longer has the hold (issue 17): by the server, to answer a
/// request that names a finished hold, and by the writer, to keep the durable totals in
/// step with a change. Every statement is reset after each read, so a read holds no
/// snapshot open between reads (a later read sees every commit before it).
///
/// Confined to one connection and one thread at a time, like its `Database`.
final class HoldQueries {
    private let byID: Statement
    private let bySeq: Statement
    private let takes: Statement
    private let allocations: Statement
    private let units: Statement
    private let refunds: Statement
    private let refundItems: Statement
    let path: String

    init(_ db: Database, path: String) throws(SQLiteError) {
        self.path = path
        let columns = "seq, id, content, reply, created_at, expires_at, state, order_ref"
        byID = try db.prepare("SELECT \(columns) FROM holds WHERE id = ?")
        bySeq = try db.prepare("SELECT \(columns) FROM holds WHERE seq = ?")
        takes = try db.prepare(
            "SELECT position, offer_id, quantity, remaining_after FROM takes WHERE hold = ? ORDER BY position")
        allocations = try db.prepare(
            """
            SELECT take, offer_id, member_key, event_id, period_start, quantity
            FROM allocations WHERE hold = ? ORDER BY take, position
            """)
        units = try db.prepare("SELECT take, ticket_id, amount FROM units WHERE hold = ? ORDER BY take, position")
        refunds = try db.prepare(
            "SELECT position, refund_id, reply, created_at FROM refunds WHERE hold = ? ORDER BY position")
        refundItems = try db.prepare(
            "SELECT refund, offer_id, ticket_id, quantity FROM refund_items WHERE hold = ? ORDER BY refund, position")
    }

    /// The hold with client id `id`, or nil when the ledger has none.
    func record(id: String) throws(LedgerQueryError) -> HoldRecord? {
        try read(byID) { statement throws(SQLiteError) in try statement.bind(id, at: 1) }
    }

    /// The hold with `seq`, or nil.
    func record(seq: Int64) throws(LedgerQueryError) -> HoldRecord? {
        try read(bySeq) { statement throws(SQLiteError) in try statement.bind(seq, at: 1) }
    }

    private func read(
        _ head: Statement, bind: (Statement) throws(SQLiteError) -> Void
    ) throws(LedgerQueryError) -> HoldRecord? {
        defer { for statement in [head, takes, allocations, units, refunds, refundItems] { statement.reset() } }
        let found: Bool
        do throws(SQLiteError) {
            try bind(head)
            found = try head.step() == .row
        } catch {
            throw .sqlite(error)
        }
        return found ? try record(head) : nil
    }

    private func record(_ head: Statement) throws(LedgerQueryError) -> HoldRecord {
        let seq = head.int64(at: 0)
        let id = head.text(at: 1)
        guard let state = HoldRecord.State(rawValue: head.text(at: 6)) else {
            throw .unreadable("hold \(id) has an unknown state '\(head.text(at: 6))'")
        }
        do {
            var slots: [Int64: [Allocation]] = [:]
            try allocations.bind(seq, at: 1)
            while try allocations.step() == .row {
                let keyText = allocations.text(at: 2)
                guard let member = MemberKey(ledgerText: keyText) else {
                    throw LedgerQueryError.unreadable("hold \(id) has an unreadable member key '\(keyText)'")
                }
                let slot = UsageSlot(
                    offer: allocations.text(at: 1), member: member,
                    event: allocations.isNull(at: 3) ? nil : allocations.text(at: 3),
                    periodStart: allocations.isNull(at: 4) ? nil : Instant(seconds: allocations.int64(at: 4)))
                slots[allocations.int64(at: 0), default: []].append(Allocation(slot: slot, quantity: Int(allocations.int64(at: 5))))
            }
            var taken: [Int64: [UnitTake]] = [:]
            try units.bind(seq, at: 1)
            while try units.step() == .row {
                taken[units.int64(at: 0), default: []].append(UnitTake(ticketID: units.text(at: 1), amount: Int(units.int64(at: 2))))
            }
            var offerTakes: [OfferTake] = []
            try takes.bind(seq, at: 1)
            while try takes.step() == .row {
                let position = takes.int64(at: 0)
                offerTakes.append(
                    OfferTake(
                        offerID: takes.text(at: 1), quantity: Int(takes.int64(at: 2)),
                        remainingAfter: takes.isNull(at: 3) ? nil : Int(takes.int64(at: 3)),
                        allocations: slots[position] ?? [], units: taken[position] ?? []))
            }
            var record = HoldRecord(
                id: id, content: head.text(at: 2), reply: head.blob(at: 3),
                createdAt: Instant(seconds: head.int64(at: 4)), expiresAt: Instant(seconds: head.int64(at: 5)),
                state: state, order: head.isNull(at: 7) ? nil : head.text(at: 7), takes: offerTakes)
            var items: [Int64: [HoldItem]] = [:]
            try refundItems.bind(seq, at: 1)
            while try refundItems.step() == .row {
                items[refundItems.int64(at: 0), default: []].append(
                    HoldItem(
                        offerID: refundItems.text(at: 1), ticketID: refundItems.text(at: 2),
                        quantity: Int(refundItems.int64(at: 3))))
            }
            // Partial releases give back their units again, exactly as when they were answered.
            try refunds.bind(seq, at: 1)
            while try refunds.step() == .row {
                record.apply(
                    RefundRecord(
                        id: refunds.text(at: 1), items: items[refunds.int64(at: 0)] ?? [], reply: refunds.blob(at: 2),
                        at: Instant(seconds: refunds.int64(at: 3))))
            }
            return record
        } catch let error as LedgerQueryError {
            throw error
        } catch let error as SQLiteError {
            throw .sqlite(error)
        } catch {
            throw .unreadable("\(error)")
        }
    }
}

/// Why one hold could not be read back.
enum LedgerQueryError: Error {
    /// SQLite refused the read (I/O error, a lock held too long).
    case sqlite(SQLiteError)
    /// A row the ledger should never hold.
    case unreadable(String)

    func ledgerError(path: String) -> LedgerError {
        switch self {
        case .sqlite(let error): LedgerError(path: path, "cannot read the ledger: \(error.description)")
        case .unreadable(let reason): LedgerError(path: path, reason)
        }
    }
}
