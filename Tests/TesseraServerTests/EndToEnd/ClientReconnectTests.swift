import Foundation
import Glibc
import Testing

@testable import TesseraClient
@testable import TesseraServer

/// The client library across a server that dies and comes back on the same port: what was
/// in flight is repeated where that is safe and reported where it is not; a new connection
/// is authenticated again.
@Suite("The client library across a server crash and restart")
struct ClientReconnectTests {
    static let token = "s3cret pass"

    static func options(port: UInt16, attempts: Int = 3) -> Client.Options {
        var options = Client.Options(port: port, token: token)
        options.readTimeout = .seconds(20)
        options.reconnectAttempts = attempts
        options.reconnectDelay = .milliseconds(10)
        return options
    }

    static func bulkRemaining(_ eval: EvalResult) -> Limit? { eval.offer("bulk-offer")?.remaining }

    /// The server is frozen (SIGSTOP) before the pipeline is written, so it reads none of it,
    /// then killed; a new server starts on the port before the client reads. So which requests
    /// were in flight is certain: all of them. The repeatable ones (EVAL, HOLD, COMMIT) are
    /// repeated, in order, on one new connection, after AUTH; STATS and RELOAD are reported
    /// outcome-unknown.
    @Test func aPipelineInFlightWhenTheServerIsKilled() throws {
        let (directory, catalog) = try TestCatalog.makeFile()
        defer { try? FileManager.default.removeItem(at: directory) }
        let arguments = ["--catalog", catalog, "--ledger", directory.appendingPathComponent("x.ledger").path, "--token", Self.token]
        let first = try SpawnedServer.start(arguments, in: directory)
        let client = try Client(Self.options(port: first.port))
        try client.ping()

        try first.freeze()
        let items = [Request.Item(offer: "bulk-offer", ticket: "gala-seated", quantity: 2)]
        let pipeline: [Request] = [
            .eval(event: "gala", codes: ["BULK"]),
            .hold(id: "cart-1", event: "gala", codes: ["BULK"], items: items),
            .stats,
            .commit(id: "cart-1", order: "web-1"),
            .reload,
            .eval(event: "gala", codes: ["BULK"]),
        ]
        pipeline.forEach(client.send)
        client.flush()
        first.send(SIGKILL)
        #expect(first.waitForExit() == .signal(SIGKILL))
        let second = try SpawnedServer.start(arguments, in: directory, port: first.port)
        defer { second.send(SIGTERM) }

        let results = pipeline.map { _ in Result { () throws(ClientError) -> Reply in try client.receive() } }
        #expect(client.reconnections == 1)
        #expect(try Self.bulkRemaining(results[0].get().decode()) == .count(1000))
        let hold = try results[1].get().decode(HoldResult.self)
        #expect(hold.id == "cart-1" && hold.held.map(\.remaining) == [.count(998)])
        #expect(throws: ClientError.outcomeUnknown(.stats, .closedByServer)) { try results[2].get() }
        #expect(try results[3].get().decode(HoldStatus.self).state == .committed)
        #expect(throws: ClientError.outcomeUnknown(.reload, .closedByServer)) { try results[4].get() }
        #expect(try Self.bulkRemaining(results[5].get().decode()) == .count(998))

        // The repeats ran once each: the new server counts one hold of 2 and one AUTH (the
        // client's, on its new connection), and the hold repeated again is its first answer.
        let stats = try client.stats()
        #expect(stats["requests_auth"] == 1 && stats["requests_hold"] == 1 && stats["requests_commit"] == 1)
        #expect(try client.hold(id: "cart-1", event: "gala", codes: ["BULK"], items: items) == hold)
        #expect(try Self.bulkRemaining(client.eval(event: "gala", codes: ["BULK"])) == .count(998))
    }

    /// An idle client finds the server restarted: its next request (STATS, which is never
    /// repeated) goes out on a new, authenticated connection, as nothing was in flight.
    @Test func anIdleClientReconnectsToARestartedServer() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let arguments = ["--ledger", directory.appendingPathComponent("x.ledger").path, "--token", Self.token]
        let first = try SpawnedServer.start(arguments, in: directory)
        let client = try Client(Self.options(port: first.port))
        #expect(try client.eval(event: "gala", codes: ["vip321"]).offers.count == 1)
        first.send(SIGTERM)
        #expect(first.waitForExit() == .status(0))
        let second = try SpawnedServer.start(arguments, in: directory, port: first.port)
        defer { second.send(SIGTERM) }

        let stats = try client.stats()
        #expect(stats["requests_auth"] == 1 && stats["requests_stats"] == 1)
        #expect(client.reconnections == 1)
    }

    /// The server does not come back: a request that cannot have run is `notConnected`, one
    /// that may have run is outcome-unknown even when repeatable, after the bounded attempts.
    @Test func aServerThatStaysDown() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try SpawnedServer.start(["--ledger", directory.appendingPathComponent("x.ledger").path], in: directory)
        var options = Self.options(port: server.port, attempts: 2)
        options.token = nil
        let client = try Client(options)
        try client.ping()

        try server.freeze()
        client.send(.eval(event: "gala"))
        client.flush()
        server.send(SIGKILL)
        server.waitForExit()
        #expect {
            try client.receive()
        } throws: { error in
            guard case .outcomeUnknown(let request, .closedByServer) = error as? ClientError else { return false }
            return request.kind == .eval
        }
        #expect {
            try client.stats()
        } throws: { error in
            guard case .notConnected(let reason) = error as? ClientError else { return false }
            return reason.hasPrefix("cannot connect to 127.0.0.1:\(server.port): ")
        }
        // flush() returns too, with the request reported.
        client.send(.ping)
        client.flush()
        #expect(throws: ClientError.self) { try client.receive() }
        #expect(client.reconnections == 0 && client.pendingReplies == 0)
    }

    static func scratch() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-client-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }
}
