import TesseraCore

extension Ledger {
    /// Every hold ever written, for rebuilding usage at start-up.
    ///
    /// Holds come in write order, each with its takes and allocations in the order
    /// written and its state and order after every commit and release, its partial
    /// releases replayed in order. One ordered scan per table, merged in one pass, on a
    /// connection of its own, so it never touches the writer's and may run while the writer
    /// works.
    public func loadHolds() throws(LedgerError) -> [HoldRecord] {
        try HoldLoader.read(try LedgerSchema.open(path: path, options: options, create: false), path: path)
    }
}

/// Reads a ledger that a server may be writing, for reports (`tessera usage`): read-only,
/// without the server's lock, one read transaction (WAL: a snapshot of what was committed,
/// the writer never waits), and never an upgrade. A ledger of an older format is refused
/// with what to do: the server upgrades it when it next starts.
public enum LedgerReader {
    public static func holds(path: String) throws(LedgerError) -> [HoldRecord] {
        let database: Database
        do {
            database = try Database(path: path, mode: .readOnly, busyTimeout: 2_000)
        } catch {
            throw LedgerError(path: path, "cannot open the ledger: \(error.reason)")
        }
        return try HoldLoader.read(database, path: path) {
            let application = Int32(truncatingIfNeeded: Int64(try database.pragma("application_id") ?? "0") ?? 0)
            let version = Int(try database.pragma("user_version") ?? "0") ?? 0
            guard application == LedgerSchema.applicationID else {
                throw LedgerError(path: path, "not a Tessera ledger")
            }
            guard version == LedgerSchema.version else {
                throw LedgerError(
                    path: path,
                    version < LedgerSchema.version
                        ? "the ledger has schema version \(version); start the server once (it upgrades the ledger), then ask again"
                        : "the ledger has schema version \(version), newer than this Tessera's \(LedgerSchema.version)")
            }
        }
    }
}

extension HoldLoader {
    /// Every hold of `database` in one read transaction (the scans see the same snapshot),
    /// after `check`; any failure worded for the operator with the ledger's path.
    static func read(_ database: Database, path: String, check: () throws -> Void = {}) throws(LedgerError) -> [HoldRecord] {
        do {
            try check()
            try database.execute("BEGIN")
            defer { database.rollbackIfActive() }
            return try HoldLoader(database: database, path: path).load()
        } catch let error as LedgerError {
            throw error
        } catch let error as SQLiteError {
            throw LedgerError(path: path, "cannot read the ledger: \(error.description)")
        } catch {
            throw LedgerError(path: path, "cannot read the ledger: \(error)")
        }
    }
}

/// Merges the scans of every table, all ordered by hold `seq`.
struct HoldLoader {
    let holds: Statement
    let takes: Statement
    let allocations: Statement
    let units: Statement
    let refunds: Statement
    let refundItems: Statement
    let count: Int
    let path: String

    init(database: Database, path: String) throws {
        self.path = path
        let counting = try database.prepare("SELECT count(*) FROM holds")
        count = try counting.step() == .row ? Int(counting.int64(at: 0)) : 0
        holds = try database.prepare(
            "SELECT seq, id, content, reply, created_at, expires_at, state, order_ref FROM holds ORDER BY seq")
        takes = try database.prepare(
            "SELECT hold, position, offer_id, quantity, remaining_after FROM takes ORDER BY hold, position")
        allocations = try database.prepare(
            """
            SELECT hold, take, offer_id, member_key, event_id, period_start, quantity
            FROM allocations ORDER BY hold, take, position
            """)
        units = try database.prepare(
            "SELECT hold, take, ticket_id, amount FROM units ORDER BY hold, take, position")
        refunds = try database.prepare(
            "SELECT hold, position, refund_id, reply, created_at FROM refunds ORDER BY hold, position")
        refundItems = try database.prepare(
            "SELECT hold, refund, offer_id, ticket_id, quantity FROM refund_items ORDER BY hold, refund, position")
    }

