import CSQLite

/// One SQLite connection.
///
/// A connection is not for concurrent use: SQLite is opened in multi-thread mode
/// (`SQLITE_OPEN_NOMUTEX`), which is safe only while one thread at a time uses the
/// connection and its statements. It is `@unchecked Sendable` so that an owner (the
/// catalog loader, the ledger's writer) can hand it to another thread; the owner
/// guarantees the one-at-a-time use, e.g. with a serial queue or a lock.
///
/// The handle closes in `deinit`. Every `Statement` keeps its `Database` alive, so
/// statements are always finalized before the connection closes.
///
/// See <https://www.sqlite.org/c3ref/open.html> and
/// <https://www.sqlite.org/threadsafe.html>.
public final class Database: @unchecked Sendable {
    /// How to open the file.
    public enum OpenMode: Sendable {
        /// Reads only, never creates: what a catalog reader wants.
        case readOnly
        /// Reads and writes an existing database; fails when the file is missing.
        case readWrite
        /// Reads and writes, creating the file when missing.
        case create

        var flags: Int32 {
            switch self {
            case .readOnly: SQLITE_OPEN_READONLY
            case .readWrite: SQLITE_OPEN_READWRITE
            case .create: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
            }
        }
    }

    /// The path given at open: a file path or `:memory:`.
    public let path: String
    public let mode: OpenMode
    let handle: OpaquePointer

    /// Opens `path` (a file, or `:memory:` for a private in-memory database).
    ///
    /// The path is never read as a URI, so `?` and `#` in file names mean themselves.
    /// - Parameter busyTimeout: milliseconds to wait for another connection's lock
    ///   before failing with `SQLITE_BUSY`; 0 fails at once.
    public init(path: String, mode: OpenMode = .create, busyTimeout: Int32 = 0) throws(SQLiteError) {
        _ = Database.processConfiguration
        var connection: OpaquePointer?
        let flags = mode.flags | SQLITE_OPEN_NOMUTEX
        let code = sqlite3_open_v2(path, &connection, flags, nil)
        guard code == SQLITE_OK, let connection else {
            // SQLite allocates a handle even when open fails; it must still be closed.
            let error = SQLiteError(handle: connection, code: code == SQLITE_OK ? SQLITE_INTERNAL : code)
            sqlite3_close_v2(connection)
            throw error
        }
        self.path = path
        self.mode = mode
        self.handle = connection
        sqlite3_extended_result_codes(connection, 1)
        sqlite3_busy_timeout(connection, busyTimeout)
    }

    /// Process-wide SQLite settings, applied once before the first open.
    private static let processConfiguration: Void = {
        _ = tessera_sqlite_disable_memstatus()
    }()

    deinit {
        // Statements hold the database strongly, so none is left to finalize here.
        sqlite3_close_v2(handle)
    }

    /// Milliseconds to wait for a lock held by another connection; 0 fails at once.
    public func setBusyTimeout(milliseconds: Int32) {
        sqlite3_busy_timeout(handle, milliseconds)
    }

    /// Rows changed by the latest INSERT, UPDATE or DELETE on this connection.
    public var changes: Int { Int(sqlite3_changes(handle)) }

    /// The rowid of the latest successful INSERT on this connection.
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// True outside an explicit transaction. SQLite also ends a transaction on its own
    /// after some errors (e.g. `SQLITE_FULL`), which this reveals.
    public var isAutocommit: Bool { sqlite3_get_autocommit(handle) != 0 }

    /// SQLite's message for the latest failed call on this connection.
    var lastMessage: String { String(cString: sqlite3_errmsg(handle)) }

    /// Whether the main database refuses writes (opened `.readOnly`, or a read-only file).
    public var isReadOnly: Bool { sqlite3_db_readonly(handle, "main") == 1 }

    /// Prepares one SQL statement.
    ///
    /// Fails when `sql` holds no statement or more than one (use `execute` for
    /// scripts), so a stray second statement is never silently ignored.
    public func prepare(_ sql: String) throws(SQLiteError) -> Statement {
        var statement: OpaquePointer?
        var extra = false
        let code = sql.withCString { start -> Int32 in
            var tail: UnsafePointer<CChar>?
            let code = sqlite3_prepare_v2(handle, start, -1, &statement, &tail)
            if code == SQLITE_OK, let tail { extra = containsStatement(tail) }
            return code
        }
        guard code == SQLITE_OK else { throw SQLiteError(handle: handle, code: code, sql: sql) }
        guard let statement else {
            throw SQLiteError(code: SQLITE_MISUSE, message: "no SQL statement to prepare", sql: sql)
        }
        guard !extra else {
            sqlite3_finalize(statement)
            throw SQLiteError(code: SQLITE_MISUSE, message: "prepare takes one statement; use execute for scripts", sql: sql)
        }
        return Statement(database: self, handle: statement, sql: sql)
    }

    /// Runs every statement of `sql` in order, discarding any rows (so `PRAGMA`s that
    /// answer, like `journal_mode=WAL`, work too). Stops at the first failure, which
    /// names the statement that failed; statements before it stay applied.
    public func execute(_ sql: String) throws(SQLiteError) {
        var failure: SQLiteError?
        sql.withCString { script in
            var next: UnsafePointer<CChar>? = script
            while let start = next, start.pointee != 0 {
                var statement: OpaquePointer?
                var tail: UnsafePointer<CChar>?
                let code = sqlite3_prepare_v2(handle, start, -1, &statement, &tail)
                guard code == SQLITE_OK else {
                    failure = SQLiteError(handle: handle, code: code, sql: Self.excerpt(start))
                    return
                }
                if let statement {  // nil: only white space or comments
                    defer { sqlite3_finalize(statement) }
                    var step = sqlite3_step(statement)
                    while step == SQLITE_ROW { step = sqlite3_step(statement) }
                    guard step == SQLITE_DONE else {
                        failure = SQLiteError(handle: handle, code: step, sql: String(cString: sqlite3_sql(statement)))
                        return
                    }
                }
                // SQLite always advances the tail; never loop forever if it did not.
                guard let tail, tail > start else { return }
                next = tail
            }
        }
        if let failure { throw failure }
    }

    /// Sets or reads a pragma and returns its first answer, e.g.
    /// `pragma("journal_mode", "WAL")` → `"wal"` (the mode actually in force).
    ///
    /// `name` and `value` are pasted into the SQL: pass constants, never user input.
    @discardableResult
    public func pragma(_ name: String, _ value: String? = nil) throws(SQLiteError) -> String? {
        let statement = try prepare(value.map { "PRAGMA \(name) = \($0)" } ?? "PRAGMA \(name)")
        guard try statement.step() == .row, statement.columnCount > 0 else { return nil }
        return statement.type(at: 0) == .null ? nil : statement.text(at: 0)
    }

    /// True when `text` holds more SQL than white space and comments.
    private func containsStatement(_ text: UnsafePointer<CChar>) -> Bool {
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v2(handle, text, -1, &statement, nil)
        sqlite3_finalize(statement)
        return code != SQLITE_OK || statement != nil
    }

    /// The start of a statement that failed to prepare, for the error message.
    private static func excerpt(_ start: UnsafePointer<CChar>) -> String {
        let text = String(cString: start).drop(while: \.isWhitespace)
        return text.count > 200 ? String(text.prefix(200)) + "…" : String(text)
    }
}
