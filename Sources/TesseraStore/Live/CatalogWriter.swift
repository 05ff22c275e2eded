import Dispatch
import TesseraCore

/// Writes live changes (SPEC §8) to the catalog file, on a queue of its own, a batch per
/// transaction: the server hands it every change that arrived while the previous batch was
/// on disk, so changes from many connections share one fsync (group commit, as the
/// ledger's writer does for holds). A batch is all or nothing.
///
/// The file is opened for writing only when the first change comes (a server that never
/// changes members never writes its catalog), in WAL mode so RELOAD's reads and this
/// writer never wait for each other, with `synchronous=FULL` so COMMIT returns only after
/// fsync. Another writer (the operator's CLI) holding the write lock makes a batch wait up
/// to `busyWait`, then fail as busy: the server answers `ERR unavailable`, never hangs.
public final class CatalogWriter: @unchecked Sendable {
    public let path: String
    /// The longest wait for another writer's lock (SPEC §8: 2 seconds).
    public let busyWaitMilliseconds: Int32
    private let queue = DispatchQueue(label: "tessera.catalog-writer")
    /// Touched only on `queue`.
    private var database: Database?
    /// Ids below this are never given (the ledger's member ids, ids given before); on `queue`.
    private var idFloor: Int64

    /// - Parameter idFloor: the smallest id a new member may get: above every member id with
    ///   usage in the ledger (SPEC §8 Member ids). The file's ids and high-water mark are
    ///   read under the write lock at each insert.
    public init(path: String, idFloor: Int64, busyWaitMilliseconds: Int32 = 2000) {
        self.path = path
        self.idFloor = idFloor
        self.busyWaitMilliseconds = busyWaitMilliseconds
    }

    /// Writes `edits` in one transaction, then calls `completion` on the writer's queue.
    public func write(
        _ edits: [CatalogEdit],
        completion: @escaping @Sendable (Result<[CatalogEditResult], CatalogWriteError>) -> Void
    ) {
        queue.async { [self] in
            let result = apply(edits)
            closeWhenIdle()
            completion(result)
        }
    }

    /// Reads the rows of `ids` as stored, then calls `completion` on the writer's queue;
    /// a row another writer removed meanwhile is missing from the answer.
    public func read(ids: [Int64], completion: @escaping @Sendable (Result<[StoredMemberRow], CatalogWriteError>) -> Void) {
        queue.async { [self] in
            defer { closeWhenIdle() }
            do throws(SQLiteError) {
                completion(.success(try rows(ids, in: try open())))
            } catch {
                completion(.failure(Self.failure(error)))
            }
        }
    }

    /// The file `database` was opened on.
    private var openedFile: FileIdentity?
    /// Bumped by each use; an idle close only happens when no use came after it.
    private var uses = 0
    /// How long the connection stays open after its last use.
    static let idleCloseSeconds = 0.2

    /// Closes the connection once the writer has been idle a moment: SQLite then writes the
    /// WAL back into the file and removes it, so an idle catalog is one plain file again,
    /// which an operator may copy or move (a WAL left beside a file replaced under it would
    /// be read into the new file). Busy periods keep the connection, and one fsync a batch.
    private func closeWhenIdle() {
        uses += 1
        let use = uses
        queue.asyncAfter(deadline: .now() + Self.idleCloseSeconds) { [self] in
            guard use == uses else { return }
            database = nil
            openedFile = nil
        }
    }

    /// The connection, opened again when the path names another file than the one it was
    /// opened on (an operator copied a new catalog over it): a change written to the old
    /// file would be in no file RELOAD reads.
    /// Waits for the writes already handed over, then closes the file (SQLite folds the WAL
    /// back into it). For a server that stops; a write after it opens the file again.
    public func close() {
        queue.sync {
            database = nil
            openedFile = nil
        }
    }

    private func open() throws(SQLiteError) -> Database {
        let current = FileIdentity(path: path)
        if let database, current != nil, current == openedFile { return database }
        database = nil
        guard let current else {
            throw SQLiteError(code: 14, message: "the catalog file \(path) is gone")  // SQLITE_CANTOPEN
        }
        let db = try Database(path: path, mode: .readWrite, busyTimeout: busyWaitMilliseconds)
        openedFile = current
        _ = try db.pragma("journal_mode", "WAL")
        _ = try db.pragma("synchronous", "FULL")
        database = db
        return db
    }

    private func apply(_ edits: [CatalogEdit]) -> Result<[CatalogEditResult], CatalogWriteError> {
        let db: Database
        do throws(SQLiteError) { db = try open() } catch { return .failure(Self.failure(error)) }
        do {
            let results = try db.transaction(.immediate) { () throws -> [CatalogEditResult] in
                var results: [CatalogEditResult] = []
                results.reserveCapacity(edits.count)
                for edit in edits { results.append(try apply(edit, db)) }
                return results
            }
            return .success(results)
        } catch let error as SQLiteError {
            return .failure(Self.failure(error))
        } catch {
            return .failure(CatalogWriteError(isBusy: false, message: "\(error)"))
        }
    }

