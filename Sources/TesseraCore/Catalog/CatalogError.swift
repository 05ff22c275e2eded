/// Why a catalog was refused: the table, the row (its id, or its rowid where the
/// table has none) and the problem, so an operator can open the file and fix it.
public struct CatalogError: Error, Equatable, Sendable, CustomStringConvertible {
    public var table: String
    /// `id=vip` or `rowid=12`; empty when the problem is the table itself.
    public var row: String
    public var problem: String

    public init(table: String, row: String, problem: String) {
        self.table = table; self.row = row; self.problem = problem
    }

    public static func id(_ table: String, _ id: String, _ problem: String) -> CatalogError {
        CatalogError(table: table, row: "id=\(id)", problem: problem)
    }

    public static func rowid(_ table: String, _ rowid: Int64, _ problem: String) -> CatalogError {
        CatalogError(table: table, row: "rowid=\(rowid)", problem: problem)
    }

    /// A problem with the catalog file itself (missing, unreadable, locked, not a
    /// Tessera catalog) rather than with one of its rows.
    public static func file(_ problem: String) -> CatalogError {
        CatalogError(table: "", row: "", problem: problem)
    }

    public var description: String {
        if table.isEmpty { return problem }
        return row.isEmpty ? "table \(table): \(problem)" : "table \(table), row \(row): \(problem)"
    }
}
