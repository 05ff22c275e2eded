import Foundation
import Testing

@testable import TesseraStore

@Suite struct LedgerFileTests {
    @Test func aNewLedgerIsMarkedAndUsesWAL() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("ledger.db")
        try Ledger(path: path).close()
        let db = try Database(path: path, mode: .readOnly)
        #expect(try db.pragma("application_id") == String(LedgerSchema.applicationID))
        #expect(try db.pragma("user_version") == String(LedgerSchema.version))
        #expect(try db.pragma("journal_mode") == "wal")
    }

    @Test func aFileThatIsNotADatabaseIsRefused() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("notes.txt")
        let text = String(repeating: "these are not the pages you are looking for\n", count: 100)
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        let error = #expect(throws: LedgerError.self) { try Ledger(path: path) }
        #expect(error?.description.hasPrefix(path + ": not a Tessera ledger") == true)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == text)
    }

    @Test func anotherDatabaseIsRefusedUntouched() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("catalog.db")
        do {
            let db = try Database(path: path)
            try db.execute("CREATE TABLE events (id TEXT PRIMARY KEY, name TEXT NOT NULL)")
        }
        let error = #expect(throws: LedgerError.self) { try Ledger(path: path) }
        #expect(error?.description.hasPrefix(path + ": not a Tessera ledger") == true)
        let db = try Database(path: path, mode: .readOnly)
        #expect(try db.pragma("journal_mode") == "delete")
        #expect(try db.pragma("application_id") == "0")
    }

    @Test func aLedgerFromANewerTesseraIsRefused() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("ledger.db")
        try Ledger(path: path).close()
        do {
            let db = try Database(path: path)
            try db.pragma("user_version", "99")
        }
        let error = #expect(throws: LedgerError.self) { try Ledger(path: path) }
        #expect(error?.description.contains("schema version 99") == true)
        #expect(error?.description.hasPrefix(path) == true)
    }

    @Test func aPathThatCannotBeOpenedIsRefused() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("missing-dir/ledger.db")
        let error = #expect(throws: LedgerError.self) { try Ledger(path: path) }
        #expect(error?.description.hasPrefix(path + ": cannot open the ledger") == true)
    }
}
