import CSQLite

/// A prepared statement: bind, step, read columns, reset, step again.
///
/// Reusing one statement for many rows (and many executions) is what makes bulk
/// reads and ledger writes cheap: SQL is parsed once. Finalized in `deinit`.
///
/// Like its `Database`, it is `@unchecked Sendable` only so an owner can move it to
/// another thread together with its connection; it must never be used by two
/// threads at once, nor while another thread uses the same connection.
///
/// Parameter indexes start at 1 and column indexes at 0, as in the C API.
/// See <https://www.sqlite.org/c3ref/stmt.html>.
public final class Statement: @unchecked Sendable {
    /// What one `step()` produced.
    public enum Step: Sendable, Equatable {
        /// A row is ready to read with the column accessors.
        case row
        /// The statement has run to completion.
        case done
    }

    /// Kept strongly: the connection must outlive its statements.
    public let database: Database
    public let sql: String
    let handle: OpaquePointer

    init(database: Database, handle: OpaquePointer, sql: String) {
        self.database = database
        self.handle = handle
        self.sql = sql
    }

    deinit {
        sqlite3_finalize(handle)
    }

    // MARK: Running

    /// Advances to the next row, or reports completion. On failure the statement
    /// is reset (releasing its locks) and can be bound and run again.
    public func step() throws(SQLiteError) -> Step {
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_ROW: return .row
        case SQLITE_DONE: return .done
        default:
            let error = SQLiteError(handle: database.handle, code: code, sql: sql)
            sqlite3_reset(handle)
            throw error
        }
    }

    /// Runs a statement that answers no rows (INSERT, UPDATE, DELETE) from the
    /// start: resets, steps to completion, and keeps the bindings.
    public func run() throws(SQLiteError) {
        sqlite3_reset(handle)
        while try step() == .row {}
        sqlite3_reset(handle)
    }

    /// Rewinds so the statement can run again. Bindings are kept; the error of a
    /// failed step was already thrown by `step()`, so the result code is ignored.
    public func reset() {
        sqlite3_reset(handle)
    }

    /// Sets every parameter back to NULL.
    public func clearBindings() {
        sqlite3_clear_bindings(handle)
    }

    // MARK: Binding (indexes start at 1)

    public func bind(_ value: Int64, at index: Int) throws(SQLiteError) {
        try check(sqlite3_bind_int64(handle, Int32(index), value))
    }

    public func bind(_ value: Int, at index: Int) throws(SQLiteError) {
        try bind(Int64(value), at: index)
    }

    public func bind(_ value: Double, at index: Int) throws(SQLiteError) {
        try check(sqlite3_bind_double(handle, Int32(index), value))
    }

    /// Binds the exact UTF-8 bytes, embedded NULs included; SQLite copies them.
    public func bind(_ value: String, at index: Int) throws(SQLiteError) {
        var value = value
        let code = value.withUTF8 { bytes -> Int32 in
            // A nil pointer would bind NULL, not the empty string.
            guard let base = bytes.baseAddress, bytes.count > 0 else {
                return sqlite3_bind_text(handle, Int32(index), "", 0, tessera_sqlite_transient())
            }
            return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                sqlite3_bind_text64(handle, Int32(index), $0, UInt64(bytes.count), tessera_sqlite_transient(), UInt8(SQLITE_UTF8))
            }
        }
        try check(code)
    }

    /// Binds bytes as a BLOB; SQLite copies them.
    public func bind(blob value: [UInt8], at index: Int) throws(SQLiteError) {
        let code = value.withUnsafeBytes { bytes -> Int32 in
            // A nil pointer would bind NULL, not an empty blob.
            guard let base = bytes.baseAddress, bytes.count > 0 else {
                return sqlite3_bind_zeroblob(handle, Int32(index), 0)
            }
            return sqlite3_bind_blob64(handle, Int32(index), base, UInt64(bytes.count), tessera_sqlite_transient())
        }
        try check(code)
    }

    public func bindNull(at index: Int) throws(SQLiteError) {
        try check(sqlite3_bind_null(handle, Int32(index)))
    }

    /// Binds the value, or NULL for nil.
    public func bind(_ value: Int64?, at index: Int) throws(SQLiteError) {
        if let value { try bind(value, at: index) } else { try bindNull(at: index) }
    }

    /// Binds the value, or NULL for nil.
    public func bind(_ value: Int?, at index: Int) throws(SQLiteError) {
        if let value { try bind(Int64(value), at: index) } else { try bindNull(at: index) }
    }

    /// Binds the value, or NULL for nil.
    public func bind(_ value: Double?, at index: Int) throws(SQLiteError) {
        if let value { try bind(value, at: index) } else { try bindNull(at: index) }
    }

    /// Binds the value, or NULL for nil.
    public func bind(_ value: String?, at index: Int) throws(SQLiteError) {
        if let value { try bind(value, at: index) } else { try bindNull(at: index) }
    }

    /// The number of `?` parameters (the largest index).
    public var parameterCount: Int { Int(sqlite3_bind_parameter_count(handle)) }

    private func check(_ code: Int32) throws(SQLiteError) {
        guard code == SQLITE_OK else { throw SQLiteError(handle: database.handle, code: code, sql: sql) }
    }

    // MARK: Columns of the current row (indexes start at 0)

    public var columnCount: Int { Int(sqlite3_column_count(handle)) }

    public func columnName(at index: Int) -> String {
        sqlite3_column_name(handle, Int32(index)).map { String(cString: $0) } ?? ""
    }

    /// How the value is stored. Read it before an accessor: accessors convert, and
    /// after a conversion the reported type is undefined.
    public func type(at index: Int) -> SQLiteStorageClass {
        SQLiteStorageClass(sqlite3_column_type(handle, Int32(index)))
    }

    /// True when the value is NULL.
    public func isNull(at index: Int) -> Bool {
        sqlite3_column_type(handle, Int32(index)) == SQLITE_NULL
    }

    /// The value as an integer, converted by SQLite's rules (NULL is 0, text is parsed
    /// leniently): check `type(at:)` first when the stored type matters.
    public func int64(at index: Int) -> Int64 {
        sqlite3_column_int64(handle, Int32(index))
    }

    /// The value as a double, converted by SQLite's rules (NULL is 0.0).
    public func double(at index: Int) -> Double {
        sqlite3_column_double(handle, Int32(index))
    }

    /// The value as UTF-8 text (NULL is ""), read with its byte length, so embedded
    /// NULs survive and no C string scan is needed. Invalid UTF-8 is repaired.
    public func text(at index: Int) -> String {
        // column_text before column_bytes: the byte count is of the converted value.
        guard let bytes = sqlite3_column_text(handle, Int32(index)) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, Int32(index)))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    /// The value as bytes (NULL is empty).
    public func blob(at index: Int) -> [UInt8] {
        guard let bytes = sqlite3_column_blob(handle, Int32(index)) else { return [] }
        let count = Int(sqlite3_column_bytes(handle, Int32(index)))
        return Array(UnsafeRawBufferPointer(start: bytes, count: count))
    }
}
