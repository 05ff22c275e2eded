import CSystemLinux
import Glibc

/// The TCP server: one listener, one epoll loop on the thread that calls `run()`, and the
/// connections it accepted. Measured on the target machine, one loop beats a thread per
/// connection and Dispatch, so there is exactly one loop thread and no per-connection thread.
///
/// Thread confinement: all state except the thread-safe entry points (`shutdown`, `execute`,
/// `handleSignals`) is touched only on the loop thread — hence `@unchecked Sendable`. Checked in
/// debug builds: the loop-thread methods start with `loop.assertInLoop()`.
/// Set `onHangup` / `onShutdownStarted` before calling `run()`.
public final class Server: @unchecked Sendable {
    static let listenerToken = UInt64.max - 1
    static let timerToken = UInt64.max - 2
    static let signalToken = UInt64.max - 3
    /// Bytes one recv may take from one connection per turn (shared by all connections).
    static let readBufferSize = 64 * 1024

    let options: ServerOptions
    let loop: EventLoop
    private let handlerFactory: any LineHandlerFactory
    private var listener: Listener?
    private let timer: TickTimer
    private var signals: SignalWatcher?
    /// The loop's one read buffer: a read that leaves nothing over never copies (see `InputBuffer`).
    /// Freed with the server.
    let readBuffer = OwnedBuffer<UInt8>(capacity: Server.readBufferSize)

    /// The port actually bound (useful with port 0).
    public let boundPort: UInt16
    /// Loop-thread counters for STATS: open connections, accepted total, rejected for the limit, closed idle, and more.
    /// Unchecked exclusivity like `Connection`'s hot state: connections count into it on every read.
    @exclusivity(unchecked) public internal(set) var counters = ServerCounters()

    /// Called on the loop thread for SIGHUP (after `handleSignals()`): reload the catalog here.
    public var onHangup: (() -> Void)?
    /// Called on the loop thread once, when a shutdown starts (by SIGINT/SIGTERM or `shutdown()`).
    public var onShutdownStarted: (() -> Void)?

    /// Seconds since start, counted by the timer's ticks.
    private(set) var now = 0
    private var connections: [UInt64: Connection] = [:]
    /// Connections still in `.open` state; shutdown is complete when none remain.
    private var serving = 0
    private var nextConnectionID: UInt64 = 1
    @exclusivity(unchecked) private var flushList: [Connection] = []
    @exclusivity(unchecked) private var spareFlushList: [Connection] = []
    private var acceptPaused = false

    private enum Phase {
        case running
        case draining(since: Int)
        case stopped
    }
    private var phase = Phase.running
    private var hasRun = false
    private var tornDown = false

    /// Binds and listens at once, so a bad host or a busy port fails here, before `run()`.
    public init(options: ServerOptions, handlerFactory: any LineHandlerFactory) throws {
        // MSG_NOSIGNAL covers our sends; ignoring SIGPIPE also covers any other write in the process.
        signal(SIGPIPE, SIG_IGN)
        self.options = options
        self.handlerFactory = handlerFactory
        do {
            loop = try EventLoop()
        } catch {
            throw ServerError.system(error)
        }
        let listener: Listener
        do {
            listener = try Listener(host: options.host, port: options.port)
        } catch {
            loop.close()
            throw error
        }
        do {
            timer = try TickTimer()
        } catch {
            listener.close()
            loop.close()
            throw ServerError.system(error)
        }
        self.listener = listener
        boundPort = listener.port
        loop.busyPollNanoseconds = max(0, options.busyPollMicroseconds) * 1000
        do {
            try loop.register(fd: listener.fd, token: Self.listenerToken, events: UInt32(EPOLLIN.rawValue),
                              source: Callback { [unowned self] _ in self.acceptConnections() })
            try loop.register(fd: timer.fd, token: Self.timerToken, events: UInt32(EPOLLIN.rawValue),
                              source: Callback { [unowned self] _ in self.timerFired() })
        } catch {
            throw ServerError.system(error)
        }
    }

    deinit {
        teardown()
    }

    // MARK: Thread-safe entry points

    /// Runs the loop on the calling thread until shutdown completes. Call once.
    public func run() {
        precondition(!hasRun, "Server.run() called twice")
        hasRun = true
        // The loop calls this only inside `loop.run()` below, while `self` is alive.
        loop.beforeSleep = { [unowned(unsafe) self] in self.beforeSleep() }
        loop.run()
        teardown()
    }

    /// Whether the calling thread runs this server's loop (false before `run()` and after it returns).
    public var inLoop: Bool { loop.inLoop }

    /// Whether the calling thread may touch loop-confined state: it runs the loop, or no thread
    /// does (before `run()`, after it returns). Layers above keep it to assert their own
    /// confinement (`assert(server.inLoopOrNotRunning)`, evaluated in debug builds only).
    public var inLoopOrNotRunning: Bool { loop.inLoopOrNotRunning }