    func load() throws -> [HoldRecord] {
        var records: [HoldRecord] = []
        records.reserveCapacity(count)
        var takeRow = try takes.step() == .row
        var allocationRow = try allocations.step() == .row
        var unitRow = try units.step() == .row
        var refundRow = try refunds.step() == .row
        var refundItemRow = try refundItems.step() == .row
        while try holds.step() == .row {
            let seq = holds.int64(at: 0)
            let id = holds.text(at: 1)
            var offerTakes: [OfferTake] = []
            // `<=`: rows of a hold that no longer exists (none are written) are skipped.
            while takeRow, takes.int64(at: 0) <= seq {
                if takes.int64(at: 0) == seq {
                    let position = takes.int64(at: 1)
                    var slots: [Allocation] = []
                    while allocationRow {
                        let hold = allocations.int64(at: 0)
                        let take = allocations.int64(at: 1)
                        if hold > seq || (hold == seq && take > position) { break }
                        if hold == seq && take == position {
                            slots.append(try allocation(ofHold: id))
                        }
                        allocationRow = try allocations.step() == .row
                    }
                    var taken: [UnitTake] = []
                    while unitRow {
                        let hold = units.int64(at: 0)
                        let take = units.int64(at: 1)
                        if hold > seq || (hold == seq && take > position) { break }
                        if hold == seq && take == position {
                            taken.append(UnitTake(ticketID: units.text(at: 2), amount: Int(units.int64(at: 3))))
                        }
                        unitRow = try units.step() == .row
                    }
                    offerTakes.append(
                        OfferTake(
                            offerID: takes.text(at: 2), quantity: Int(takes.int64(at: 3)),
                            remainingAfter: takes.isNull(at: 4) ? nil : Int(takes.int64(at: 4)),
                            allocations: slots, units: taken))
                }
                takeRow = try takes.step() == .row
            }
            guard let state = HoldRecord.State(rawValue: holds.text(at: 6)) else {
                throw LedgerError(path: path, "hold \(id) has an unknown state '\(holds.text(at: 6))'")
            }
            var record = HoldRecord(
                id: id, content: holds.text(at: 2), reply: holds.blob(at: 3),
                createdAt: Instant(seconds: holds.int64(at: 4)), expiresAt: Instant(seconds: holds.int64(at: 5)),
                state: state, order: holds.isNull(at: 7) ? nil : holds.text(at: 7), takes: offerTakes)
            // Partial releases give back their units again, exactly as when they were answered.
            while refundRow, refunds.int64(at: 0) <= seq {
                if refunds.int64(at: 0) == seq {
                    let position = refunds.int64(at: 1)
                    var items: [HoldItem] = []
                    while refundItemRow {
                        let hold = refundItems.int64(at: 0)
                        let refund = refundItems.int64(at: 1)
                        if hold > seq || (hold == seq && refund > position) { break }
                        if hold == seq && refund == position {
                            items.append(HoldItem(
                                offerID: refundItems.text(at: 2), ticketID: refundItems.text(at: 3),
                                quantity: Int(refundItems.int64(at: 4))))
                        }
                        refundItemRow = try refundItems.step() == .row
                    }
                    record.apply(RefundRecord(
                        id: refunds.text(at: 2), items: items, reply: refunds.blob(at: 3),
                        at: Instant(seconds: refunds.int64(at: 4))))
                }
                refundRow = try refunds.step() == .row
            }
            records.append(record)
        }
        return records
    }

    /// The allocation on the current row of `allocations`.
    private func allocation(ofHold id: String) throws(LedgerError) -> Allocation {
        let keyText = allocations.text(at: 3)
        guard let member = MemberKey(ledgerText: keyText) else {
            throw LedgerError(path: path, "hold \(id) has an unreadable member key '\(keyText)'")
        }
        let slot = UsageSlot(
            offer: allocations.text(at: 2), member: member,
            event: allocations.isNull(at: 4) ? nil : allocations.text(at: 4),
            periodStart: allocations.isNull(at: 5) ? nil : Instant(seconds: allocations.int64(at: 5)))
        return Allocation(slot: slot, quantity: Int(allocations.int64(at: 6)))
    }
}
