import CSQLite
import Testing

@testable import TesseraStore

@Suite struct StatementTests {
    private func makeTable() throws -> Database {
        let db = try Database(path: ":memory:")
        try db.execute("CREATE TABLE v (id INTEGER PRIMARY KEY, value)")  // no affinity: stored as bound
        return db
    }

    @Test func bindsAndReadsEveryStorageClass() throws {
        let db = try makeTable()
        let insert = try db.prepare("INSERT INTO v (id, value) VALUES (?, ?)")
        #expect(insert.parameterCount == 2)
        let values: [(Int64, (Statement) throws -> Void)] = [
            (1, { try $0.bind(Int64.max, at: 2) }),
            (2, { try $0.bind(-7, at: 2) }),
            (3, { try $0.bind(2.5, at: 2) }),
            (4, { try $0.bind("héllo", at: 2) }),
            (5, { try $0.bind(blob: [0, 1, 255], at: 2) }),
            (6, { try $0.bindNull(at: 2) }),
            (7, { try $0.bind(nil as String?, at: 2) }),
            (8, { try $0.bind("", at: 2) }),
            (9, { try $0.bind(blob: [], at: 2) }),
            (10, { try $0.bind("a\u{0}b", at: 2) }),
        ]
        for (id, bind) in values {
            try insert.bind(id, at: 1)
            try bind(insert)
            try insert.run()
            #expect(db.changes == 1)
        }

        let select = try db.prepare("SELECT id, value FROM v ORDER BY id")
        #expect(select.columnCount == 2)
        #expect(select.columnName(at: 1) == "value")
        var rows: [Int64: (SQLiteStorageClass, Any)] = [:]
        while try select.step() == .row {
            let type = select.type(at: 1)
            let value: Any =
                switch type {
                case .integer: select.int64(at: 1)
                case .real: select.double(at: 1)
                case .text: select.text(at: 1)
                case .blob: select.blob(at: 1)
                case .null: "NULL"
                }
            rows[select.int64(at: 0)] = (type, value)
        }
        #expect(rows[1]?.0 == .integer && rows[1]?.1 as? Int64 == .max)
        #expect(rows[2]?.0 == .integer && rows[2]?.1 as? Int64 == -7)
        #expect(rows[3]?.0 == .real && rows[3]?.1 as? Double == 2.5)
        #expect(rows[4]?.0 == .text && rows[4]?.1 as? String == "héllo")
        #expect(rows[5]?.0 == .blob && rows[5]?.1 as? [UInt8] == [0, 1, 255])
        #expect(rows[6]?.0 == .null)
        #expect(rows[7]?.0 == .null)
        // Empty values stay values: a nil pointer would have bound NULL.
        #expect(rows[8]?.0 == .text && rows[8]?.1 as? String == "")
        #expect(rows[9]?.0 == .blob && (rows[9]?.1 as? [UInt8])?.isEmpty == true)
        #expect(rows[10]?.0 == .text && rows[10]?.1 as? String == "a\u{0}b")
    }

    @Test func typeIsReportedBeforeConversion() throws {
        let db = try makeTable()
        try db.execute("INSERT INTO v VALUES (1, '5')")
        let select = try db.prepare("SELECT value FROM v")
        #expect(try select.step() == .row)
        #expect(select.type(at: 0) == .text)  // SQLite would happily read 5 from it
        #expect(select.int64(at: 0) == 5)
        #expect(try select.step() == .done)
    }

    @Test func statementsAreReusedWithResetAndRebinding() throws {
        let db = try makeTable()
        let insert = try db.prepare("INSERT INTO v (value) VALUES (?)")
        for n in 1...5 {
            try insert.bind(n, at: 1)
            try insert.run()
            #expect(db.lastInsertRowID == Int64(n))
        }
        let select = try db.prepare("SELECT value FROM v WHERE id = ?")
        for n in [3, 1, 5] {
            try select.bind(Int64(n), at: 1)
            #expect(try select.step() == .row)
            #expect(select.int64(at: 0) == Int64(n))
            select.reset()
        }
        select.clearBindings()
        #expect(try select.step() == .done)  // id = NULL matches nothing
    }

    @Test func aFailedStepCanBeRetried() throws {
        let db = try Database(path: ":memory:")
        try db.execute("CREATE TABLE u (k TEXT PRIMARY KEY)")
        let insert = try db.prepare("INSERT INTO u VALUES (?)")
        try insert.bind("a", at: 1)
        try insert.run()
        let error = #expect(throws: SQLiteError.self) { try insert.run() }
        #expect(error?.extendedCode == SQLITE_CONSTRAINT | (6 << 8))  // SQLITE_CONSTRAINT_PRIMARYKEY, a macro Swift cannot import
        #expect(error?.sql == "INSERT INTO u VALUES (?)")
        try insert.bind("b", at: 1)
        try insert.run()
        #expect(db.changes == 1)
    }

    @Test func bindingOutOfRangeThrows() throws {
        let db = try makeTable()
        let insert = try db.prepare("INSERT INTO v (value) VALUES (?)")
        let error = #expect(throws: SQLiteError.self) { try insert.bind(1, at: 2) }
        #expect(error?.code == SQLITE_RANGE)
    }
}
