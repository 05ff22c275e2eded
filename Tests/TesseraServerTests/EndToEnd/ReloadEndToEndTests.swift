import Foundation
import Testing
import TesseraCore
import TesseraStore
@testable import TesseraServer
@testable import TesseraProtocol

@Suite("RELOAD swaps a good catalog in and keeps the old one when broken")
struct ReloadEndToEndTests {
    /// The demo catalog alone, in a file of its own directory.
    func demoCatalogFile() throws -> String {
        try TestCatalog.makeFile(extraSQL: "").catalog
    }

    @Test func reloadOfAChangedCatalogAndOfABrokenOne() throws {
        let path = try demoCatalogFile()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let server = try RunningServer { $0.catalog = path }
        defer { server.stop() }
        let client = try server.client()
        #expect(try client.request("EVAL event=gala code=NEWCODE").last == "OK offers=0")

        let db = try Database(path: path, mode: .readWrite)
        try db.execute("INSERT INTO members (id, audience_id, code, quantity, seat) VALUES (9001, 'vip-codes', 'NEWCODE', 1, 'South-3')")
        let reload = try client.request("RELOAD")
        #expect(reload.count == 1 && reload[0].hasPrefix("OK offers=") && reload[0].contains(" members=") && reload[0].contains(" ms="))
        // Pipelined after RELOAD on the same connection: sees the new catalog.
        #expect(try client.request("EVAL event=gala code=newcode").contains("SEAT offer=seat-unlock label=South-3"))

        // Names and prices come from the new snapshot too: EVAL's encoded fragments are rebuilt with it.
        try db.execute("UPDATE offers SET name = 'North & South' WHERE id = 'seat-unlock'")
        try db.execute("UPDATE ticket_types SET price = 7000 WHERE id = 'gala-seated'")
        #expect(try client.request("RELOAD").first?.hasPrefix("OK offers=") == true)
        let renamed = try client.request("EVAL event=gala code=vip321")
        #expect(renamed.first?.hasPrefix("OFFER id=seat-unlock name=North%20&%20South via=code ") == true)
        #expect(renamed.contains("TICKET offer=seat-unlock id=gala-seated price=7000 base=7000"))

        try db.execute("UPDATE offers SET unlock = 'password' WHERE id = 'seat-unlock'")
        let refused = try client.request("RELOAD")
        #expect(refused == ["ERR bad_catalog msg=" + PercentCoding.encoded(
            "table offers, row id=seat-unlock: unlock must be 'login', 'code' or 'any', got 'password'")])
        // The old catalog stays in service.
        #expect(try client.request("EVAL event=gala code=newcode").last == "OK offers=1")
    }

    @Test func reloadOfAMissingFileKeepsServing() throws {
        let path = try demoCatalogFile()
        let server = try RunningServer { $0.catalog = path }
        defer { server.stop() }
        try FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent)
        let client = try server.client()
        #expect(try client.request("RELOAD").first?.hasPrefix("ERR bad_catalog") == true)
        #expect(try client.request("EVAL event=gala code=vip321").last == "OK offers=1")
    }

    @Test func aBrokenCatalogRefusesToStart() throws {
        let path = try demoCatalogFile()
        let db = try Database(path: path, mode: .readWrite)
        try db.execute("UPDATE offers SET timezone = 'Mars/Olympus' WHERE id = 'seat-unlock'")
        #expect(throws: CatalogError.id("offers", "seat-unlock", "timezone 'Mars/Olympus' is not an IANA time zone")) {
            _ = try RunningServer { $0.catalog = path }
        }
    }
}
