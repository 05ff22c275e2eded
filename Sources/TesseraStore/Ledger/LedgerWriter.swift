import CSQLite
import TesseraCore

/// The writer thread's connection and its prepared statements: one batch of writes
/// becomes one transaction, so the batch shares one fsync.
///
/// It also checkpoints the WAL itself. SQLite's automatic checkpoint (every 1000
/// pages) runs inside a COMMIT, so the batch that crosses the mark waits for it: the
/// pages copied into the database file and that file fsync'd, milliseconds on top of
/// the commit's own fsync. Here the automatic one is off and the ledger calls
/// `checkpointIfDue` between batches: when the writer has nothing queued, once
/// `checkpointPages` pages have been appended, and even with work queued once four
/// times that many have, so under constant load the WAL still cannot grow without
/// bound. Always PASSIVE: it never waits for a reader, and a checkpoint it cannot
/// finish is retried after more pages.
///
/// Confined to one thread at a time (the writer thread, or `close()` after joining it).
final class LedgerWriter {
    let path: String
    let options: Ledger.Options
    /// nil after a failure: the next batch reopens the file, because the failure may
    /// have left the handle unusable (the file removed and put back, an I/O error).
    private var statements: Statements?
    /// The WAL's length in pages when it was last checkpointed (0: not since it
    /// restarted from its beginning).
    private var walPagesAtCheckpoint = 0
    /// Pages appended to the WAL since the latest checkpoint.
    private(set) var pagesSinceCheckpoint = 0
    /// Checkpoints run (successful or not), for tests and the bench.
    private(set) var checkpointsRun = 0

    /// The ledger's lock, taken again on a ledger file this writer puts back.
    private let lock: LedgerLock

    /// Advanced whenever the connection is dropped, so the ledger's reader opens again.
    private let epoch: LedgerEpoch

    init(path: String, options: Ledger.Options, database: Database, lock: LedgerLock, epoch: LedgerEpoch) throws(LedgerError) {
        self.epoch = epoch
        self.path = path
        self.options = options
        self.lock = lock
        do {
            statements = try Statements(database, walPath: LedgerFiles.wal(path))
        } catch {
            throw LedgerError(path: path, "cannot prepare the ledger's statements: \(error.reason)")
        }
    }

    /// Writes `batch` in one transaction, durable when this returns. On any failure
    /// nothing of the batch is applied and the connection is dropped, to be reopened
    /// by the next call; the error's description is SQLite's message.
    ///
    /// A batch that finds the disk full first checkpoints the WAL into the ledger file and
    /// truncates it, then tries once more: the WAL is most often what filled a small
    /// volume, and the ledger's own data is small.
    func write(_ batch: ArraySlice<Ledger.Pending>) throws(LedgerError) {
        let s = try openStatements()
        do throws(SQLiteError) {
            try s.checkNotMoved()
            try checkWAL(s, beforeWriting: true)
            do throws(SQLiteError) {
                try s.commit(batch)
            } catch where error.code == SQLITE_FULL {
                guard s.checkpoint(.truncate) else { throw error }
                walPagesAtCheckpoint = 0
                try s.commit(batch)
            }
            try checkWAL(s, beforeWriting: false)
        } catch {
            drop(s)
            if error.extendedCode == readOnlyDatabaseMoved { throw LedgerError(path: path, restore(from: s)) }
            throw LedgerError(path: path, error.description)
        }
        // The WAL was lost after this batch was saved from it: the next batch reopens.
        guard statements != nil else { return }
        let pages = s.walPages
        // Shorter than at the last checkpoint: that one copied everything and this
        // batch started the log again from its beginning.
        if pages < walPagesAtCheckpoint { walPagesAtCheckpoint = 0 }
        pagesSinceCheckpoint = pages - walPagesAtCheckpoint
    }

    /// The connection, opened again after a failure dropped it.
    private func openStatements() throws(LedgerError) -> Statements {
        if let open = statements { return open }
        let database = try LedgerSchema.open(path: path, options: options, create: false)
        do {
            let s = try Statements(database, walPath: walPath)
            statements = s
            return s
        } catch {
            throw LedgerError(path: path, "cannot prepare the ledger's statements: \(error.reason)")
        }
    }

    /// Ends whatever the failure left open and forgets the connection.
    private func drop(_ s: Statements) {
        // SQLite may already have rolled back (SQLITE_FULL, SQLITE_IOERR); a failed
        // COMMIT (SQLITE_BUSY) leaves the transaction open. Either way end it.
        s.database.rollbackIfActive()
        statements = nil
        epoch.advance()
        walPagesAtCheckpoint = 0
        pagesSinceCheckpoint = 0
    }

