/// Member ids are never reused. The server keys a member's usage by its id (the
/// ledger's holds and commits name it), and SQLite's `INTEGER PRIMARY KEY` hands the
/// largest id out again once that row is deleted: a new member would inherit the
/// removed one's usage. So when the CLI deletes members it records the highest id
/// it deleted in an extra table (SPEC §2 allows extra tables), and new members start
/// above both that mark and the largest id in use.
enum MemberIDs {
    private static let table = "tessera_member_id_high_water"

    /// The id the next inserted member gets.
    static func next(_ db: Database) throws(SQLiteError) -> Int64 {
        var highest: Int64 = 0
        let maximum = try db.prepare("SELECT max(id) FROM members")
        if try maximum.step() == .row { highest = maximum.int64(at: 0) }
        if try hasTable(db) {
            let mark = try db.prepare("SELECT max(id) FROM \(table)")
            if try mark.step() == .row { highest = max(highest, mark.int64(at: 0)) }
        }
        return highest + 1
    }

    /// Records that ids up to `id` have been used, before rows holding them are deleted.
    static func retire(upTo id: Int64, in db: Database) throws(SQLiteError) {
        try db.execute("CREATE TABLE IF NOT EXISTS \(table) (id INTEGER NOT NULL)")
        let current = try db.prepare("SELECT max(id) FROM \(table)")
        if try current.step() == .row, !current.isNull(at: 0), current.int64(at: 0) >= id { return }
        try db.execute("DELETE FROM \(table)")
        let insert = try db.prepare("INSERT INTO \(table) (id) VALUES (?)")
        try insert.bind(id, at: 1)
        try insert.run()
    }

    private static func hasTable(_ db: Database) throws(SQLiteError) -> Bool {
        let statement = try db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?")
        try statement.bind(table, at: 1)
        return try statement.step() == .row && statement.int64(at: 0) > 0
    }
}
