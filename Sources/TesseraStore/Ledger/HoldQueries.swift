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
        byID = try db.prepare("SELECT \(LedgerRows.holdColumns) FROM holds WHERE id = ?")
        bySeq = try db.prepare("SELECT \(LedgerRows.holdColumns) FROM holds WHERE seq = ?")
        takes = try db.prepare("SELECT \(LedgerRows.takeColumns) FROM takes WHERE hold = ? ORDER BY position")
        allocations = try db.prepare(
            "SELECT \(LedgerRows.allocationColumns) FROM allocations WHERE hold = ? ORDER BY take, position")
        units = try db.prepare("SELECT \(LedgerRows.unitColumns) FROM units WHERE hold = ? ORDER BY take, position")
        refunds = try db.prepare("SELECT \(LedgerRows.refundColumns) FROM refunds WHERE hold = ? ORDER BY position")
        refundItems = try db.prepare(
            "SELECT \(LedgerRows.refundItemColumns) FROM refund_items WHERE hold = ? ORDER BY refund, position")
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
        guard LedgerRows.state(head) != nil else { throw .unreadable(LedgerRows.unknownState(head)) }
        do {
            var slots: [Int64: [Allocation]] = [:]
            try allocations.bind(seq, at: 1)
            while try allocations.step() == .row {
                guard let allocation = LedgerRows.allocation(allocations) else {
                    throw LedgerQueryError.unreadable(LedgerRows.unreadableMemberKey(allocations, hold: id))
                }
                slots[allocations.int64(at: 1), default: []].append(allocation)
            }
            var taken: [Int64: [UnitTake]] = [:]
            try units.bind(seq, at: 1)
            while try units.step() == .row {
                taken[units.int64(at: 1), default: []].append(LedgerRows.unit(units))
            }
            var offerTakes: [OfferTake] = []
            try takes.bind(seq, at: 1)
            while try takes.step() == .row {
                let position = takes.int64(at: 1)
                offerTakes.append(LedgerRows.take(takes, allocations: slots[position] ?? [], units: taken[position] ?? []))
            }
            guard var record = LedgerRows.record(head, takes: offerTakes) else {
                throw LedgerQueryError.unreadable(LedgerRows.unknownState(head))
            }
            var items: [Int64: [HoldItem]] = [:]
            try refundItems.bind(seq, at: 1)
            while try refundItems.step() == .row {
                items[refundItems.int64(at: 1), default: []].append(LedgerRows.refundItem(refundItems))
            }
            // Partial releases give back their units again, exactly as when they were answered.
            try refunds.bind(seq, at: 1)
            while try refunds.step() == .row {
                record.apply(LedgerRows.refund(refunds, items: items[refunds.int64(at: 1)] ?? []))
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