    private func apply(_ edit: CatalogEdit, _ db: Database) throws(SQLiteError) -> CatalogEditResult {
        switch edit {
        case .addMember(let audienceID, let fields):
            let id = max(try MemberIDs.next(db), idFloor)
            let insert = try db.prepare(
                """
                INSERT INTO members (id, audience_id, customer_id, email, code, quantity, category, seat, location,
                                     valid_from, valid_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            try insert.bind(id, at: 1)
            try insert.bind(audienceID, at: 2)
            try insert.bind(fields.customerID, at: 3)
            try insert.bind(fields.email, at: 4)
            try insert.bind(fields.code, at: 5)
            try insert.bind(fields.quantity, at: 6)
            try insert.bind(fields.category, at: 7)
            try insert.bind(fields.seat, at: 8)
            try insert.bind(fields.location, at: 9)
            try insert.bind(fields.validFrom, at: 10)
            try insert.bind(fields.validUntil, at: 11)
            try insert.run()
            idFloor = id + 1
            return .member(id)
        case .setMember(let id, let columns):
            guard !columns.isEmpty else { return .member(id) }
            // Column names come from the server's fixed list, never from a request.
            let update = try db.prepare(
                "UPDATE members SET " + columns.map { "\($0.0) = ?" }.joined(separator: ", ") + " WHERE id = ?")
            for (i, column) in columns.enumerated() {
                if column.0 == "quantity", let text = column.1, let n = Int64(text) {
                    try update.bind(n, at: i + 1)
                } else {
                    try update.bind(column.1, at: i + 1)
                }
            }
            try update.bind(id, at: columns.count + 1)
            try update.run()
            return .member(id)
        case .deleteMember(let id):
            try MemberIDs.retire(upTo: id, in: db)
            let delete = try db.prepare("DELETE FROM members WHERE id = ?")
            try delete.bind(id, at: 1)
            try delete.run()
            return .member(id)
        case .addAttendee(let eventID, let fields):
            let insert = try db.prepare("INSERT INTO attendees (event_id, customer_id, email, barcode) VALUES (?, ?, ?, ?)")
            try insert.bind(eventID, at: 1)
            try insert.bind(fields.customerID, at: 2)
            try insert.bind(fields.email, at: 3)
            try insert.bind(fields.barcode, at: 4)
            try insert.run()
            return .done
        case .deleteAttendee(let eventID, let fields):
            // Values compare normalised (e-mail, barcode), which SQL cannot: the event's rows
            // are read newest first and the first that matches is removed.
            let select = try db.prepare(
                "SELECT rowid, customer_id, email, barcode FROM attendees WHERE event_id = ? ORDER BY rowid DESC")
            try select.bind(eventID, at: 1)
            var found: Int64?
            while try select.step() == .row {
                func text(_ i: Int) -> String? { select.isNull(at: i) ? nil : select.text(at: i) }
                let row = AttendeeFields(customerID: text(1), email: text(2), barcode: text(3))
                if fields.sameRow(as: row) {
                    found = select.int64(at: 0)
                    break
                }
            }
            select.reset()
            guard let found else { return .removed(false) }
            let delete = try db.prepare("DELETE FROM attendees WHERE rowid = ?")
            try delete.bind(found, at: 1)
            try delete.run()
            return .removed(true)
        }
    }

    private func rows(_ ids: [Int64], in db: Database) throws(SQLiteError) -> [StoredMemberRow] {
        let select = try db.prepare(
            """
            SELECT id, audience_id, customer_id, email, code, quantity, category, seat, location, valid_from, valid_until
            FROM members WHERE id = ?
            """)
        let names = ["customer", "email", "code", "quantity", "category", "seat", "location", "valid_from", "valid_until"]
        var rows: [StoredMemberRow] = []
        for id in ids {
            try select.bind(id, at: 1)
            if try select.step() == .row {
                var values: [(String, String)] = []
                // An empty text is no value (SPEC §8 Values), as NULL is: no key on the line.
                for (i, name) in names.enumerated() where !select.isNull(at: i + 2) {
                    let text = select.text(at: i + 2)
                    if !text.isEmpty { values.append((name, text)) }
                }
                rows.append(StoredMemberRow(id: id, audienceID: select.text(at: 1), values: values))
            }
            select.reset()
        }
        return rows
    }

    private static func failure(_ error: SQLiteError) -> CatalogWriteError {
        let busy = error.code == 5 || error.code == 6  // SQLITE_BUSY, SQLITE_LOCKED
        return CatalogWriteError(
            isBusy: busy,
            message: busy
                ? "the catalog file is locked by another writer; nothing changed, try again"
                : "cannot write the catalog file: \(error)")
    }
}
