import CSQLite

#if canImport(Glibc)
import Glibc
#endif

/// A failed sqlite3 call, with what an operator needs to act on it: the result code
/// (what callers branch on), the extended code (why, e.g. `SQLITE_IOERR_FSYNC`),
/// SQLite's own message and the SQL that failed.
///
/// See <https://www.sqlite.org/rescode.html>.
public struct SQLiteError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The primary result code, e.g. `SQLITE_BUSY` (5). Always `extendedCode & 0xFF`.
    public var code: Int32
    /// The extended result code, e.g. `SQLITE_IOERR_FSYNC`.
    public var extendedCode: Int32
    /// `sqlite3_errmsg` (or `sqlite3_errstr` when no connection exists).
    public var message: String
    /// The statement that failed, when there was one.
    public var sql: String?
    /// The operating-system error behind a `SQLITE_CANTOPEN` or `SQLITE_IOERR`
    /// (`sqlite3_system_errno`), 0 otherwise: "unable to open database file" alone
    /// does not say whether the file is missing or unreadable.
    public var systemErrno: Int32

    public init(code: Int32, extendedCode: Int32? = nil, message: String, sql: String? = nil, systemErrno: Int32 = 0) {
        self.code = code & 0xFF
        self.extendedCode = extendedCode ?? code
        self.message = message
        self.sql = sql
        self.systemErrno = systemErrno
    }

    /// The error SQLite reports for the latest failed call on `handle`.
    init(handle: OpaquePointer?, code: Int32, sql: String? = nil) {
        let extended = handle.map { sqlite3_extended_errcode($0) } ?? code
        // The connection's latest error may belong to another call when `code`
        // did not come from the connection (e.g. a bind); trust `code` first.
        let consistent = extended & 0xFF == code & 0xFF
        let message: String
        if let handle, consistent, let text = sqlite3_errmsg(handle) {
            message = String(cString: text)
        } else {
            message = String(cString: sqlite3_errstr(code))
        }
        let primary = code & 0xFF
        let errno: Int32
        if let handle, consistent, primary == SQLITE_CANTOPEN || primary == SQLITE_IOERR {
            errno = sqlite3_system_errno(handle)
        } else {
            errno = 0
        }
        self.init(code: code, extendedCode: consistent ? extended : code, message: message, sql: sql, systemErrno: errno)
    }

    /// Another connection holds the lock past the busy timeout.
    public var isBusy: Bool { code == SQLITE_BUSY || code == SQLITE_LOCKED }
    /// A UNIQUE, CHECK, NOT NULL or foreign-key constraint refused the change.
    public var isConstraint: Bool { code == SQLITE_CONSTRAINT }
    /// The disk, not the request, is at fault: retrying later may succeed.
    public var isStorageFailure: Bool { code == SQLITE_FULL || code == SQLITE_IOERR || code == SQLITE_CANTOPEN }

    /// The message, with the operating-system reason when SQLite's alone is vague.
    public var reason: String {
        guard systemErrno != 0, let text = strerror(systemErrno) else { return message }
        return "\(message) (\(String(cString: text)))"
    }

    public var description: String {
        var text = "SQLite error \(extendedCode): \(reason)"
        if let sql { text += " — in: \(sql)" }
        return text
    }
}