    var walPath: String { LedgerFiles.wal(path) }

    /// SQLite goes on appending to a WAL file that was deleted or replaced while open, and
    /// at the next start reads the one the path names: every commit since the last
    /// checkpoint would be gone, silently. So the WAL is looked at before a batch is
    /// written and again before it is acknowledged. When it is gone, what the open file
    /// still holds (every acknowledged write since the last checkpoint, and this batch
    /// when it is already committed) is copied into the ledger file, a file now at the
    /// WAL's path is moved aside (replaying it would put old pages over new ones), and the
    /// connection is dropped so the next batch starts a new WAL.
    ///
    /// Before writing, the batch fails (`ERR unavailable`, logged) even when all was saved:
    /// the operator hears of it. After writing, a batch whose commit was saved succeeds:
    /// failing it would answer "nothing changed" for a change that is on disk.
    private func checkWAL(_ s: Statements, beforeWriting: Bool) throws(SQLiteError) {
        guard s.walMoved else { return }
        let saved = s.checkpoint(.truncate)
        let error = SQLiteError(
            code: SQLITE_IOERR,
            message: saved
                ? "the ledger's WAL file \(walPath) was deleted or replaced while open; "
                    + "its acknowledged writes were saved into the ledger file"
                : "the ledger's WAL file \(walPath) was deleted or replaced while open, "
                    + "and its writes could not be saved into the ledger file: \(s.database.lastMessage)")
        drop(s)
        LedgerFiles.moveAside(walPath)
        if beforeWriting || !saved { throw error }
    }

    /// Whether enough pages have been appended since the latest checkpoint:
    /// `checkpointPages` when the writer is idle, four times that when writes are
    /// waiting (they wait for it).
    func checkpointDue(idle: Bool) -> Bool {
        let threshold = idle ? options.checkpointPages : options.checkpointPages * 4
        return statements != nil && pagesSinceCheckpoint >= max(threshold, 1)
    }

    /// Checkpoints the WAL if `checkpointDue(idle:)`. Call between batches, never
    /// inside one.
    func checkpointIfDue(idle: Bool) {
        guard checkpointDue(idle: idle), let s = statements else { return }
        // PASSIVE copies what no reader still needs and never waits (no busy handler).
        // A failure (another process checkpointing, an I/O error) loses nothing: the
        // commits are durable in the WAL, and the next attempt comes after
        // `checkpointPages` more pages; a batch, not this, reports a broken file.
        _ = s.checkpoint(.passive)
        checkpointsRun += 1
        walPagesAtCheckpoint = s.walPages
        pagesSinceCheckpoint = 0
    }

    /// The ledger file was deleted or renamed while open. SQLite would go on writing to the
    /// open file that no path names, and after a deletion the next start would make a new,
    /// empty ledger there: every hold forgotten, every limit sold again. So when the file is
    /// deleted (no name left) and its path is free, the open connection writes all it sees
    /// (the file and its WAL) to a new ledger file there (`VACUUM INTO`), synced and locked,
    /// and the next batch opens that one. A file renamed away still exists: writes are
    /// refused until it is back (an `mv` undone), never made into a second copy. A file
    /// someone else put at the path is left alone. Returns the message for the failed batch.
    private func restore(from s: Statements) -> String {
        guard lock.fileIsDeleted else {
            return "the ledger file was moved while open: writes are refused until it is back at \(path)"
        }
        let lost = "the ledger file was deleted while open"
        guard !LedgerFiles.exists(path) else {
            return "\(lost), and another file is there now: writes stay unavailable until the server restarts"
        }
        do throws(SQLiteError) {
            let into = try s.database.prepare("VACUUM INTO ?")
            try into.bind(path, at: 1)
            try into.run()
        } catch {
            return "\(lost), and could not be written again from the open file: \(error.description)"
        }
        guard LedgerFiles.sync(path), lock.relock() else {
            return "\(lost); it was written again from the open file but could not be synced and locked"
        }
        return "\(lost); it was written again from the open file, with every acknowledged write"
    }

    /// Moves the WAL into the ledger file and truncates it, keeping the connection.
    func compact() {
        statements?.checkpoint(.truncate)
    }

    /// Moves the WAL into the database file and closes the connection, so the file
    /// stands alone (a copy of it alone is a complete ledger).
    func close() {
        guard let s = statements else { return }
        statements = nil
        try? s.database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    }
}