    /// Stops a debug build when called off the loop thread while the loop runs (swift-nio's
    /// `assertInEventLoop`); release builds do not evaluate it.
    @inline(__always)
    public func assertInLoop(file: StaticString = #fileID, line: UInt = #line) {
        loop.assertInLoop(file: file, line: line)
    }

    /// Busy-poll time after a turn with work (`ServerOptions.busyPollMicroseconds`); set before `run()`.
    public var busyPollMicroseconds: Int {
        get { loop.busyPollNanoseconds / 1000 }
        set {
            precondition(!hasRun, "set busyPollMicroseconds before run()")
            loop.busyPollNanoseconds = max(0, newValue) * 1000
        }
    }

    /// Thread-safe: stop accepting, answer every complete line already received, wait for deferred
    /// replies (up to the grace), flush, close, then run() returns. Calling it again does nothing.
    public func shutdown() {
        loop.execute { [self] in self.beginShutdown() }
    }

    /// Thread-safe: run work on the loop thread soon (in submission order).
    public func execute(_ work: @escaping @Sendable () -> Void) {
        loop.execute(work)
    }

    /// The signals `handleSignals()` answers.
    static let handledSignals = [SIGINT, SIGTERM, SIGHUP]

    /// Blocks SIGINT, SIGTERM and SIGHUP in the calling thread and in every thread started after
    /// it. Call it first thing in `main`, before anything can start a thread.
    ///
    /// Why first: the kernel gives a signal sent to the process (`kill`, systemd, Ctrl-C) to any
    /// one thread that does not block it, and if that thread takes the default action the whole
    /// process dies: no drain, no ledger flush, exit 143/130/129, and SIGHUP never reloads. The
    /// signalfd sees a signal only while every thread blocks it, and a thread inherits its mask
    /// from the thread that starts it, so only a mask set before the first thread starts covers
    /// them all (the ledger writer, Dispatch's workers, whatever a library starts). A signal
    /// that comes while the catalog loads then stays pending until the loop reads the signalfd.
    /// A process whose parent already blocked them (a test runner, say) works without this,
    /// which is why the tests start the server with an empty mask, as a shell or systemd does.
    public static func blockSignals() {
        do {
            try SignalWatcher.block(handledSignals)
        } catch {
            reportError("cannot block signals: \(error)")
        }
    }

    /// SIGINT/SIGTERM start a shutdown (a second one ends the grace at once); SIGHUP calls `onHangup`.
    /// The signals reach the loop only if every thread blocks them: call `Server.blockSignals()`
    /// first in `main` (this blocks them again for the calling thread, which is harmless).
    public func handleSignals() {
        do {
            let watcher = try SignalWatcher(signals: Self.handledSignals)
            loop.execute { [self] in self.installSignals(watcher) }
        } catch {
            Self.reportError("cannot watch signals: \(error)")
        }
    }

    // MARK: Loop thread

    private func installSignals(_ watcher: SignalWatcher) {
        loop.assertInLoop()
        guard case .running = phase, signals == nil else {
            watcher.close()
            return
        }
        do {
            try loop.register(fd: watcher.fd, token: Self.signalToken, events: UInt32(EPOLLIN.rawValue),
                              source: Callback { [unowned self] _ in self.signalsArrived() })
            signals = watcher
        } catch {
            watcher.close()
            Self.reportError("cannot watch signals: \(error)")
        }
    }

    private func signalsArrived() {
        loop.assertInLoop()
        guard let signals else { return }
        for signal in signals.readSignals() {
            switch signal {
            case SIGHUP:
                onHangup?()
            case SIGINT, SIGTERM:
                if case .running = phase {
                    beginShutdown()
                } else {
                    finishShutdown()
                }
            default:
                break
            }
        }
    }

    /// Accepts what is waiting (a bounded batch, so a connection storm cannot starve the others).
    private func acceptConnections() {
        loop.assertInLoop()
        guard case .running = phase, let listener else { return }
        for _ in 0..<64 {
            let accepted: (fd: Int32, peer: SocketAddress)?
            do {
                accepted = try listener.accept()
            } catch {
                switch error.errno {
                case EMFILE, ENFILE, ENOBUFS, ENOMEM:
                    // The connection stays pending, so a level-triggered listener would fire again at
                    // once: stop listening until the next tick instead of spinning.
                    pauseAccepting()
                    return
                default:
                    // ECONNABORTED and friends: that client gave up; the next one may be fine.
                    continue
                }
            }
            guard let accepted else { return }
            // Lingering connections (replies written, waiting a moment for the peer's FIN) do not count.
            if serving >= options.maxConnections {
                reject(accepted.fd)
            } else {
                admit(accepted.fd, peer: accepted.peer)
            }
        }
    }

