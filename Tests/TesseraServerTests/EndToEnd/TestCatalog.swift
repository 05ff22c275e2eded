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

    /// An offer with one unit in all (`total` 1) for member `LAST`, who alone
    /// could take five: for tests of who gets the last unit.
    static let lastUnitSQL = """
        INSERT INTO audiences (id, name) VALUES ('last', 'Last unit');
        INSERT INTO members (id, audience_id, code, quantity) VALUES (50001, 'last', 'LAST', 5);
        INSERT INTO offers (id, name, audience_id, total) VALUES ('last-unit', 'Last unit', 'last', 1);
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
