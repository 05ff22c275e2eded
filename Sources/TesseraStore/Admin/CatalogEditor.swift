#if canImport(Glibc)
    import Glibc
#endif

/// A Tessera catalog file opened for administration: audiences, members, imports and
/// generated codes (SPEC §5). The server never sees a half-done change: every
/// operation is one SQLite transaction, so a RELOAD (or SIGHUP) reads the catalog
/// before or after it, never in between.
///
/// Like `Database`, one editor is for one thread at a time.
public final class CatalogEditor {
    /// How long to wait for another writer (or a long reload in rollback-journal mode)
    /// before reporting the catalog busy.
    public static let busyTimeoutMilliseconds: Int32 = 5_000

    public let path: String
    let db: Database

    /// Opens an existing catalog read-write and checks it has the tables of SPEC §2,
    /// so a wrong file is refused before anything is written to it.
    public init(path: String) throws(AdminError) {
        guard !path.isEmpty else { throw AdminError("the catalog path is empty") }
        var info = stat()
        guard stat(path, &info) == 0 else {
            let reason = String(cString: strerror(errno))
            throw errno == ENOENT
                ? AdminError("catalog \(path) does not exist (tessera init --catalog \(path) creates one)")
                : AdminError("cannot open catalog \(path): \(reason)")
        }
        guard info.st_mode & S_IFMT == S_IFREG else { throw AdminError("catalog \(path) is not a regular file") }
        do {
            db = try Database(path: path, mode: .readWrite, busyTimeout: Self.busyTimeoutMilliseconds)
        } catch {
            throw AdminError("cannot open catalog \(path): \(error.reason)")
        }
        self.path = path
        do {
            _ = try CatalogSchemaCheck.verify(db, source: path)
        } catch {
            throw AdminError(error.table.isEmpty ? error.problem : "\(path) is not a Tessera catalog: \(error)")
        }
        // A million-row import touches many pages; a larger cache keeps them in memory
        // until COMMIT instead of spilling mid-transaction.
        _ = try? db.pragma("cache_size", "-65536")
    }

    /// Creates a new catalog with the schema of SPEC §2 (and the demo data when
    /// `demo`). Refuses an existing file. The catalog is built under a temporary name
    /// and linked into place, so `path` is either absent or complete.
    public static func create(path: String, demo: Bool = false) throws(AdminError) {
        guard !path.isEmpty else { throw AdminError("the catalog path is empty") }
        var info = stat()
        if stat(path, &info) == 0 { throw AdminError("\(path) already exists (init never overwrites a file)") }
        let temporary = "\(path).init-\(getpid())"
        unlink(temporary)
        defer {
            unlink(temporary)
            unlink(temporary + "-journal")
        }
        do {
            let db = try Database(path: temporary, mode: .create)
            if demo { try db.execute(DemoCatalog.sql) } else { try CatalogSchema.create(in: db) }
        } catch {
            throw AdminError("cannot create catalog \(path): \(error.reason)")
        }
        // link, unlike rename, fails when the name was taken meanwhile.
        guard link(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            throw errno == EEXIST
                ? AdminError("\(path) already exists (init never overwrites a file)")
                : AdminError("cannot create catalog \(path): \(reason)")
        }
    }

    // MARK: Transactions

    /// Runs `body` in one write transaction and commits when `commit` approves its
    /// result; otherwise, or when anything throws, rolls back: nothing half-written.
    func write<T>(commit: (T) -> Bool = { _ in true }, _ body: () throws -> T) throws(AdminError) -> T {
        try guarded {
            try db.execute("BEGIN IMMEDIATE")
            do {
                let result = try body()
                if commit(result) { try db.execute("COMMIT") } else { db.rollbackIfActive() }
                return result
            } catch {
                db.rollbackIfActive()
                throw error
            }
        }
    }

    /// Runs `body` in a read transaction: one consistent view of the catalog.
    func read<T>(_ body: () throws -> T) throws(AdminError) -> T {
        try guarded {
            try db.execute("BEGIN DEFERRED")
            defer { db.rollbackIfActive() }
            return try body()
        }
    }

    /// Turns SQLite's errors into one operator-facing line naming the catalog.
    func guarded<T>(_ body: () throws -> T) throws(AdminError) -> T {
        do {
            return try body()
        } catch let error as AdminError {
            throw error
        } catch let error as SQLiteError {
            if error.isBusy {
                throw AdminError(
                    "catalog \(path) is busy: another program is writing it (tried for \(Self.busyTimeoutMilliseconds / 1000) s)"
                )
            }
            throw AdminError("cannot write catalog \(path): \(error.reason)")
        } catch {
            throw AdminError("catalog \(path): \(error)")
        }
    }
}
