/// Inserts members into one audience with a single prepared statement, bound and
/// run again for every row: SQL is parsed once however many rows follow.
///
/// Ids ascend in the sheet's order, which is the order a hold takes from members
/// (SPEC §3), and are never reused (`MemberIDs`).
final class MemberInserter {
    private let statement: Statement
    private var nextID: Int64
    private let withName: Bool

    /// Call inside the write transaction, so no other writer takes the same ids. `names`:
    /// the rows may carry a name, so `members.name` is added if missing.
    init(_ db: Database, audienceID: String, names: Bool = false) throws(SQLiteError) {
        if names { try MemberNameColumn.ensure(in: db) }
        withName = try MemberNameColumn.exists(in: db)
        statement = try db.prepare(
            """
            INSERT INTO members (audience_id, customer_id, email, code, quantity, category, seat, location,
                                 valid_from, valid_until, id\(withName ? ", name" : ""))
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?\(withName ? ", ?" : ""))
            """)
        try statement.bind(audienceID, at: 1)
        nextID = try MemberIDs.next(db)
    }

    /// Writes one member and returns its id.
    @discardableResult
    func insert(_ values: MemberValues) throws(SQLiteError) -> Int64 {
        try statement.bind(values.customerID, at: 2)
        try statement.bind(values.email, at: 3)
        try statement.bind(values.code, at: 4)
        try statement.bind(values.quantity, at: 5)
        try statement.bind(values.category, at: 6)
        try statement.bind(values.seat, at: 7)
        try statement.bind(values.location, at: 8)
        try statement.bind(values.validFrom, at: 9)
        try statement.bind(values.validUntil, at: 10)
        try statement.bind(nextID, at: 11)
        if withName { try statement.bind(values.name, at: 12) }
        try statement.run()
        nextID += 1
        return nextID - 1
    }
}