    private func admit(_ fd: Int32, peer: SocketAddress) {
        loop.assertInLoop()
        // Replies are small and already batched per turn; Nagle would only delay them.
        try? Socket.setOption(fd, level: Int32(IPPROTO_TCP), name: TCP_NODELAY, value: 1)
        let connection = Connection(id: nextConnectionID, fd: fd, peer: peer, server: self)
        nextConnectionID += 1
        do {
            try loop.register(fd: fd, token: connection.id, events: UInt32(EPOLLIN.rawValue), source: connection)
        } catch {
            Syscall.close(fd)
            return
        }
        connections[connection.id] = connection
        serving += 1
        counters.acceptedTotal += 1
        counters.openConnections = serving
        connection.handler = handlerFactory.makeHandler(for: connection)
    }

    /// Over the limit: say so once (the socket is fresh, so a short reply fits), then close.
    private func reject(_ fd: Int32) {
        loop.assertInLoop()
        counters.rejectedForLimit += 1
        let reply = handlerFactory.overloadReply()
        reply.withUnsafeBytes { bytes in
            if let base = bytes.baseAddress { _ = try? Socket.send(fd, base, count: bytes.count) }
        }
        Socket.shutdownWrite(fd)
        // Drop what the client already sent, so the close below is a FIN, not a reset.
        _ = try? Socket.receive(fd, into: readBuffer.rawBase, count: readBuffer.count)
        Syscall.close(fd)
    }

    private func pauseAccepting() {
        guard let listener, !acceptPaused else { return }
        acceptPaused = (try? loop.modify(fd: listener.fd, token: Self.listenerToken, events: 0)) != nil
    }

    private func resumeAccepting() {
        guard let listener, acceptPaused else { return }
        acceptPaused = (try? loop.modify(fd: listener.fd, token: Self.listenerToken, events: UInt32(EPOLLIN.rawValue))) == nil
    }

    private func timerFired() {
        loop.assertInLoop()
        let ticks = timer.readTicks()
        guard ticks > 0 else { return }
        now += ticks
        resumeAccepting()
        let idleTimeout = options.idleTimeoutSeconds
        for connection in Array(connections.values) {
            connection.tick(now: now, idleTimeout: idleTimeout)
        }
        if case .draining(let since) = phase, now - since >= options.shutdownGraceSeconds {
            finishShutdown()
        }
    }

    /// Writes every connection that has new output: one send each, all replies of the turn together.
    private func beforeSleep() {
        loop.assertInLoop()
        while !flushList.isEmpty {
            swap(&flushList, &spareFlushList)
            for connection in spareFlushList { connection.flush() }
            spareFlushList.removeAll(keepingCapacity: true)
        }
        if case .draining = phase, serving == 0 {
            finishShutdown()
        }
    }

    private func beginShutdown() {
        loop.assertInLoop()
        guard case .running = phase else { return }
        phase = .draining(since: now)
        if let listener {
            loop.deregister(fd: listener.fd, token: Self.listenerToken)
            listener.close()
            self.listener = nil
        }
        onShutdownStarted?()
        for connection in Array(connections.values) {
            connection.beginServerShutdown()
        }
    }

    /// Closes whatever is left (lingering peers, or everything when the grace ran out) and stops the loop.
    private func finishShutdown() {
        loop.assertInLoop()
        if case .stopped = phase { return }
        phase = .stopped
        for connection in Array(connections.values) {
            connection.finalClose()
        }
        loop.stop()
    }

    private func teardown() {
        loop.assertInLoop()
        guard !tornDown else { return }
        tornDown = true
        for connection in Array(connections.values) {
            connection.finalClose()
        }
        listener?.close()
        listener = nil
        signals?.close()
        signals = nil
        timer.close()
        loop.close()
    }

    /// Standard error, written directly: the loop has no logger and must not depend on one.
    private static func reportError(_ message: String) {
        let line = Array("tessera: \(message)\n".utf8)
        line.withUnsafeBytes { bytes in
            _ = try? Syscall.call("write") { Glibc.write(2, bytes.baseAddress, bytes.count) }
        }
    }

    // MARK: Connection bookkeeping (loop thread)

    func queueFlush(_ connection: Connection) {
        loop.assertInLoop()
        flushList.append(connection)
    }

    func connectionStoppedServing(_ connection: Connection) {
        loop.assertInLoop()
        serving -= 1
        counters.openConnections = serving
    }

    func connectionClosed(_ connection: Connection) {
        loop.assertInLoop()
        connections[connection.id] = nil
    }
}

/// Adapts a closure to `EventSource` for the server's own descriptors.
private final class Callback: EventSource {
    let body: (UInt32) -> Void
    init(_ body: @escaping (UInt32) -> Void) { self.body = body }
    func handleEvents(_ events: UInt32) { body(events) }
}

extension Connection: EventSource {}
