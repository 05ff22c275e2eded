import CSystemLinux
import Glibc

/// One accepted TCP connection: frames its input into lines for its handler, and keeps its
/// replies in request order until the socket takes them.
///
/// Loop-confined: every method runs on the server's loop thread (handlers are called there, and
/// `DeferredReply` hops there through `execute`). That confinement is why the class may be
/// `@unchecked Sendable`: it is only ever captured to be handed back to the loop. Debug builds
/// check it: the entry points and state transitions start with `loop.assertInLoop()`.
///
/// The state touched for every request is `@exclusivity(unchecked)`: one thread, and no method
/// modifies a property while an access to it is open (no `inout` or closure over a property calls
/// back into the connection), so the runtime's dynamic exclusivity checks (14 % of the server's
/// CPU on pipelined PING) could never fire here. The other properties keep them.
public final class Connection: @unchecked Sendable {
    enum State {
        /// Reading lines and writing replies.
        case open
        /// All replies written and our FIN sent; we read and discard until the peer's FIN
        /// (or a short linger), so unread input cannot turn our close into a reset that
        /// destroys the last replies in the peer's receive buffer.
        case lingering
        case closed
    }

    public let id: UInt64
    let fd: Int32
    private let peer: SocketAddress
    private var cachedPeerDescription: String?
    /// `unowned(unsafe)`: no reference count traffic and no liveness check on every use. Safe
    /// because the server owns its connections: it reaches them only from its loop, and closes
    /// every one (`finalClose`) in `teardown` before it can go away; every path that touches
    /// `server` runs on that loop or only while the connection is not closed.
    unowned(unsafe) let server: Server
    /// The loop, held strongly for `deferReply`, which may outlive the server's run.
    let loop: EventLoop
    @exclusivity(unchecked) var handler: (any LineHandler)?

    @exclusivity(unchecked) var state = State.open
    private var notifiedHandler = false
    /// Events currently registered with epoll, to skip redundant epoll_ctl calls.
    var registeredEvents = UInt32(EPOLLIN.rawValue)
    /// Server tick of the last byte received or sent (idle timeout) or of entering `lingering`.
    @exclusivity(unchecked) var lastActivity: Int

    // Input side.
    @exclusivity(unchecked) var input = InputBuffer()
    let maxLineBytes: Int
    /// Inside an oversized line already reported: drop bytes up to the next "\n".
    @exclusivity(unchecked) var discardingOversized = false
    /// No more input will be read: the peer's EOF, or the server is shutting down.
    @exclusivity(unchecked) var inputEnded = false
    /// The peer sent EOF (so at close there is nothing unread to cause a reset).
    var peerClosedInput = false
    /// Incomplete deferred replies made with `pauseInput: true`.
    @exclusivity(unchecked) var pausingReplies = 0
    /// Unsent replies passed `maxPendingOutputBytes`; cleared below half of it.
    @exclusivity(unchecked) var backpressured = false
    /// `closeAfterFlush()` was called: no more lines, no more replies, close when written.
    @exclusivity(unchecked) var closeRequested = false

    // Output side.
    /// Bytes ready to go, in order; `outputSent` of them already went.
    @exclusivity(unchecked) var output: [UInt8] = []
    @exclusivity(unchecked) var outputSent = 0
    /// Deferred replies not yet written: `held[0]` is always incomplete.
    @exclusivity(unchecked) var held: [ReplySlot] = []
    /// Bytes waiting in `held` (completed replies and trailing replies).
    @exclusivity(unchecked) var heldBytes = 0
    let maxPendingOutputBytes: Int
    /// A send would block: EPOLLOUT is registered until the output drains.
    @exclusivity(unchecked) var writeInterest = false
    /// In the server's list of connections to flush before the loop sleeps.
    @exclusivity(unchecked) var flushQueued = false
    /// The server's `peakPendingOutputBytes` as this connection last saw it (never above it):
    /// a reply that leaves less pending than this cannot raise the peak, so it skips the server.
    @exclusivity(unchecked) var knownPeakPendingOutput = 0

    init(id: UInt64, fd: Int32, peer: SocketAddress, server: Server) {
        self.id = id
        self.fd = fd
        self.peer = peer
        self.server = server
        self.loop = server.loop
        self.maxLineBytes = server.options.maxLineBytes
        self.maxPendingOutputBytes = max(1, server.options.maxPendingOutputBytes)
        self.lastActivity = server.now
        self.knownPeakPendingOutput = server.counters.peakPendingOutputBytes
    }

    /// "127.0.0.1:54321", for logs.
    public var peerDescription: String {
        if let cachedPeerDescription { return cachedPeerDescription }
        let text = peer.description
        cachedPeerDescription = text
        return text
    }

    /// Unsent reply bytes, held ones included: what backpressure limits.
    var pendingOutputBytes: Int { output.count - outputSent + heldBytes }

    /// Lines may go to the handler now.
    var canTakeLines: Bool {
        state == .open && !closeRequested && pausingReplies == 0 && !backpressured
    }

    /// Read interest: only when the lines read could be taken, so a paused or backpressured
    /// connection leaves its bytes in the kernel (TCP flow control slows the client) instead
    /// of in our memory.
    var wantsRead: Bool { canTakeLines && !inputEnded }

    // MARK: Public API (loop thread)

    /// The most output buffer a connection keeps once everything is sent: a turn's replies
    /// up to this size reuse it.
    static let keptOutputCapacity = 256 * 1024

