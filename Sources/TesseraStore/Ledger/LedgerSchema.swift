import CSQLite

/// The ledger's file format and how a connection to it is opened.
///
/// Holds are keyed by `seq`, an integer in write order, so takes and allocations are
/// appended at the end of their B-trees and load back in one ordered scan each; the
/// client's `id` has its own unique index for COMMIT and RELEASE.
enum LedgerSchema {
    /// `PRAGMA application_id`: "TSLG". Marks the file as a Tessera ledger, so a catalog
    /// or any other database given by mistake is refused rather than written to.
    static let applicationID: Int32 = 0x5453_4C47
    /// `PRAGMA user_version`: bump when the tables change, with a migration.
    ///
    /// 1: holds, takes, allocations. 2 (SPEC §7 Money budget): adds `units`, each unit
    /// of a hold with its ticket type and discount amount. 3 (SPEC §7 Partial refunds):
    /// adds `refunds` and `refund_items`, the partial releases answered OK. 4 (issue 17,
    /// history off the heap): adds `usage_slots`, `usage_offers` and `ledger_counts`, the
    /// durable sums of every commit, and the index `holds_live`, so a start reads sums and
    /// live holds instead of every hold ever made. An older ledger is upgraded in place
    /// when it opens (`LedgerUpgrade`).
    static let version = 4

    static let tables = [
        "holds", "takes", "allocations", "units", "refunds", "refund_items", "usage_slots", "usage_offers",
        "ledger_counts",
    ]

    /// What version 4 adds: the sums a start reads instead of the holds (issue 17).
    ///
    /// The sums cover commits only (not released, less what partial releases gave back):
    /// a held hold counts until its expiry, which only the clock at the next start can
    /// decide, so live holds are read as records through `holds_live`, which indexes
    /// only held holds by expiry. The writer keeps the sums in the same transaction as
    /// the change that moves them (`LedgerTotalsWriter`), so a crash leaves both or
    /// neither: no checkpoint to replay after, and nothing a start must repair.
    ///
    /// `usage_slots` has no unique key: `event_id` and `period_start` are NULL for scope
    /// 'all' and no period, and NULLs are distinct to a unique index; the writer finds
    /// a slot with `IS`, which the index serves, and inserts it when it is not there.
    /// `ledger_counts` keeps what STATS and new member ids read from every hold:
    /// `holds` (rows of `holds`), `committed` (holds in state committed) and
    /// `highest_member` (the highest member id any hold took from, SPEC §8 Member ids).
    static let totalsSQL = """
        CREATE INDEX holds_live ON holds (expires_at) WHERE state = 'held';
        CREATE TABLE usage_slots (
          offer_id     TEXT NOT NULL,
          member_key   TEXT NOT NULL,       -- MemberKey.ledgerText
          event_id     TEXT,                -- NULL: scope 'all'
          period_start INTEGER,             -- NULL: no period
          quantity     INTEGER NOT NULL     -- units of commits, never 0 (a row at 0 goes)
        );
        CREATE INDEX usage_slots_key ON usage_slots (offer_id, member_key, event_id, period_start);
        CREATE TABLE usage_offers (
          offer_id TEXT PRIMARY KEY,
          quantity INTEGER NOT NULL,        -- units of commits (SPEC §3 total)
          amount   INTEGER NOT NULL         -- their stored discount amounts (SPEC §7 budget)
        ) WITHOUT ROWID;
        CREATE TABLE ledger_counts (
          name  TEXT PRIMARY KEY,
          value INTEGER NOT NULL
        ) WITHOUT ROWID;
        INSERT INTO ledger_counts (name, value) VALUES ('holds', 0), ('committed', 0), ('highest_member', 0);
        """

