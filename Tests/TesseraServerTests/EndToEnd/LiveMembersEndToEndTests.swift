import Foundation
import Testing
import TesseraStore
@testable import TesseraServer

/// SPEC §8 Live membership changes over TCP: each verb, its errors in §8's order, and that a
/// RELOAD afterwards answers the same.
@Suite("Live membership changes (SPEC §8)")
struct LiveMembersEndToEndTests {
    /// A server on a fresh copy of the demo catalog (in a file), with `extraSQL` added.
    static func server(
        extraSQL: String = "", _ configure: @escaping (inout ServeConfiguration) -> Void = { _ in }
    ) throws -> (RunningServer, String, () -> Void) {
        let (directory, catalog) = try TestCatalog.makeFile(extraSQL: extraSQL)
        let server = try RunningServer {
            $0.catalog = catalog
            $0.testClock = true
            configure(&$0)
        }
        return (server, catalog, {
            server.stop()
            try? FileManager.default.removeItem(at: directory)
        })
    }

    /// The README's example of the live membership changes, line for line.
    @Test func theReadmesExampleAnswersAsWritten() throws {
        let (server, _, done) = try Self.server()
        defer { done() }
        let client = try server.client()
        let readme = try String(contentsOf: ReadmeTables.readme, encoding: .utf8)
        let section = try #require(readme.range(of: "#### Live membership changes"))
        let example = try #require(readme[section.upperBound...].components(separatedBy: "```")[safe: 3])
        var pending: [String] = []
        var request: String?
        for line in example.split(separator: "\n").map(String.init) {
            if line.hasPrefix("> ") {
                if let request { #expect(try client.request(request) == pending, "\(request)") }
                request = String(line.dropFirst(2))
                pending = []
            } else if line.hasPrefix("< ") {
                pending.append(String(line.dropFirst(2)))
            }
        }
        if let request { #expect(try client.request(request) == pending, "\(request)") }
        #expect(request != nil)
    }

    @Test func addSetDeleteAMemberAndEvalSeesEachAtOnce() throws {
        let (server, catalog, done) = try Self.server()
        defer { done() }
        let client = try server.client()
        _ = try client.request("CLOCK set=2026-11-24T12:00:00Z")
        #expect(try client.request("EVAL event=gala code=NEWVIP").last == "OK offers=0")
        #expect(try client.request("ADD_MEMBER audience=vip-codes code=NewVip quantity=2 seat=South-3") == ["OK member=96"])
        let eval = try client.request("EVAL event=gala code=newvip")
        #expect(eval.first == "OFFER id=seat-unlock name=VIP%20seats via=code remaining=2 max_order=2 discount=none value=0")
        #expect(eval.contains("SEAT offer=seat-unlock label=South-3"))
        #expect(try client.request("SET_MEMBER member=96 code=OTHER quantity=") == ["OK member=96"])
        #expect(try client.request("EVAL event=gala code=newvip").last == "OK offers=0")
        #expect(try client.request("EVAL event=gala code=other").first?.contains("remaining=unlimited") == true)
        #expect(try client.request("FIND_MEMBERS audience=vip-codes") == [
            "MEMBER id=1 audience=vip-codes code=VIP321 quantity=1 seat=North-1",
            "MEMBER id=2 audience=vip-codes code=VIP238 quantity=1 seat=South-3",
            "MEMBER id=96 audience=vip-codes code=OTHER seat=South-3",
            "OK count=3",
        ])
        #expect(try client.request("DEL_MEMBER member=96") == ["OK member=96"])
        #expect(try client.request("EVAL event=gala code=other").last == "OK offers=0")
        #expect(try client.request("DEL_MEMBER member=96") == ["ERR unknown_member member=96"])
        // A new member never gets a removed member's id.
        #expect(try client.request("ADD_MEMBER audience=vip-codes code=NEXT") == ["OK member=97"])

        // In the file, committed.
        let db = try Database(path: catalog, mode: .readOnly)
        let rows = try db.prepare("SELECT id, code FROM members WHERE id >= 96 ORDER BY id")
        #expect(try rows.step() == .row && rows.int64(at: 0) == 97 && rows.text(at: 1) == "NEXT")
        #expect(try rows.step() == .done)
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
