import TesseraCore

/// Checks that a database has the tables and columns of SPEC §2 before the loader
/// reads it, so a wrong file fails with "missing column valid_until" rather than
/// with SQLite's "no such column" from deep inside a query.
enum CatalogSchemaCheck {
    /// What the loader needs to know of the file's tables beyond "the required ones exist".
    struct Found {
        /// The tables that have a rowid.
        var rowidTables: Set<String> = []
        /// Per table, its `CatalogSchema.optionalColumns` that the file lacks.
        var absentColumns: [String: Set<String>] = [:]
    }

    /// Verifies every required table and column (case-insensitively, as SQLite names
    /// them; views count as tables) and returns the tables that have a rowid and the
    /// optional columns that are absent.
    ///
    /// This is also the first read of the file, so a file that is not a database or
    /// stays locked fails here, as a file problem.
    static func verify(_ db: Database, source: String) throws(CatalogError) -> Found {
        let present: Set<String>
        do {
            present = try strings(db, "SELECT lower(name) FROM sqlite_master WHERE type IN ('table', 'view')")
        } catch {
            throw .file("cannot open catalog \(source): \(error.reason)")
        }
        let required = CatalogSchema.tables.map(\.name)
        guard required.contains(where: present.contains) else {
            throw .file(
                "cannot open catalog \(source): not a Tessera catalog (none of the tables "
                    + required.joined(separator: ", ") + " exists)")
        }
        var found = Found()
        for (table, columns) in CatalogSchema.tables {
            guard present.contains(table) else {
                throw CatalogError(table: table, row: "", problem: "missing table")
            }
            let names: Set<String>
            do {
                names = try strings(db, "SELECT lower(name) FROM pragma_table_info('\(table)')")
            } catch {
                throw .file("cannot read catalog \(source): table \(table): \(error.reason)")
            }
            if let missing = columns.first(where: { !names.contains($0) }) {
                throw CatalogError(table: table, row: "", problem: "missing column \(missing)")
            }
            // WITHOUT ROWID tables and views have none; their rows are then named by
            // position.
            if (try? db.prepare("SELECT rowid FROM \"\(table)\" LIMIT 0")) != nil {
                found.rowidTables.insert(table)
            }
            let absent = (CatalogSchema.optionalColumns[table] ?? []).filter { !names.contains($0) }
            if !absent.isEmpty { found.absentColumns[table] = Set(absent) }
        }
        return found
    }

    /// The first column of every row of `sql`.
    private static func strings(_ db: Database, _ sql: String) throws(SQLiteError) -> Set<String> {
        let statement = try db.prepare(sql)
        var result: Set<String> = []
        while try statement.step() == .row { result.insert(statement.text(at: 0)) }
        return result
    }
}
