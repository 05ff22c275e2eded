import Foundation
import TesseraStore

/// Catalog files for end-to-end tests: the demo catalog plus a `bulk` audience
/// whose member `BULK` may take 1,000 units of `bulk-offer` at any event, so
/// tests can make many holds without running into the demo's small limits.
enum TestCatalog {
    static let bulkSQL = """
        INSERT INTO audiences (id, name) VALUES ('bulk', 'Bulk buyers');
        INSERT INTO members (id, audience_id, code, quantity) VALUES (50000, 'bulk', 'BULK', 1000);
        INSERT INTO offers (id, name, audience_id) VALUES ('bulk-offer', 'Bulk', 'bulk');
        """

    /// A new directory holding `catalog.db`; the caller removes the directory.
    static func makeFile(extraSQL: String = bulkSQL) throws -> (directory: URL, catalog: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let catalog = directory.appendingPathComponent("catalog.db").path
        let db = try Database(path: catalog, mode: .create)
        try db.execute(DemoCatalog.sql)
        if !extraSQL.isEmpty { try db.execute(extraSQL) }
        return (directory, catalog)
    }
}
