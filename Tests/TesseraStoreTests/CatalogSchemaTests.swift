import Foundation
import Testing

@testable import TesseraStore

@Suite struct CatalogSchemaTests {
    @Test func createsExactlyTheTablesAndColumnsTheLoaderReads() throws {
        let db = try Database(path: ":memory:")
        try CatalogSchema.create(in: db)
        for (table, columns) in CatalogSchema.tables {
            let info = try db.prepare("SELECT name FROM pragma_table_info('\(table)') ORDER BY cid")
            var names: [String] = []
            while try info.step() == .row { names.append(info.text(at: 0)) }
            #expect(names == columns, "table \(table)")
        }
        let tables = try db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table'")
        _ = try tables.step()
        #expect(tables.int64(at: 0) == Int64(CatalogSchema.tables.count))
    }

    @Test func createIsAllOrNothingAndWorksInsideATransaction() throws {
        let db = try Database(path: ":memory:")
        try db.execute("CREATE TABLE offers (x)")  // collides with the last tables created
        #expect(throws: SQLiteError.self) { try CatalogSchema.create(in: db) }
        let count = try db.prepare("SELECT count(*) FROM sqlite_master")
        _ = try count.step()
        #expect(count.int64(at: 0) == 1)
        #expect(db.isAutocommit)

        let fresh = try Database(path: ":memory:")
        try fresh.transaction { try CatalogSchema.create(in: fresh) }
    }

    /// Keeps the constant identical to the contract when the SPEC is beside the
    /// checkout (as on developer machines and CI).
    @Test(.enabled(if: FileManager.default.fileExists(atPath: specPath)))
    func ddlIsTheSpecVerbatim() throws {
        let spec = try String(contentsOfFile: Self.specPath, encoding: .utf8)
        let start = try #require(spec.range(of: "```sql\n"))
        let end = try #require(spec.range(of: "\n```", range: start.upperBound..<spec.endIndex))
        #expect(String(spec[start.upperBound..<end.lowerBound]) == CatalogSchema.sql)
    }

    static let specPath = PackageRoot.path + "/../shared/SPEC.md"
}
