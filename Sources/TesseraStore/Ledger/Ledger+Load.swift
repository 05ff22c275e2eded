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
        holds = try database.prepare("SELECT \(LedgerRows.holdColumns) FROM holds ORDER BY seq")
        takes = try database.prepare("SELECT \(LedgerRows.takeColumns) FROM takes ORDER BY hold, position")
        allocations = try database.prepare(
            "SELECT \(LedgerRows.allocationColumns) FROM allocations ORDER BY hold, take, position")
        units = try database.prepare("SELECT \(LedgerRows.unitColumns) FROM units ORDER BY hold, take, position")
        refunds = try database.prepare("SELECT \(LedgerRows.refundColumns) FROM refunds ORDER BY hold, position")
        refundItems = try database.prepare(
            "SELECT \(LedgerRows.refundItemColumns) FROM refund_items ORDER BY hold, refund, position")
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
                            guard let allocation = LedgerRows.allocation(allocations) else {
                                throw LedgerError(path: path, LedgerRows.unreadableMemberKey(allocations, hold: id))
                            }
                            slots.append(allocation)
                        }
                        allocationRow = try allocations.step() == .row
                    }
                    var taken: [UnitTake] = []
                    while unitRow {
                        let hold = units.int64(at: 0)
                        let take = units.int64(at: 1)
                        if hold > seq || (hold == seq && take > position) { break }
                        if hold == seq && take == position {
                            taken.append(LedgerRows.unit(units))
                        }
                        unitRow = try units.step() == .row
                    }
                    offerTakes.append(LedgerRows.take(takes, allocations: slots, units: taken))
                }
                takeRow = try takes.step() == .row
            }
            guard var record = LedgerRows.record(holds, takes: offerTakes) else {
                throw LedgerError(path: path, LedgerRows.unknownState(holds))
            }
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
                            items.append(LedgerRows.refundItem(refundItems))
                        }
                        refundItemRow = try refundItems.step() == .row
                    }
                    record.apply(LedgerRows.refund(refunds, items: items))
                }
                refundRow = try refunds.step() == .row
            }
            records.append(record)
        }
        return records
    }
}