    /// The tables version 3 adds. The units a refund gave back are not stored: the
    /// refund's items give them back again, the same way, when the ledger loads (the
    /// last units of each offer and ticket taken, `HoldRecord.apply`), so the rows a
    /// hold was written with never change.
    static let refundsSQL = """
        CREATE TABLE refunds (
          hold       INTEGER NOT NULL,      -- holds.seq
          position   INTEGER NOT NULL,      -- 0-based, in the order answered
          refund_id  TEXT NOT NULL,         -- the request's refund=
          reply      BLOB NOT NULL,         -- the first answer, byte for byte
          created_at INTEGER NOT NULL,      -- seconds since 1970, UTC
          PRIMARY KEY (hold, position)
        ) WITHOUT ROWID;
        CREATE TABLE refund_items (
          hold      INTEGER NOT NULL,       -- holds.seq
          refund    INTEGER NOT NULL,       -- refunds.position
          position  INTEGER NOT NULL,       -- 0-based, in request order
          offer_id  TEXT NOT NULL,
          ticket_id TEXT NOT NULL,
          quantity  INTEGER NOT NULL,
          PRIMARY KEY (hold, refund, position)
        ) WITHOUT ROWID;
        """

    /// The table version 2 adds.
    static let unitsSQL = """
        CREATE TABLE units (
          hold      INTEGER NOT NULL,       -- holds.seq
          take      INTEGER NOT NULL,       -- takes.position
          position  INTEGER NOT NULL,       -- 0-based, in the order taken
          offer_id  TEXT NOT NULL,
          ticket_id TEXT NOT NULL,
          amount    INTEGER NOT NULL,       -- discount in minor units, fixed at HOLD time
          PRIMARY KEY (hold, take, position)
        ) WITHOUT ROWID;
        """

    static let tablesSQL = """
        CREATE TABLE holds (
          seq        INTEGER PRIMARY KEY,  -- write order; takes and allocations refer to it
          id         TEXT NOT NULL UNIQUE, -- the client's cart or order key
          content    TEXT NOT NULL,        -- the request, decoded and normalised
          reply      BLOB NOT NULL,        -- the first answer, byte for byte
          created_at INTEGER NOT NULL,     -- seconds since 1970, UTC
          expires_at INTEGER NOT NULL,
          state      TEXT NOT NULL CHECK (state IN ('held', 'committed', 'released')),
          order_ref  TEXT,                 -- order= of the first COMMIT
          updated_at INTEGER NOT NULL
        );
        CREATE TABLE takes (
          hold            INTEGER NOT NULL, -- holds.seq
          position        INTEGER NOT NULL, -- 0-based, in the hold's order
          offer_id        TEXT NOT NULL,
          quantity        INTEGER NOT NULL,
          remaining_after INTEGER,          -- NULL: unlimited
          PRIMARY KEY (hold, position)
        ) WITHOUT ROWID;
        CREATE TABLE allocations (
          hold         INTEGER NOT NULL,    -- holds.seq
          take         INTEGER NOT NULL,    -- takes.position
          position     INTEGER NOT NULL,    -- 0-based, ascending member order
          offer_id     TEXT NOT NULL,
          member_key   TEXT NOT NULL,       -- MemberKey.ledgerText: m:<id> or a:<content>
          event_id     TEXT,                -- NULL: scope 'all'
          period_start INTEGER,             -- NULL: no period
          quantity     INTEGER NOT NULL,
          PRIMARY KEY (hold, take, position)
        ) WITHOUT ROWID;
        """ + "\n" + unitsSQL + "\n" + refundsSQL + "\n" + totalsSQL

