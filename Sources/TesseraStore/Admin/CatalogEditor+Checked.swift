import TesseraCore

/// What the catalog commands (events, ticket types, seats, offers) share: a change
/// checked by the server's own loader before it commits, rows written from
/// `CatalogColumn` values, and references by id or name.
extension CatalogEditor {
    /// Runs `body` in one write transaction, then reads the catalog as the server
    /// would (`CatalogLoader` + `CatalogBuilder`, inside the transaction) and commits
    /// only when the server would load it; otherwise rolls back and throws the
    /// server's own message (table, row, problem). The rules live in one place.
    ///
    /// When the catalog was already broken the same way before the change (a row
    /// written by other means), the message says so: no change can be checked until
    /// that row is fixed.
    func checkedWrite<T>(_ body: () throws -> T) throws(AdminError) -> T {
        var refusal: CatalogError?
        do throws(AdminError) {
            return try write {
                let result = try body()
                do throws(CatalogError) {
                    _ = try CatalogBuilder.build(CatalogLoader.loadRows(from: db))
                } catch {
                    refusal = error
                    throw AdminError("\(error); nothing was changed")
                }
                return result
            }
        } catch {
            guard let refusal else { throw error }
            // Rolled back: this reads the catalog as it was.
            let before: CatalogError?
            do throws(CatalogError) {
                _ = try CatalogBuilder.build(CatalogLoader.loadRows(from: db))
                before = nil
            } catch let problem {
                before = problem
            }
            guard before == refusal else { throw error }
            throw AdminError(
                "catalog \(path) is already broken, so no change can be checked: \(refusal); "
                    + "fix that first (tessera check \(path) shows it); nothing was changed")
        }
    }

    /// `values` (column name → option text) as SQL values, in `columns` order. Refuses
    /// a column not in `columns`; adds a missing SPEC §7 column a value is given for.
    func parsed(_ values: [String: String], _ columns: [CatalogColumn], table: String) throws -> [(
        String, CatalogValue
    )] {
        if let unknown = values.keys.first(where: { key in !columns.contains { $0.name == key } }) {
            throw AdminError("\(table) has no column '\(unknown)' that can be set")
        }
        var result: [(String, CatalogValue)] = []
        for column in columns {
            guard let text = values[column.name] else { continue }
            if column.addedWhenSet { try addColumnIfMissing(table, column) }
            result.append((column.name, try column.value(text)))
        }
        return result
    }

    /// SPEC §7: a catalog written for §2 may lack `min_order` and `budget`; the first
    /// command that sets one adds it (NULL for every existing row, as the loader reads
    /// a missing column).
    private func addColumnIfMissing(_ table: String, _ column: CatalogColumn) throws {
        guard !(try hasColumn(table, column.name)) else { return }
        try db.execute("ALTER TABLE \(table) ADD COLUMN \(column.name) \(column.kind == .text ? "TEXT" : "INTEGER")")
    }

    func hasColumn(_ table: String, _ column: String) throws -> Bool {
        try count("SELECT count(*) FROM pragma_table_info(?) WHERE lower(name) = ?", table, column) > 0
    }

    func insert(_ table: String, _ values: [(String, CatalogValue)]) throws {
        let names = values.map(\.0).joined(separator: ", ")
        let marks = values.map { _ in "?" }.joined(separator: ", ")
        let statement = try db.prepare("INSERT INTO \(table) (\(names)) VALUES (\(marks))")
        for (i, (_, value)) in values.enumerated() { try value.bind(to: statement, at: i + 1) }
        try statement.run()
    }

    /// `UPDATE table SET … WHERE key = ?`; nothing to set is no statement.
    func update(_ table: String, _ values: [(String, CatalogValue)], where key: String, _ id: String) throws {
        guard !values.isEmpty else { return }
        let assignments = values.map { "\($0.0) = ?" }.joined(separator: ", ")
        let statement = try db.prepare("UPDATE \(table) SET \(assignments) WHERE \(key) = ?")
        for (i, (_, value)) in values.enumerated() { try value.bind(to: statement, at: i + 1) }
        try statement.bind(id, at: values.count + 1)
        try statement.run()
    }

    /// A row of `table` by exact id, else by name when one row has it; `what` names
    /// the kind of row in messages ("event"), `list` the command that lists them.
    func resolve(_ reference: String, in table: String, what: String, list: String) throws -> String {
        if try count("SELECT count(*) FROM \(table) WHERE id = ?", reference) > 0 { return reference }
        let ids = try strings("SELECT id FROM \(table) WHERE name = ? ORDER BY id", reference)
        guard let id = ids.first else {
            throw AdminError("no \(what) '\(reference)' in catalog \(path) (\(list) shows them)")
        }
        guard ids.count == 1 else {
            throw AdminError(
                "\(ids.count) \(what)s are named '\(reference)' (\(ids.joined(separator: ", "))); name one by its id")
        }
        return id
    }

    func resolveEvent(_ reference: String) throws -> String {
        try resolve(reference, in: "events", what: "event", list: "tessera event list")
    }

    func resolveTicketType(_ reference: String) throws -> String {
        try resolve(reference, in: "ticket_types", what: "ticket type", list: "tessera ticket list")
    }

    func resolveOffer(_ reference: String) throws -> String {
        try resolve(reference, in: "offers", what: "offer", list: "tessera offer list")
    }

    /// A new id for `table`: `id` when given and free, else one made from the name as
    /// audiences make theirs (`Jazz Night` → `jazz-night`, `-2` when taken).
    func newID(in table: String, given id: String?, name: String, fallback: String) throws -> String {
        if let id {
            guard !id.trimmed.isEmpty else { throw AdminError("an id must not be empty") }
            guard try count("SELECT count(*) FROM \(table) WHERE id = ?", id) == 0 else {
                throw AdminError("\(table) already has a row with id '\(id)'")
            }
            return id
        }
        let slug = Self.slug(name)
        let base = slug.isEmpty ? fallback : slug
        var candidate = base
        var n = 1
        while try count("SELECT count(*) FROM \(table) WHERE id = ?", candidate) > 0 {
            n += 1
            candidate = "\(base)-\(n)"
        }
        return candidate
    }

    /// A name option's value, trimmed; empty is refused.
    static func name(_ values: [String: String], what: String) throws -> String? {
        guard let name = values["name"] else { return nil }
        guard !name.trimmed.isEmpty else { throw AdminError("\(what) needs a name") }
        return name.trimmed
    }

    func optionalInteger(_ statement: Statement, _ column: Int) -> Int? {
        statement.isNull(at: column) ? nil : Int(statement.int64(at: column))
    }

    func optionalText(_ statement: Statement, _ column: Int) -> String? {
        statement.isNull(at: column) ? nil : statement.text(at: column)
    }
}
