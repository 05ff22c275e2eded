import CSQLite

/// How SQLite actually stored a value. SQLite is loosely typed: a column declared
/// INTEGER may hold text, so readers that need an integer check this first rather
/// than let `sqlite3_column_int64` silently turn `'abc'` into 0.
///
/// See <https://www.sqlite.org/datatype3.html>.
public enum SQLiteStorageClass: Sendable, Equatable, CustomStringConvertible {
    case integer, real, text, blob, null

    init(_ type: Int32) {
        switch type {
        case SQLITE_INTEGER: self = .integer
        case SQLITE_FLOAT: self = .real
        case SQLITE_TEXT: self = .text
        case SQLITE_BLOB: self = .blob
        default: self = .null
        }
    }

    /// The SQL word, lower case, for error messages: "found text".
    public var description: String {
        switch self {
        case .integer: "integer"
        case .real: "real"
        case .text: "text"
        case .blob: "blob"
        case .null: "NULL"
        }
    }
}
