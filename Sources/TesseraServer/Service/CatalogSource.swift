import TesseraCore
import TesseraStore

/// Where the catalog comes from: a SQLite file, or the built-in demo when the
/// server is started without one. RELOAD reads the same source again.
public enum CatalogSource: Sendable, Equatable {
    case file(String)
    case demo

    /// Reads and validates the catalog; on any problem, a `CatalogError`
    /// naming table, row and problem (or the file).
    public func load() throws(CatalogError) -> Catalog {
        switch self {
        case .file(let path):
            return try CatalogBuilder.build(CatalogLoader.loadRows(path: path))
        case .demo:
            let db: Database
            do { db = try DemoCatalog.makeDatabase() } catch { throw .file("cannot build the demo catalog: \(error)") }
            return try CatalogBuilder.build(CatalogLoader.loadRows(from: db))
        }
    }

    /// As INFO names it: the file's path, or `demo`.
    public var infoValue: String {
        switch self {
        case .file(let path): path
        case .demo: "demo"
        }
    }

    public var description: String {
        switch self {
        case .file(let path): path
        case .demo: "built-in demo catalog"
        }
    }
}