    /// Opens the ledger at `path` for reading and writing, ready for durable commits.
    ///
    /// With `create`, a missing or empty file becomes a new ledger; without it (a
    /// reopen after a failure) a missing file is an error, never a silently empty
    /// ledger. Anything that is not a Tessera ledger of this version is refused.
    ///
    /// An older ledger is upgraded to this version, a version-1 one with `unitAmount`
    /// (SPEC §7 Ledger upgrade); without it, such a ledger is refused.
    static func open(
        path: String, options: Ledger.Options, create: Bool, unitAmount: Ledger.UnitAmount? = nil
    ) throws(LedgerError) -> Database {
        LedgerFiles.repairPermissions(of: path)
        let db: Database
        do {
            db = try Database(path: path, mode: create ? .create : .readWrite, busyTimeout: options.busyTimeout)
        } catch {
            throw LedgerError(path: path, "cannot open the ledger: \(error.reason)")
        }
        do {
            try check(db, path: path, create: create, unitAmount: unitAmount)
            // WAL: readers (a load) never block the writer, and a commit appends to one
            // file. FULL: in WAL mode only FULL fsyncs the log at every commit; NORMAL
            // would let a power cut take back commits already answered OK.
            guard try db.pragma("journal_mode", "WAL") == "wal" else {
                throw LedgerError(path: path, "the ledger cannot use WAL journaling here")
            }
            try db.pragma("synchronous", "FULL")
            // Once a checkpoint has copied the whole WAL, the next write starts it again from
            // its beginning and cuts the file back to this length (see `Ledger.Options`).
            try db.pragma("journal_size_limit", String(options.walBytesKept))
            if let pages = options.maxPageCount { try db.pragma("max_page_count", String(pages)) }
            return db
        } catch let error as LedgerError {
            throw error
        } catch let error as SQLiteError {
            if error.code == SQLITE_NOTADB { throw LedgerError(path: path, "not a Tessera ledger: \(error.reason)") }
            throw LedgerError(path: path, "cannot open the ledger: \(error.reason)")
        } catch {
            throw LedgerError(path: path, "cannot open the ledger: \(error)")
        }
    }

    /// Refuses foreign files and creates the tables in a new one.
    private static func check(_ db: Database, path: String, create: Bool, unitAmount: Ledger.UnitAmount?) throws {
        let application = Int32(truncatingIfNeeded: Int64(try db.pragma("application_id") ?? "0") ?? 0)
        var version = Int(try db.pragma("user_version") ?? "0") ?? 0
        if application == applicationID, (1...3).contains(version), let unitAmount {
            do {
                if version == 1 { try LedgerUpgrade.toVersion2(db, path: path, unitAmount: unitAmount) }
                try LedgerUpgrade.toVersion3(db)
                try LedgerUpgrade.toVersion4(db, path: path)
            } catch let error as SQLiteError {
                // A ledger this version must upgrade cannot be used as it is (a read-only file).
                throw LedgerError(
                    path: path, "cannot upgrade the ledger from schema version \(version) to \(Self.version): \(error.reason)")
            }
            version = Int(try db.pragma("user_version") ?? "0") ?? 0
        }
        if application == applicationID {
            guard version == Self.version else {
                throw LedgerError(
                    path: path,
                    version > Self.version
                        ? "the ledger has schema version \(version), newer than this Tessera's \(Self.version)"
                        : "the ledger has unknown schema version \(version)")
            }
            let names = tables.map { "'\($0)'" }.joined(separator: ", ")
            let found = try count(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN (\(names))")
            guard found == tables.count else { throw LedgerError(path: path, "the ledger is missing tables") }
            return
        }
        let objects = try count(db, "SELECT count(*) FROM sqlite_schema")
        guard application == 0, version == 0, objects == 0 else {
            throw LedgerError(
                path: path,
                application != 0
                    ? "not a Tessera ledger (a database of another application, id \(application))"
                    : "not a Tessera ledger (a database with \(objects) other schema objects)")
        }
        guard create else { throw LedgerError(path: path, "the ledger file is empty") }
        // A new, empty database: WAL first (it cannot change inside a transaction),
        // then the tables and the marks together, so a crash leaves all or nothing.
        try db.pragma("journal_mode", "WAL")
        try db.transaction(.immediate) {
            try db.execute(tablesSQL)
            try db.execute("PRAGMA application_id = \(applicationID); PRAGMA user_version = \(Self.version)")
        }
    }

    static func count(_ db: Database, _ sql: String) throws(SQLiteError) -> Int {
        let statement = try db.prepare(sql)
        guard try statement.step() == .row else { return 0 }
        return Int(statement.int64(at: 0))
    }
}

extension LedgerError {
    /// "<path>: <reason>", the form an operator can act on.
    init(path: String, _ reason: String) {
        self.init("\(path): \(reason)")
    }
}
