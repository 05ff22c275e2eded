import Foundation
import TesseraCore
import TesseraClient
import TesseraStore
import Testing

@testable import TesseraServer

/// The operator's loop against a running server: change the catalog file with the
/// administration API (what `tessera import`, `codes generate`, `audience deactivate`
/// run), `tessera reload`, and the storefront's next EVAL sees the change.
@Suite("Import into a running server's catalog, RELOAD, EVAL sees it")
struct ImportEndToEndTests {
    /// The demo catalog alone, in a file of its own directory.
    private func demoCatalogFile() throws -> (directory: String, path: String) {
        let (directory, catalog) = try TestCatalog.makeFile(extraSQL: "")
        return (directory.path, catalog)
    }

    @Test func importedCodesAreLiveAfterReload() throws {
        let (directory, path) = try demoCatalogFile()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let server = try RunningServer { $0.catalog = path }
        defer { server.stop() }
        let client = try server.client()
        #expect(try client.request("EVAL event=gala code=VIP900").last == "OK offers=0")

        // The hand-written VIP sheet of SPEC §4's origin: Code | quantity | Seat Label.
        let sheetPath = directory + "/vip.csv"
        try Data("Code;quantity;Seat Label\r\nVIP900;1;North-2\r\nVIP321;1;South-4\r\n".utf8).write(
            to: URL(fileURLWithPath: sheetPath))
        let report = try CatalogEditor(path: path).importMembers(into: "VIP codes", from: CSVReader(path: sheetPath))
        #expect(report.imported == 1)
        #expect(report.rejections.map(\.description) == ["line 3: code 'VIP321' is already in audience 'VIP codes' (member 1)"])

        // Not yet: the server serves what it loaded.
        #expect(try client.request("EVAL event=gala code=VIP900").last == "OK offers=0")
        let reload = try Client(port: server.port).request(.reload)
        #expect(reload.isOK && reload.lines.count == 1 && reload.lines[0].hasPrefix("OK offers=14 members=34 "))
        #expect(try reload.decode(ReloadResult.self).offers == 14)

        #expect(
            try client.request("EVAL event=gala code=vip900") == [
                "OFFER id=seat-unlock name=VIP%20seats via=code remaining=1 max_order=1 discount=none value=0",
                "TICKET offer=seat-unlock id=gala-seated price=6000 base=6000",
                "SEAT offer=seat-unlock label=North-2",
                "CODE value=vip900 status=ok",
                "OK offers=1",
            ])
    }

    @Test func generatedCodesAndADeactivatedAudienceAfterReload() throws {
        let (directory, path) = try demoCatalogFile()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let server = try RunningServer { $0.catalog = path }
        defer { server.stop() }
        let client = try server.client()

        let editor = try CatalogEditor(path: path)
        let codes = try editor.generateCodes(into: "thank-you", count: 3, prefix: "TY-")
        try editor.setActive("VIP codes", false)
        #expect(try Client(port: server.port).request(.reload).isOK)

        for code in codes {
            let reply = try client.request("EVAL event=jazz-night code=\(code.lowercased())")
            #expect(reply.first?.hasPrefix("OFFER id=thank-you-ticket ") == true)
            #expect(reply.suffix(2) == ["CODE value=\(code.lowercased()) status=ok", "OK offers=1"])
        }
        #expect(
            try client.request("EVAL event=gala code=VIP321").suffix(2) == [
                "CODE value=VIP321 status=unknown", "OK offers=0",
            ])
    }

    @Test func reloadWithTheAdminToken() throws {
        let (directory, path) = try demoCatalogFile()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let server = try RunningServer {
            $0.catalog = path
            $0.adminToken = "s3cret admin=token"
        }
        defer { server.stop() }
        let client = try server.client()
        _ = try CatalogEditor(path: path).importMembers(into: "thank-you", from: CSVReader(text: "Code\nADMIN-1\n"))

        let refused = try Client(port: server.port).request(.reload)
        #expect(!refused.isOK && refused.error?.code == .forbidden)
        // A wrong token is refused when the client connects, before any RELOAD.
        #expect {
            try Client(port: server.port, token: "guess")
        } throws: { error in
            guard case ClientError.authenticationFailed(let refusal) = error else { return false }
            return refusal.code == .forbidden && refusal.line.hasPrefix("ERR forbidden")
        }
        #expect(try client.request("EVAL event=gala code=ADMIN-1").last == "OK offers=0")

        // The token travels percent-encoded, so a space and `=` in it are no trouble.
        let accepted = try Client(host: "localhost", port: server.port, token: "s3cret admin=token").request(.reload)
        #expect(accepted.isOK)
        #expect(try client.request("EVAL event=gala code=ADMIN-1").last == "OK offers=1")
    }
}
