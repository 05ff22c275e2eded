/// Rewrites the columns a sheet has on members it matches (`import --update`), with
/// one prepared statement bound again for every row, as `MemberInserter` inserts.
///
/// Only the sheet's columns change, an empty cell clearing its column (as a new
/// member from the same row would have it empty); columns the sheet does not have
/// keep their values. The member keeps its id, and with it its usage in the ledger
/// (SPEC §8: usage follows the member id).
final class MemberUpdater {
    private let statement: Statement
    private let fields: [MemberField]

    /// `fields`: the sheet's columns, at least one (a sheet always has an identity column).
    init(_ db: Database, fields: Set<MemberField>) throws(SQLiteError) {
        if fields.contains(.name) { try MemberNameColumn.ensure(in: db) }
        self.fields = MemberField.allCases.filter(fields.contains)
        statement = try db.prepare(
            "UPDATE members SET " + self.fields.map { "\($0.column) = ?" }.joined(separator: ", ") + " WHERE id = ?")
    }

    func update(member id: Int64, to values: MemberValues) throws(SQLiteError) {
        for (i, field) in fields.enumerated() {
            if field == .quantity {
                try statement.bind(values.quantity, at: i + 1)
            } else {
                try statement.bind(values[field], at: i + 1)
            }
        }
        try statement.bind(id, at: fields.count + 1)
        try statement.run()
    }
}