    /// Queues reply bytes behind everything sent or deferred before. Written at the end of the
    /// loop turn, together with every other reply of this turn, in one send.
    public func send(_ bytes: UnsafeRawBufferPointer) {
        loop.assertInLoop()
        guard state == .open, !closeRequested, bytes.count > 0 else { return }
        let typed = bytes.assumingMemoryBound(to: UInt8.self)
        if let last = held.last {
            last.trailing.append(contentsOf: typed)
            heldBytes += bytes.count
        } else {
            output.append(contentsOf: typed)
            if !flushQueued, !writeInterest { queueFlush() }
        }
        notePendingOutput()
    }

    public func send(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { send($0) }
    }

    /// Reserve this reply's place: later replies on this connection queue behind it until it completes.
    /// With pauseInput, no further lines of this connection are handed to the handler until it completes (used by RELOAD).
    public func deferReply(pauseInput: Bool) -> DeferredReply {
        loop.assertInLoop()
        let slot = ReplySlot(pausesInput: pauseInput)
        if state == .open, !closeRequested {
            slot.isQueued = true
            held.append(slot)
            if pauseInput { pausingReplies += 1 }
        }
        return DeferredReply(loop: loop, connection: self, slot: slot)
    }

    /// Close once everything queued before now has been written (QUIT). Lines after it are ignored.
    public func closeAfterFlush() {
        loop.assertInLoop()
        guard state == .open, !closeRequested else { return }
        closeRequested = true
        queueFlush()
        updateInterest()
    }

    // MARK: Events

    func handleEvents(_ events: UInt32) {
        loop.assertInLoop()
        switch state {
        case .open:
            if events & UInt32(EPOLLERR.rawValue) != 0 {
                abort()
                return
            }
            let readable = events & UInt32(EPOLLIN.rawValue | EPOLLHUP.rawValue) != 0
            if readable, wantsRead {
                readAndHandle()
            } else if events & UInt32(EPOLLHUP.rawValue) != 0 {
                // Hang-up while we no longer read: both directions are gone, nothing can be written.
                abort()
                return
            }
            if state == .open, events & UInt32(EPOLLOUT.rawValue) != 0 {
                flush()
            }
        case .lingering:
            discardUntilEOF()
        case .closed:
            break
        }
    }

    // MARK: Life cycle

    /// Brings epoll in line with what the connection wants now.
    func updateInterest() {
        loop.assertInLoop()
        let wanted: UInt32
        switch state {
        case .open:
            wanted = (wantsRead ? UInt32(EPOLLIN.rawValue) : 0) | (writeInterest ? UInt32(EPOLLOUT.rawValue) : 0)
        case .lingering:
            wanted = UInt32(EPOLLIN.rawValue)
        case .closed:
            return
        }
        guard wanted != registeredEvents else { return }
        do {
            try loop.modify(fd: fd, token: id, events: wanted)
            registeredEvents = wanted
        } catch {
            abort()
        }
    }

    /// Everything is written: stop serving, send our FIN, and linger briefly for the peer's.
    func closeGracefully() {
        loop.assertInLoop()
        guard state == .open else { return }
        if peerClosedInput {
            finalClose()
            return
        }
        state = .lingering
        input.release()
        releaseOutput()
        notifyHandler()
        server.connectionStoppedServing(self)
        Socket.shutdownWrite(fd)
        lastActivity = server.now
        updateInterest()
    }

    /// Close at once, unsent replies dropped: errors, idle timeout, end of the shutdown grace.
    func abort() {
        finalClose()
    }

    func finalClose() {
        loop.assertInLoop()
        guard state != .closed else { return }
        let wasServing = state == .open
        state = .closed
        loop.deregister(fd: fd, token: id)
        Syscall.close(fd)
        input.release()
        releaseOutput()
        notifyHandler()
        if wasServing { server.connectionStoppedServing(self) }
        server.connectionClosed(self)
        // Breaks the connection <-> handler cycle a handler holding its connection would make.
        handler = nil
    }

    private func notifyHandler() {
        guard !notifiedHandler else { return }
        notifiedHandler = true
        handler?.connectionClosed(connection: self)
    }

    private func releaseOutput() {
        output = []
        outputSent = 0
        held = []
        heldBytes = 0
        pausingReplies = 0
    }

    /// Once a second from the server's timer.
    func tick(now: Int, idleTimeout: Int) {
        loop.assertInLoop()
        switch state {
        case .open:
            // A connection waiting for its own deferred reply is not idle: the server is.
            guard idleTimeout > 0, held.isEmpty, now - lastActivity >= idleTimeout else { return }
            server.counters.closedIdle += 1
            abort()
        case .lingering:
            if now - lastActivity >= 2 { finalClose() }
        case .closed:
            break
        }
    }

    /// The server stops: take in what the kernel already holds (even while paused), answer its
    /// complete lines as pauses allow, then close once the replies are written. A partial line is dropped.
    func beginServerShutdown() {
        loop.assertInLoop()
        guard state == .open else { return }
        if !inputEnded, !closeRequested {
            var taken = 0
            while state == .open, !inputEnded, taken < 1 << 20 {
                let tail = input.reserveTail(minimum: InputBuffer.readChunk)
                guard let count = receive(into: tail, capacity: input.freeCapacity) else { break }
                input.didWrite(count)
                taken += count
            }
        }
        inputEnded = true
        afterInput()
    }
}
