import CSQLite

extension Database {
    /// How a transaction takes its locks. See <https://www.sqlite.org/lang_transaction.html>.
    public enum TransactionKind: String, Sendable {
        /// Locks on first use: a read snapshot starts at the first read.
        case deferred = "DEFERRED"
        /// Takes the write lock at BEGIN, so two writers queue up (busy timeout)
        /// instead of one failing half-way with `SQLITE_BUSY`.
        case immediate = "IMMEDIATE"
        case exclusive = "EXCLUSIVE"
    }

    /// Runs `body` in a transaction: COMMIT when it returns, ROLLBACK when it throws
    /// (then rethrows its error). A failed COMMIT also rolls back and throws, so after
    /// any error nothing of `body` is applied and the connection is out of the
    /// transaction.
    ///
    /// Not re-entrant: calling it inside another transaction throws `SQLiteError`.
    public func transaction<T>(_ kind: TransactionKind = .immediate, _ body: () throws -> T) throws -> T {
        try execute("BEGIN \(kind.rawValue)")
        let result: T
        do {
            result = try body()
            try execute("COMMIT")
        } catch {
            rollbackIfActive()
            throw error
        }
        return result
    }

    /// Ends an open transaction, ignoring errors: used on paths that already fail.
    /// SQLite may have rolled back by itself (after `SQLITE_FULL`, `SQLITE_IOERR`),
    /// in which case there is nothing to do.
    func rollbackIfActive() {
        if !isAutocommit { sqlite3_exec(handle, "ROLLBACK", nil, nil, nil) }
    }
}
