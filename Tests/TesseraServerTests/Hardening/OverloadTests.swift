import Foundation
import Testing
import TesseraStore
@testable import TesseraServer

@Suite("Overload and faults an operator can see")
struct OverloadTests {
    @Test func overTheConnectionLimitIsUnavailableThenClosed() throws {
        let server = try RunningServer { $0.maxConnections = 2 }
        defer { server.stop() }
        let first = try server.client()
        let second = try server.client()
        #expect(try first.request("PING") == ["OK"])
        #expect(try second.request("PING") == ["OK"])
        let third = try server.rawClient()  // watches the close
        #expect(try third.readLine() == "ERR unavailable msg=too%20many%20connections,%20try%20again%20later")
        #expect(try third.readLine() == nil)
        #expect(try first.request("PING") == ["OK"])
    }

    @Test func silentConnectionsAreClosedAfterTheIdleTimeout() throws {
        let server = try RunningServer { $0.idleTimeoutSeconds = 1 }
        defer { server.stop() }
        let silent = try server.rawClient()
        try silent.send("EVAL event=gala co")  // half a line, then nothing: a slowloris
        #expect(try silent.readLine() == nil)
    }

    @Test func aLockedCatalogAtReloadIsAnErrorAndTheOldOneServes() throws {
        let (directory, catalog) = try TestCatalog.makeFile()
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try RunningServer { $0.catalog = catalog }
        defer { server.stop() }
        let writer = try Database(path: catalog, mode: .readWrite)
        try writer.execute("BEGIN EXCLUSIVE")
        let client = try server.client()
        let reply = try client.request("RELOAD")
        #expect(reply.first?.hasPrefix("ERR bad_catalog msg=cannot%20open%20catalog") == true, "\(reply)")
        try writer.execute("ROLLBACK")
        #expect(try client.request("EVAL event=gala code=vip321").last == "OK offers=1")
        #expect(try client.request("RELOAD").first?.hasPrefix("OK offers=") == true)
    }
}
