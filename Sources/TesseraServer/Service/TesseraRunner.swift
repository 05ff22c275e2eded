import TesseraCore
import TesseraStore
import TesseraNetwork

/// Wires a configuration into a running server: loads the catalog, binds the
/// listener, connects signals (SIGHUP reloads, SIGINT/SIGTERM drain and stop)
/// and logs each start, stop and reload. `tessera serve` and the end-to-end
/// tests both use it.
public final class TesseraRunner: @unchecked Sendable {
    public let service: TesseraService
    public let server: Server
    public let configuration: ServeConfiguration

    /// Loads and binds; throws a `CatalogError` or the network's error with a
    /// message an operator can act on.
    public init(configuration: ServeConfiguration) throws {
        self.configuration = configuration
        // The demo's story day is today on the real clock; the test clock keeps it as written.
        let source: CatalogSource =
            configuration.catalog.map { .file($0) } ?? (configuration.testClock ? .demo : .demoMovedToToday)
        let service = try TesseraService(source: source, options: Self.serviceOptions(configuration)) { catalog in
            try Ledger(path: configuration.ledgerPath) { catalog.unitAmount(offerID: $0, ticketID: $1) }
        }

        let server: Server
        do {
            server = try Server(
                options: Self.serverOptions(configuration), handlerFactory: ProtocolHandlerFactory(service: service))
        } catch {
            service.ledger?.close()
            throw error
        }

        self.service = service
        self.server = server
        service.configuration = configuration
        service.listenAddress = ServeOption.hostPortText(configuration.host, server.boundPort)
        service.post = { [server] work in server.execute(work) }
        service.isOnLoopThread = { [server] in server.inLoopOrNotRunning }
        service.extraStats = { [server] in
            let c = server.counters
            return [
                ("connections_open", c.openConnections), ("connections_total", c.acceptedTotal),
                ("connections_rejected", c.rejectedForLimit), ("connections_idle_closed", c.closedIdle),
            ]
        }
        service.ledger?.start { [server] work in server.execute(work) }
        service.onLedgerFailure = { message in
            Log.error("ledger write failed, answering ERR unavailable until it recovers: \(message)")
        }
        service.onLedgerRecovered = { Log.info("ledger writes succeed again") }
        service.onLedgerReadFailure = { message in
            Log.error("ledger read failed, answering ERR unavailable to the request that needed it: \(message)")
        }
        service.onReload = { result in
            switch result {
            case .success(let r): Log.info("catalog reloaded: offers=\(r.offers) members=\(r.members) ms=\(r.ms)")
            case .failure(let error): Log.error("catalog refused on reload, keeping the old one: \(error)")
            }
        }
    }

    /// Serves until SIGINT/SIGTERM (with `signals`) or `shutdown()`. With `signals`, the caller
    /// must have called `Server.blockSignals()` before `init` (which starts the ledger's thread).
    public func run(signals: Bool) {
        if signals {
            server.onHangup = { [service] in service.reload { _ in } }
            server.onShutdownStarted = { Log.info("stopping: answering what was accepted") }
            server.handleSignals()
        }
        let snapshot = service.snapshot
        Log.info(
            "serving \(service.source.description) with ledger \(configuration.ledgerPath) on \(configuration.host):\(server.boundPort): "
                + "offers=\(snapshot.catalog.offerCount) members=\(snapshot.catalog.memberCount) "
                + "load_ms=\(snapshot.loadMilliseconds)\(configuration.testClock ? " test-clock" : "")")
        if service.ledger?.isReadOnly == true {
            Log.error(
                "ledger \(configuration.ledgerPath) cannot be written: answering EVAL from what it holds and "
                    + "HOLD/COMMIT/RELEASE with ERR unavailable until it can be written again")
        }
        server.run()
        service.ledger?.close()
        service.catalogWriter?.close()
        Log.info("stopped")
    }

    public func shutdown() { server.shutdown() }

    // Where the options land. Every field of `ServiceOptions` and `ServerOptions` comes from
    // an option: a test sets every option away from its default and checks each field moved.

    static func serviceOptions(_ configuration: ServeConfiguration) -> ServiceOptions {
        var options = ServiceOptions()
        options.testClock = configuration.testClock
        options.token = configuration.token
        options.adminToken = configuration.adminToken
        options.defaultHoldTTL = configuration.holdTTLSeconds
        return options
    }

    static func serverOptions(_ configuration: ServeConfiguration) -> ServerOptions {
        var options = ServerOptions()
        options.host = configuration.host
        options.port = configuration.port
        options.maxLineBytes = configuration.maxLineBytes
        options.maxConnections = configuration.maxConnections
        options.idleTimeoutSeconds = configuration.idleTimeoutSeconds
        options.maxPendingOutputBytes = configuration.maxPendingOutputBytes
        options.shutdownGraceSeconds = configuration.shutdownGraceSeconds
        options.busyPollMicroseconds = configuration.busyPollMicroseconds
        return options
    }
}