// Extended result codes are C macro expressions Swift does not import.
/// `SQLITE_CONSTRAINT_UNIQUE`.
private let constraintUnique = SQLITE_CONSTRAINT | (8 << 8)
/// `SQLITE_READONLY_DBMOVED`.
private let readOnlyDatabaseMoved = SQLITE_READONLY | (4 << 8)

/// Set by SQLite's WAL hook after every commit on the connection.
private final class WALLength {
    var pages: Int32 = 0
}

/// Prepared once per connection and reused for every row.
private final class Statements {
    let database: Database
    private let wal = WALLength()
    let begin: Statement
    let commit: Statement
    let insertHold: Statement
    let insertTake: Statement
    let insertAllocation: Statement
    let insertUnit: Statement
    let commitHold: Statement
    let releaseHold: Statement
    let findHold: Statement
    let deleteHold: Statement
    let deleteTakes: Statement
    let deleteAllocations: Statement
    let deleteUnits: Statement
    let countRefunds: Statement
    let insertRefund: Statement
    let insertRefundItem: Statement
    let refundHold: Statement
    let deleteRefunds: Statement
    let deleteRefundItems: Statement
    /// Reads a hold back before a write changes it, so the durable totals move in step.
    let queries: HoldQueries
    let totals: LedgerTotalsWriter
    /// The holds written last, to spare reading them back.
    private var recent = RecentHolds(capacity: 4096)

    /// The WAL file this connection appends to, as it was when the connection opened it.
    private var walIdentity: FileIdentity?
    private let walPath: String

