import Foundation
import Testing
import TesseraCore
import TesseraStore

@testable import TesseraServer

/// `tessera check` and the hints a new user meets first.
extension CommandLineTests {
    @Test func checkSaysOkWithTheCountsOrTheServersOwnMessage() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("demo.db").path
        try tessera(["init", "--catalog", path, "--demo"])
        let ok = try tessera(["check", path])
        #expect(ok.status == 0)
        #expect(ok.output == "\(path): ok: offers=14 members=33 events=3 ticket_types=12\n")
        #expect(try tessera(["check", "--catalog", path]).output == ok.output)

        try Database(path: path, mode: .readWrite).execute("UPDATE offers SET min_order = 50 WHERE id = 'group-rate'")
        let broken = try tessera(["check", path])
        #expect(broken.status == 1 && broken.output.isEmpty)
        #expect(broken.errors == "\(path): table offers, row id=group-rate: min_order 50 is greater than per_order 40\n")
        // The same words the server refuses it with.
        do {
            _ = try CatalogSource.file(path).load()
            Issue.record("the server loaded a broken catalog")
        } catch {
            #expect(broken.errors.contains(error.description))
        }

        let missing = directory.appendingPathComponent("missing.db").path
        let absent = try tessera(["check", missing])
        #expect(absent.status == 1)
        #expect(absent.errors.hasSuffix("; create it with `tessera init --catalog \(missing)` (--demo for the demo data)\n"))
        #expect(!FileManager.default.fileExists(atPath: missing))
    }

    @Test func serveNamesWhatANewUserMeantAndHowToMakeACatalog() throws {
        let port = try tessera(["serve", "--port", "7878"])
        #expect(port.status == 2)
        #expect(port.errors == "tessera serve: unknown option --port; did you mean --listen HOST:PORT (--listen 127.0.0.1:7878)?\n")
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let missing = directory.appendingPathComponent("missing.db").path
        let serve = try tessera(["serve", "--catalog", missing, "--listen", "127.0.0.1:0"])
        #expect(serve.status == 1)
        #expect(serve.errors.contains("create it with `tessera init --catalog \(missing)`"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }
}
