import CSQLite
import TesseraCore

/// Reads one catalog table row by row and checks each value's storage class
/// against SPEC §2, so that a refused value names table, row and column.
///
/// SQLite is loosely typed: a column declared INTEGER may hold `'5'` or `2.5`, and
/// `sqlite3_column_int64` would silently turn `'abc'` into 0. Every accessor looks
/// at the stored type first and refuses anything but the declared one.
///
/// Column 0 of the SELECT is the rowid (or NULL for a table without one); columns
/// 1… are the table's columns in `CatalogSchema.tables` order, so the accessors take
/// that position: for `events`, `text(1)` is `id`, `optionalText(3)` is `starts_at`.
///
/// A class, not a struct: the loader calls it a dozen times per row, and a struct
/// holding a statement and strings would be retained and copied on every call.
final class CatalogTableReader {
    let table: String
    let columns: [String]
    /// Rows are named by their `id` (column 1) rather than their rowid.
    let namesRowsByID: Bool
    private let statement: Statement
    private let source: String
    /// 1-based row position, naming rows of a table without rowid.
    private var ordinal: Int64 = 0

    /// Prepares `SELECT rowid, <columns> FROM <table> ORDER BY <order>`. Tables with
    /// an `id` are read in id order, the others in rowid order (the order their rows
    /// are named in), or in column order when the table has no rowid. A column in
    /// `absent` (an optional column the file lacks) is selected as NULL.
    init(
        database: Database, table: String, columns: [String], absent: Set<String> = [], hasRowid: Bool, source: String
    ) throws(CatalogError) {
        self.table = table
        self.columns = columns
        self.namesRowsByID = columns.first == "id"
        self.source = source
        let list = columns.map { absent.contains($0) ? "NULL" : "\"\($0)\"" }.joined(separator: ", ")
        let order = namesRowsByID ? "\"id\"" : hasRowid ? "rowid" : list
        let sql = "SELECT \(hasRowid ? "rowid" : "NULL"), \(list) FROM \"\(table)\" ORDER BY \(order)"
        do {
            statement = try database.prepare(sql)
        } catch {
            throw .file("cannot read catalog \(source): table \(table): \(error.reason)")
        }
    }

    /// Advances to the next row; false after the last.
    func next() throws(CatalogError) -> Bool {
        do {
            ordinal += 1
            return try statement.step() == .row
        } catch {
            throw .file("cannot read catalog \(source): table \(table): \(error.reason)")
        }
    }

    // MARK: Typed columns of the current row

    /// A NOT NULL text column.
    func text(_ column: Int) throws(CatalogError) -> String {
        switch statement.type(at: column) {
        case .text: return statement.text(at: column)
        case .null: throw refuse(column, "must not be NULL")
        default: throw refuse(column, "must be text, found \(found(column))")
        }
    }

    /// A text column that may be NULL.
    func optionalText(_ column: Int) throws(CatalogError) -> String? {
        switch statement.type(at: column) {
        case .text: return statement.text(at: column)
        case .null: return nil
        default: throw refuse(column, "must be text, found \(found(column))")
        }
    }

    /// A NOT NULL text column as UTF-8 bytes in SQLite's buffer, valid until the next
    /// row: for copying without making a `String`.
    func textBytes(_ column: Int) throws(CatalogError) -> UnsafeBufferPointer<UInt8> {
        switch statement.type(at: column) {
        case .text: return bytes(column)
        case .null: throw refuse(column, "must not be NULL")
        default: throw refuse(column, "must be text, found \(found(column))")
        }
    }

    /// A text column that may be NULL, as `textBytes` reads it.
    func optionalTextBytes(_ column: Int) throws(CatalogError) -> UnsafeBufferPointer<UInt8>? {
        switch statement.type(at: column) {
        case .text: return bytes(column)
        case .null: return nil
        default: throw refuse(column, "must be text, found \(found(column))")
        }
    }

    private func bytes(_ column: Int) -> UnsafeBufferPointer<UInt8> {
        // column_text before column_bytes: the byte count is of the text. SQLite keeps
        // the buffer until the statement steps (no other column's read moves it).
        let start = sqlite3_column_text(statement.handle, Int32(column))
        return UnsafeBufferPointer(start: start, count: start == nil ? 0 : Int(sqlite3_column_bytes(statement.handle, Int32(column))))
    }

    /// A NOT NULL integer column.
    func integer(_ column: Int) throws(CatalogError) -> Int {
        switch statement.type(at: column) {
        case .integer: return Int(statement.int64(at: column))
        case .null: throw refuse(column, "must not be NULL")
        default: throw refuse(column, "must be an integer, found \(found(column))")
        }
    }

    /// An integer column that may be NULL.
    func optionalInteger(_ column: Int) throws(CatalogError) -> Int? {
        switch statement.type(at: column) {
        case .integer: return Int(statement.int64(at: column))
        case .null: return nil
        default: throw refuse(column, "must be an integer, found \(found(column))")
        }
    }

    /// A NOT NULL 0/1 flag (`exclusive`, `locked`, `active`, `enabled`).
    func flag(_ column: Int) throws(CatalogError) -> Bool {
        switch statement.type(at: column) {
        case .integer:
            switch statement.int64(at: column) {
            case 0: return false
            case 1: return true
            default: throw refuse(column, "must be 0 or 1, found \(found(column))")
            }
        case .null: throw refuse(column, "must not be NULL")
        default: throw refuse(column, "must be 0 or 1, found \(found(column))")
        }
    }

    /// The current row's rowid, or its position when the table has none.
    var rowid: Int64 {
        statement.type(at: 0) == .integer ? statement.int64(at: 0) : ordinal
    }

    // MARK: Errors

    /// An error naming the current row: by its id where the table has one and the id
    /// is readable, else by rowid.
    private func refuse(_ column: Int, _ problem: String) -> CatalogError {
        let problem = "column \(columns[column - 1]) \(problem)"
        if namesRowsByID {
            switch statement.type(at: 1) {
            case .text: return .id(table, statement.text(at: 1), problem)
            case .integer: return .id(table, String(statement.int64(at: 1)), problem)
            default: break
            }
        }
        return .rowid(table, rowid, problem)
    }

    /// The offending value for a message: its type, and the value where short.
    private func found(_ column: Int) -> String {
        switch statement.type(at: column) {
        case .integer: return String(statement.int64(at: column))
        case .real: return "real \(statement.double(at: column))"
        case .text:
            let text = statement.text(at: column)
            let shown = text.count > 40 ? String(text.prefix(40)) + "…" : text
            return "text '\(shown)'"
        case .blob: return "a blob"
        case .null: return "NULL"
        }
    }
}
