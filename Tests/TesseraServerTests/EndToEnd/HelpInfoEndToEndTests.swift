import Foundation
import Testing
import TesseraStore
@testable import TesseraServer
@testable import TesseraProtocol

@Suite("HELP and INFO against a running server (SPEC §4)")
struct HelpInfoEndToEndTests {
    /// INFO's lines as (key, value), values decoded; fails on a line of another shape.
    func info(_ client: TestClient) throws -> [(key: String, value: String)] {
        let reply = try client.request("INFO")
        #expect(reply.last == "OK")
        return try reply.dropLast().map { line in
            let words = line.split(separator: " ")
            try #require(
                words.count == 3 && words[0] == "INFO" && words[1].hasPrefix("key=") && words[2].hasPrefix("value="), "\(line)")
            var value = Array(words[2].dropFirst("value=".count).utf8)
            let decoded = try #require(value.withUnsafeMutableBytes { PercentCoding.decode(UnsafeRawBufferPointer($0)) })
            return (String(words[1].dropFirst("key=".count)), String(decoding: decoded, as: UTF8.self))
        }
    }

    @Test func helpListsEveryVerbOfTheTableInOrderWithItsHelp() throws {
        let server = try RunningServer()
        defer { server.stop() }
        let reply = try server.client().request("help")
        #expect(reply == CommandTable.all.map { "VERB name=\($0.name) help=\(PercentCoding.encoded($0.help))" } + ["OK"])
        #expect(reply.count == Verb.allCases.count + 1)
    }

    @Test func infoTellsVersionCatalogLedgerListenAddressAndEveryOption() throws {
        let server = try RunningServer()
        defer { server.stop() }
        let entries = try info(server.client())
        let expectedKeys = [
            "version", "uptime_seconds", "catalog", "catalog_offers", "catalog_members", "catalog_version", "ledger",
            "listen",
        ] + ServeOption.all.map { "option.\($0.name)" }
        #expect(entries.map(\.key) == expectedKeys)
        let value = Dictionary(entries.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        #expect(value["version"] == TesseraVersion.current)
        #expect(value["uptime_seconds"].flatMap(Int.init).map { $0 >= 0 } == true)
        #expect(value["catalog"] == "demo")
        #expect(value["catalog_offers"] == String(server.runner.service.snapshot.catalog.offerCount))
        #expect(value["catalog_members"] == String(server.runner.service.snapshot.catalog.memberCount))
        #expect(value["catalog_version"] == "1")
        #expect(value["ledger"] == server.runner.configuration.ledgerPath)
        // The port actually bound, where the configuration asked for any (0).
        #expect(value["listen"] == "127.0.0.1:\(server.port)")
        #expect(server.port != 0)
        #expect(value["option.listen"] == "127.0.0.1:0")
        #expect(value["option.catalog"] == "unset")
        #expect(value["option.max_line_bytes"] == "4096")
        #expect(value["option.test_clock"] == "false")
        #expect(value["option.token"] == "unset")
        #expect(value["option.admin_token"] == "unset")
    }

    @Test func infoNeverShowsATokenAndBothVerbsNeedAuth() throws {
        let token = "tok-Secret-7Q"
        let adminToken = "adm-Secret-9Z"
        let server = try RunningServer { $0.token = token; $0.adminToken = adminToken; $0.holdTTLSeconds = 120 }
        defer { server.stop() }
        let client = try server.client()
        #expect(try client.request("HELP") == ["ERR forbidden msg=AUTH%20first"])
        #expect(try client.request("INFO") == ["ERR forbidden msg=AUTH%20first"])
        #expect(try client.request("AUTH token=\(token)") == ["OK"])
        let entries = try info(client)
        let text = entries.map { "\($0.key)=\($0.value)" }.joined(separator: "\n")
        #expect(!text.contains(token) && !text.contains(adminToken))
        #expect(!text.contains("Secret"))
        #expect(entries.contains { $0 == ("option.token", "set") })
        #expect(entries.contains { $0 == ("option.admin_token", "set") })
        #expect(entries.contains { $0 == ("option.hold_ttl_seconds", "120") })
        #expect(try client.request("HELP").last == "OK")
    }

    @Test func infoFollowsAReload() throws {
        let path = try TestCatalog.makeFile(extraSQL: "").catalog
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let server = try RunningServer { $0.catalog = path }
        defer { server.stop() }
        let client = try server.client()
        let before = try info(client)
        #expect(before.contains { $0 == ("catalog", path) })
        #expect(before.contains { $0 == ("option.catalog", path) })
        #expect(before.contains { $0 == ("catalog_version", "1") })
        #expect(before.contains { $0 == ("ledger", server.runner.configuration.ledgerPath) })
        let members = try #require(before.first { $0.key == "catalog_members" }.flatMap { Int($0.value) })

        let db = try Database(path: path, mode: .readWrite)
        try db.execute("INSERT INTO members (id, audience_id, code, quantity) VALUES (9001, 'vip-codes', 'NEWCODE', 1)")
        #expect(try client.request("RELOAD").first?.hasPrefix("OK offers=") == true)
        let after = try info(client)
        #expect(after.contains { $0 == ("catalog_version", "2") })
        #expect(after.contains { $0 == ("catalog_members", String(members + 1)) })
        #expect(try client.request("RELOAD").first?.hasPrefix("OK offers=") == true)
        #expect(try info(client).contains { $0 == ("catalog_version", "3") })
    }
}