    init(_ db: Database, walPath: String) throws(SQLiteError) {
        database = db
        self.walPath = walPath
        // No checkpoint inside COMMIT (LedgerWriter runs them between batches). The
        // hook only records the WAL's length; registering it would replace the
        // automatic checkpoint anyway, the pragma says so explicitly.
        try db.pragma("wal_autocheckpoint", "0")
        sqlite3_wal_hook(db.handle, { context, _, _, pages in
            Unmanaged<WALLength>.fromOpaque(context!).takeUnretainedValue().pages = pages
            return SQLITE_OK
        }, Unmanaged.passUnretained(wal).toOpaque())
        // IMMEDIATE: take the write lock before the first row, so a competing writer
        // fails the batch at BEGIN (after the busy timeout), not half-way.
        begin = try db.prepare("BEGIN IMMEDIATE")
        commit = try db.prepare("COMMIT")
        insertHold = try db.prepare(
            """
            INSERT INTO holds (id, content, reply, created_at, expires_at, state, order_ref, updated_at)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?4)
            """)
        insertTake = try db.prepare(
            "INSERT INTO takes (hold, position, offer_id, quantity, remaining_after) VALUES (?, ?, ?, ?, ?)")
        insertAllocation = try db.prepare(
            """
            INSERT INTO allocations (hold, take, position, offer_id, member_key, event_id, period_start, quantity)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        // Only a held hold commits, and a repeated COMMIT keeps the first order
        // (LedgerWrite.apply does the same in memory).
        insertUnit = try db.prepare(
            "INSERT INTO units (hold, take, position, offer_id, ticket_id, amount) VALUES (?, ?, ?, ?, ?, ?)")
        commitHold = try db.prepare(
            "UPDATE holds SET state = 'committed', order_ref = ?1, updated_at = ?2 WHERE id = ?3 AND state = 'held'")
        releaseHold = try db.prepare(
            "UPDATE holds SET state = 'released', updated_at = ?1 WHERE id = ?2 AND state <> 'released'")
        findHold = try db.prepare("SELECT seq FROM holds WHERE id = ?")
        deleteHold = try db.prepare("DELETE FROM holds WHERE seq = ?")
        deleteTakes = try db.prepare("DELETE FROM takes WHERE hold = ?")
        deleteAllocations = try db.prepare("DELETE FROM allocations WHERE hold = ?")
        deleteUnits = try db.prepare("DELETE FROM units WHERE hold = ?")
        countRefunds = try db.prepare("SELECT count(*) FROM refunds WHERE hold = ?")
        insertRefund = try db.prepare(
            "INSERT INTO refunds (hold, position, refund_id, reply, created_at) VALUES (?, ?, ?, ?, ?)")
        insertRefundItem = try db.prepare(
            """
            INSERT INTO refund_items (hold, refund, position, offer_id, ticket_id, quantity)
            VALUES (?, ?, ?, ?, ?, ?)
            """)
        // A hold whose refunds gave back all its units is released (HoldRecord.apply does
        // the same in memory): refunds only ever name units the hold has left.
        refundHold = try db.prepare(
            """
            UPDATE holds SET updated_at = ?1, state = CASE
              WHEN (SELECT sum(quantity) FROM takes WHERE hold = ?2)
                <= (SELECT coalesce(sum(quantity), 0) FROM refund_items WHERE hold = ?2) THEN 'released'
              ELSE state END
            WHERE seq = ?2
            """)
        deleteRefunds = try db.prepare("DELETE FROM refunds WHERE hold = ?")
        deleteRefundItems = try db.prepare("DELETE FROM refund_items WHERE hold = ?")
        queries = try HoldQueries(db, path: db.path)
        totals = try LedgerTotalsWriter(db)
        // Preparing read the schema, so SQLite has opened (or made) the WAL by now.
        walIdentity = FileIdentity(path: walPath)
    }

    /// Writes the batch in one transaction; on failure nothing of it stays.
    func commit(_ batch: ArraySlice<Ledger.Pending>) throws(SQLiteError) {
        do throws(SQLiteError) {
            try begin.run()
            var change = UsageTotals()
            var highest: Int64 = 0
            for entry in batch { try apply(entry.write, change: &change, highestMember: &highest) }
            try totals.write(change, highestMember: highest)
            try commit.run()
        } catch {
            database.rollbackIfActive()
            recent.removeAll()
            throw error
        }
        if walIdentity == nil { walIdentity = FileIdentity(path: walPath) }
    }

    /// The WAL path no longer names the file this connection appends to. One `stat`.
    var walMoved: Bool {
        guard let walIdentity else { return false }
        return FileIdentity(path: walPath) != walIdentity
    }

    enum CheckpointMode {
        /// Copies what no reader still needs; never waits.
        case passive
        /// Copies everything (waiting for readers up to the busy timeout), syncs the
        /// ledger file, and truncates the WAL to zero bytes.
        case truncate
    }

    /// Runs a checkpoint; true when it copied the whole WAL into the ledger file.
    @discardableResult
    func checkpoint(_ mode: CheckpointMode) -> Bool {
        var logFrames: Int32 = 0
        var copied: Int32 = 0
        let code = sqlite3_wal_checkpoint_v2(
            database.handle, "main", mode == .passive ? SQLITE_CHECKPOINT_PASSIVE : SQLITE_CHECKPOINT_TRUNCATE,
            &logFrames, &copied)
        return code == SQLITE_OK && copied >= logFrames
    }

    deinit {
        // The hook points at `wal`, which goes with this object; the connection may
        // outlive it (a statement still held elsewhere).
        sqlite3_wal_hook(database.handle, nil, nil)
    }

    /// Pages in the WAL after the latest commit on this connection, counted from the
    /// log's beginning (a fully checkpointed log starts again at the next write).
    var walPages: Int { Int(wal.pages) }

    /// SQLite keeps writing to a file that was deleted or renamed while open (WAL mode
    /// does not refuse it), and such commits would be lost at the next start. Checked
    /// before every batch; one stat call.
    func checkNotMoved() throws(SQLiteError) {
        var moved: Int32 = 0
        let code = sqlite3_file_control(database.handle, "main", SQLITE_FCNTL_HAS_MOVED, &moved)
        // SQLITE_NOTFOUND: a VFS that cannot tell; nothing to check then.
        guard code == SQLITE_OK || code == SQLITE_NOTFOUND else { throw SQLiteError(handle: database.handle, code: code) }
        guard moved == 0 else {
            throw SQLiteError(
                code: SQLITE_READONLY, extendedCode: readOnlyDatabaseMoved,
                message: "the ledger file was deleted or moved while open")
        }
    }

    /// Writes `write` and adds what it moves to `change`: the hold is read back first (by
    /// id, in this transaction, so it sees the batch's earlier writes) and the sums move
    /// from what it counted to what it counts after the write (`LedgerWrite.applied`,
    /// the function memory uses too). A commit thus costs one indexed read of its hold.
    func apply(_ write: LedgerWrite, change: inout UsageTotals, highestMember: inout Int64) throws(SQLiteError) {
        guard let id = write.holdID else { return }
        var before = recent[id]
        if before == nil {
            do throws(LedgerQueryError) {
                before = try queries.record(id: id)
            } catch {
                switch error {
                case .sqlite(let failure): throw failure
                case .unreadable(let reason): throw SQLiteError(code: SQLITE_CORRUPT, message: reason)
                }
            }
        }
        try apply(write)
        let after = write.applied(to: before)
        change.change(from: before, to: after)
        recent.note(id, after)
        if case .hold(let record) = write { highestMember = max(highestMember, record.highestMemberID) }
    }

    private func apply(_ write: LedgerWrite) throws(SQLiteError) {
        switch write {
        case .hold(let record):
            try insert(record)
        case .commit(let id, let order, let at):
            try commitHold.bind(order, at: 1)
            try commitHold.bind(at.seconds, at: 2)
            try commitHold.bind(id, at: 3)
            try commitHold.run()
        case .release(let id, let at):
            try releaseHold.bind(at.seconds, at: 1)
            try releaseHold.bind(id, at: 2)
            try releaseHold.run()
        case .refund(let id, let refund):
            try insert(refund, ofHold: id)
        case .barrier:
            break
        }
    }

    /// A partial release: its row and items, and the hold released when nothing is left.
    private func insert(_ refund: RefundRecord, ofHold id: String) throws(SQLiteError) {
        try findHold.bind(id, at: 1)
        guard try findHold.step() == .row else {
            findHold.reset()
            return
        }
        let hold = findHold.int64(at: 0)
        findHold.reset()
        try countRefunds.bind(hold, at: 1)
        let position = try countRefunds.step() == .row ? countRefunds.int64(at: 0) : 0
        countRefunds.reset()
        try insertRefund.bind(hold, at: 1)
        try insertRefund.bind(position, at: 2)
        try insertRefund.bind(refund.id, at: 3)
        try insertRefund.bind(blob: refund.reply, at: 4)
        try insertRefund.bind(refund.at.seconds, at: 5)
        try insertRefund.run()
        for (index, item) in refund.items.enumerated() {
            try insertRefundItem.bind(hold, at: 1)
            try insertRefundItem.bind(position, at: 2)
            try insertRefundItem.bind(index, at: 3)
            try insertRefundItem.bind(item.offerID, at: 4)
            try insertRefundItem.bind(item.ticketID, at: 5)
            try insertRefundItem.bind(item.quantity, at: 6)
            try insertRefundItem.run()
        }
        try refundHold.bind(refund.at.seconds, at: 1)
        try refundHold.bind(hold, at: 2)
        try refundHold.run()
    }

    private func insert(_ record: HoldRecord) throws(SQLiteError) {
        try insertHold.bind(record.id, at: 1)
        try insertHold.bind(record.content, at: 2)
        try insertHold.bind(blob: record.reply, at: 3)
        try insertHold.bind(record.createdAt.seconds, at: 4)
        try insertHold.bind(record.expiresAt.seconds, at: 5)
        try insertHold.bind(record.state.rawValue, at: 6)
        try insertHold.bind(record.order, at: 7)
        do throws(SQLiteError) {
            try insertHold.run()
        } catch where error.extendedCode == constraintUnique {
            // The id exists: replace it, as `LedgerWrite.apply` does. The server never
            // rebinds an id, so this path is for completeness, not speed.
            try remove(id: record.id)
            try insertHold.run()
        }
        let hold = database.lastInsertRowID
        for (position, take) in record.takes.enumerated() {
            try insertTake.bind(hold, at: 1)
            try insertTake.bind(position, at: 2)
            try insertTake.bind(take.offerID, at: 3)
            try insertTake.bind(take.quantity, at: 4)
            try insertTake.bind(take.remainingAfter, at: 5)
            try insertTake.run()
            for (index, allocation) in take.allocations.enumerated() {
                let slot = allocation.slot
                try insertAllocation.bind(hold, at: 1)
                try insertAllocation.bind(position, at: 2)
                try insertAllocation.bind(index, at: 3)
                try insertAllocation.bind(slot.offer, at: 4)
                try insertAllocation.bind(slot.member.ledgerText, at: 5)
                try insertAllocation.bind(slot.event, at: 6)
                try insertAllocation.bind(slot.periodStart?.seconds, at: 7)
                try insertAllocation.bind(allocation.quantity, at: 8)
                try insertAllocation.run()
            }
            for (index, unit) in take.units.enumerated() {
                try insertUnit.bind(hold, at: 1)
                try insertUnit.bind(position, at: 2)
                try insertUnit.bind(index, at: 3)
                try insertUnit.bind(take.offerID, at: 4)
                try insertUnit.bind(unit.ticketID, at: 5)
                try insertUnit.bind(unit.amount, at: 6)
                try insertUnit.run()
            }
        }
    }

    private func remove(id: String) throws(SQLiteError) {
        try findHold.bind(id, at: 1)
        defer { findHold.reset() }
        guard try findHold.step() == .row else { return }
        let seq = findHold.int64(at: 0)
        for statement in [deleteRefundItems, deleteRefunds, deleteUnits, deleteAllocations, deleteTakes, deleteHold] {
            try statement.bind(seq, at: 1)
            try statement.run()
        }
    }
}
