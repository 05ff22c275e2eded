import CSQLite
import Foundation
import Testing

@testable import TesseraStore

@Suite struct DatabaseTests {
    @Test func executesScriptsAndReportsChangesAndRowIDs() throws {
        let db = try Database(path: ":memory:")
        try db.execute(
            """
            -- a comment before the first statement
            CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT);
            INSERT INTO t (name) VALUES ('a'), ('b'), ('c');
            """)
        #expect(db.changes == 3)
        #expect(db.lastInsertRowID == 3)
        try db.execute("UPDATE t SET name = 'x' WHERE id >= 2")
        #expect(db.changes == 2)
        #expect(db.isAutocommit)
        #expect(!db.isReadOnly)
    }

    @Test func scriptErrorNamesTheFailingStatementAndKeepsEarlierOnes() throws {
        let db = try Database(path: ":memory:")
        let error = #expect(throws: SQLiteError.self) {
            try db.execute("CREATE TABLE t (x); INSERT INTO nowhere VALUES (1); CREATE TABLE u (y);")
        }
        #expect(error?.code == SQLITE_ERROR)
        #expect(error?.message == "no such table: nowhere")
        #expect(error?.sql?.hasPrefix("INSERT INTO nowhere VALUES (1);") == true)
        let count = try db.prepare("SELECT count(*) FROM sqlite_master WHERE name IN ('t', 'u')")
        #expect(try count.step() == .row)
        #expect(count.int64(at: 0) == 1)
    }

    @Test func prepareRefusesSyntaxErrorsAndSecondStatements() throws {
        let db = try Database(path: ":memory:")
        let syntax = #expect(throws: SQLiteError.self) { try db.prepare("SELEC 1") }
        #expect(syntax?.code == SQLITE_ERROR)
        #expect(syntax?.message.contains("syntax error") == true)
        #expect(syntax?.sql == "SELEC 1")
        #expect(syntax?.description.contains("SELEC 1") == true)

        let two = #expect(throws: SQLiteError.self) { try db.prepare("SELECT 1; SELECT 2") }
        #expect(two?.code == SQLITE_MISUSE)
        #expect(throws: SQLiteError.self) { try db.prepare("  -- nothing here\n") }
        // Trailing white space, semicolons and comments are not a second statement.
        _ = try db.prepare("SELECT 1;  -- done\n")
    }

    @Test func constraintErrorsCarryTheExtendedCode() throws {
        let db = try Database(path: ":memory:")
        try db.execute("CREATE TABLE t (id TEXT PRIMARY KEY); INSERT INTO t VALUES ('a')")
        let error = #expect(throws: SQLiteError.self) { try db.execute("INSERT INTO t VALUES ('a')") }
        #expect(error?.isConstraint == true)
        #expect(error?.code == SQLITE_CONSTRAINT)
        #expect(error?.extendedCode == SQLITE_CONSTRAINT | (6 << 8))  // SQLITE_CONSTRAINT_PRIMARYKEY, a macro Swift cannot import
        #expect(error?.message.contains("UNIQUE constraint failed: t.id") == true)
    }

    @Test func transactionCommitsOrRollsBack() throws {
        let db = try Database(path: ":memory:")
        try db.execute("CREATE TABLE t (x INTEGER)")
        let answer = try db.transaction {
            try db.execute("INSERT INTO t VALUES (1)")
            #expect(!db.isAutocommit)
            return 42
        }
        #expect(answer == 42)

        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try db.transaction {
                try db.execute("INSERT INTO t VALUES (2)")
                throw Boom()
            }
        }
        #expect(db.isAutocommit)
        let sum = try db.prepare("SELECT sum(x) FROM t")
        #expect(try sum.step() == .row)
        #expect(sum.int64(at: 0) == 1)
    }

    @Test func transactionsDoNotNest() throws {
        let db = try Database(path: ":memory:")
        #expect(throws: SQLiteError.self) {
            try db.transaction(.deferred) { try db.transaction { () } }
        }
        #expect(db.isAutocommit)
    }

    @Test func missingFileIsNotCreatedByReadOnlyOrReadWrite() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("missing.db")
        for mode in [Database.OpenMode.readOnly, .readWrite] {
            let error = #expect(throws: SQLiteError.self) { try Database(path: path, mode: mode) }
            #expect(error?.code == SQLITE_CANTOPEN)
            #expect(error?.systemErrno == ENOENT)
            #expect(error?.reason.contains("No such file or directory") == true)
        }
        #expect(try dir.listing().isEmpty)
    }

    @Test func createMakesTheFileAndReadOnlyRefusesWrites() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("new.db")
        do {
            let db = try Database(path: path, mode: .create)
            try db.execute("CREATE TABLE t (x)")
        }
        #expect(FileManager.default.fileExists(atPath: path))
        let reader = try Database(path: path, mode: .readOnly)
        #expect(reader.isReadOnly)
        let error = #expect(throws: SQLiteError.self) { try reader.execute("INSERT INTO t VALUES (1)") }
        #expect(error?.code == SQLITE_READONLY)
    }

    @Test func busyWhileAnotherConnectionWrites() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("busy.db")
        let writer = try Database(path: path, mode: .create)
        try writer.execute("CREATE TABLE t (x)")
        let other = try Database(path: path, mode: .readWrite, busyTimeout: 0)
        try writer.execute("BEGIN IMMEDIATE")
        let error = #expect(throws: SQLiteError.self) { try other.execute("BEGIN IMMEDIATE") }
        #expect(error?.isBusy == true)
        try writer.execute("COMMIT")
        other.setBusyTimeout(milliseconds: 1_000)
        try other.transaction { try other.execute("INSERT INTO t VALUES (1)") }
    }

    @Test func pragmasAnswer() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let db = try Database(path: dir.file("wal.db"), mode: .create)
        #expect(try db.pragma("journal_mode", "WAL") == "wal")
        try db.pragma("synchronous", "FULL")
        #expect(try db.pragma("synchronous") == "2")
        try db.execute("PRAGMA user_version = 7")
        #expect(try db.pragma("user_version") == "7")
    }

    @Test func aConnectionCanMoveToAnotherThread() async throws {
        let db = try Database(path: ":memory:")
        try db.execute("CREATE TABLE t (x); INSERT INTO t VALUES (5)")
        let value = try await Task.detached {
            let statement = try db.prepare("SELECT x FROM t")
            _ = try statement.step()
            return statement.int64(at: 0)
        }.value
        #expect(value == 5)
    }
}
