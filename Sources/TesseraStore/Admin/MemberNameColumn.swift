/// `members.name`: the one column Tessera adds to a catalog (SPEC §2 allows extra columns,
/// and the server never reads this one). Added the first time a member is given a name, so
/// a catalog written before it, or by a back office, keeps opening and gains the column
/// only when it is used.
enum MemberNameColumn {
    static let name = "name"

    /// Whether the catalog's `members` table has the column.
    static func exists(in db: Database) throws(SQLiteError) -> Bool {
        let statement = try db.prepare("SELECT 1 FROM pragma_table_info('members') WHERE name = 'name'")
        return try statement.step() == .row
    }

    /// Adds the column when it is missing; inside the caller's write transaction.
    static func ensure(in db: Database) throws(SQLiteError) {
        if try !exists(in: db) { try db.execute("ALTER TABLE members ADD COLUMN name TEXT") }
    }
}
