import CSystemLinux
import Foundation
import Glibc
import Synchronization

/// Drives one server over `connections` sockets, each keeping `depth` requests
/// in flight (closed loop, like redis-benchmark's `-P`), for a warm-up and then
/// a measured window. One or more client threads, each with its own epoll
/// loop over its share of the connections, so no lock is taken per request.
///
/// Every reply is checked (`ReplyChecker`); at the end the generator stops
/// sending and waits (bounded) for every outstanding reply, so a smoke run
/// checks every request it made. Throughput counts the replies completed
/// inside the measured window; latency runs from the send of a request's batch
/// to the read that completed its reply.
final class LoadGenerator: @unchecked Sendable {
    struct Settings: Sendable {
        var port: UInt16
        var connections = 8
        var depth = 32
        var warmupSeconds = 1.0
        var seconds = 5.0
        var threads = 1
        /// Replies are RESP (Redis) rather than Tessera lines.
        var resp = false
        /// How long the end of a run waits for outstanding replies.
        var drainSeconds = 10.0
        /// Busy-poll (epoll_wait with no timeout) instead of sleeping between replies: the
        /// client's thread never idles, so a latency figure does not include waking this
        /// virtual machine's idle vCPU on the client side (tens of µs, sometimes ms, here).
        var spin = false
    }

    struct Result: Sendable {
        var tally = ReplyTally()
        /// Replies completed inside the measured window.
        var measuredReplies: UInt64 = 0
        var measuredSeconds = 0.0
        var latency = Histogram()
        /// Latencies of replies completed while `window` was set (a RELOAD under way).
        var windowLatency = Histogram()
        var windowTally = ReplyTally()
        /// When (monotonic ns) the slowest reply of the run completed: tells a stall's cause apart.
        var slowestAt: UInt64 = 0
        var slowest: UInt64 = 0
        /// CPU time the hypervisor took from this machine during the run, in percent.
        var stealPercent = 0.0
        /// Requests still unanswered after the drain (counted as malformed too).
        var unanswered: UInt64 = 0

        var requestsPerSecond: Double { measuredSeconds > 0 ? Double(measuredReplies) / measuredSeconds : 0 }

        /// True when every request got a well-formed reply of the expected kind.
        var clean: Bool { tally.errors == 0 && tally.malformed == 0 && unanswered == 0 && tally.replies > 0 }

        mutating func merge(_ other: Result) {
            tally.merge(other.tally)
            measuredReplies += other.measuredReplies
            measuredSeconds = max(measuredSeconds, other.measuredSeconds)
            latency.merge(other.latency)
            windowLatency.merge(other.windowLatency)
            windowTally.merge(other.windowTally)
            if other.slowest > slowest {
                slowest = other.slowest
                slowestAt = other.slowestAt
            }
            unanswered += other.unanswered
        }
    }

    let settings: Settings
    /// Set by another thread to mark a phase (a RELOAD in progress): replies
    /// completed while it is set are also counted in `windowLatency`.
    let window = Atomic<Bool>(false)

    init(_ settings: Settings) { self.settings = settings }

    /// Connects, runs, drains and returns the merged result. `makeStream` gives
    /// connection `i` its requests.
    func run(makeStream: (Int) -> RequestStream) throws -> Result {
        var connections: [ClientConnection] = []
        defer { for c in connections { c.close() } }
        for i in 0..<settings.connections {
            let fd = try ClientSocket.connect(port: settings.port)
            ClientSocket.setNonBlocking(fd)
            connections.append(ClientConnection(fd: fd, stream: makeStream(i), depth: settings.depth, resp: settings.resp))
        }
        let threads = max(1, min(settings.threads, connections.count))
        let start = monotonicNanos()
        let measureFrom = start + UInt64(settings.warmupSeconds * 1e9)
        let end = measureFrom + UInt64(settings.seconds * 1e9)
        let results = Mutex<[Result]>([])
        let group = DispatchGroup()
        for t in 0..<threads {
            let mine = connections.enumerated().filter { $0.offset % threads == t }.map(\.element)
            let worker = ClientLoop(connections: mine, generator: self, measureFrom: measureFrom, end: end)
            group.enter()
            let thread = Thread {
                let result = worker.run()
                results.withLock { $0.append(result) }
                group.leave()
            }
            thread.name = "bench-client-\(t)"
            thread.start()
        }
        group.wait()
        var merged = Result()
        for r in results.withLock({ $0 }) { merged.merge(r) }
        merged.measuredSeconds = Double(end - measureFrom) / 1e9
        return merged
    }
}

/// One client thread: an epoll loop over its connections.
private final class ClientLoop: @unchecked Sendable {
    let connections: [ClientConnection]
    let generator: LoadGenerator
    let measureFrom: UInt64
    let end: UInt64

    init(connections: [ClientConnection], generator: LoadGenerator, measureFrom: UInt64, end: UInt64) {
        self.connections = connections
        self.generator = generator
        self.measureFrom = measureFrom
        self.end = end
    }

    func run() -> LoadGenerator.Result {
        var result = LoadGenerator.Result()
        let epollFD = epoll_create1(Int32(EPOLL_CLOEXEC))
        defer { Glibc.close(epollFD) }
        for (i, c) in connections.enumerated() {
            var event = epoll_event()
            tessera_epoll_event_set(&event, UInt32(EPOLLIN.rawValue), UInt64(i))
            epoll_ctl(epollFD, EPOLL_CTL_ADD, c.fd, &event)
        }
        let capacity = 256
        let events = UnsafeMutablePointer<epoll_event>.allocate(capacity: capacity)
        defer { events.deallocate() }

        for c in connections { c.refill(sending: true, at: monotonicNanos()) }
        var draining = false
        var drainDeadline: UInt64 = 0
        while true {
            let now = monotonicNanos()
            if !draining && now >= end {
                draining = true
                drainDeadline = now + UInt64(generator.settings.drainSeconds * 1e9)
            }
            if draining && (connections.allSatisfy { $0.outstanding == 0 || $0.closed } || now >= drainDeadline) { break }
            let limit = draining ? drainDeadline : end
            let timeout = generator.settings.spin ? 0 : Int32(min(100, max(1, (limit &- now) / 1_000_000)))
            let n = epoll_wait(epollFD, events, Int32(capacity), timeout)
            if n < 0 { continue }  // EINTR
            let t = monotonicNanos()
            let measuring = t >= measureFrom && t < end
            let inWindow = generator.window.load(ordering: .relaxed)
            for k in 0..<Int(n) {
                let c = connections[Int(tessera_epoll_event_token(events + k))]
                let flags = tessera_epoll_event_events(events + k)
                if flags & UInt32(EPOLLOUT.rawValue) != 0 { c.flush() }
                if flags & UInt32(EPOLLIN.rawValue | EPOLLHUP.rawValue | EPOLLERR.rawValue) != 0 {
                    c.readReplies(at: t, measuring: measuring, inWindow: inWindow, into: &result)
                }
                c.refill(sending: !draining && t < end, at: t)
                c.updateInterest(epollFD, token: UInt64(Int(tessera_epoll_event_token(events + k))))
            }
        }
        for c in connections {
            result.tally.merge(c.tally)
            if c.outstanding > 0 {
                result.unanswered += UInt64(c.outstanding)
                result.tally.note("\(c.outstanding) requests unanswered at the end of the run")
            }
        }
        return result
    }
}

/// One socket's state: its request stream, the FIFO of requests in flight
/// (replies come back in request order, SPEC §4), its input buffer and checker.
final class ClientConnection {
    let fd: Int32
    var stream: RequestStream
    let depth: Int
    let resp: Bool
    private(set) var closed = false

    // In-flight FIFO ring: expectation and send time of each outstanding request.
    private var kinds: [Expectation]
    private var sentAt: [UInt64]
    private var head = 0
    private(set) var outstanding = 0

    private var input: UnsafeMutableRawPointer
    private var inputCapacity = 256 * 1024
    private var inputStart = 0
    private var inputEnd = 0
    private var output: [UInt8] = []
    private var outputSent = 0
    private var wantsWrite = false
    private var registeredWrite = false
    private var checker = ReplyChecker()
    var tally = ReplyTally()

    init(fd: Int32, stream: RequestStream, depth: Int, resp: Bool) {
        self.fd = fd
        self.stream = stream
        self.depth = max(1, depth)
        self.resp = resp
        kinds = [Expectation](repeating: .ok, count: self.depth)
        sentAt = [UInt64](repeating: 0, count: self.depth)
        input = .allocate(byteCount: inputCapacity, alignment: 16)
        output.reserveCapacity(4096)
    }

    deinit { input.deallocate() }

    func close() {
        guard !closed else { return }
        closed = true
        Glibc.close(fd)
    }

    /// Tops the connection up to `depth` requests in flight and sends them in one write.
    func refill(sending: Bool, at now: UInt64) {
        guard !closed else { return }
        if sending {
            while outstanding < depth {
                let kind = stream.next(into: &output)
                let slot = (head + outstanding) % depth
                kinds[slot] = kind
                sentAt[slot] = now
                outstanding += 1
            }
        }
        flush()
    }

    func flush() {
        guard !closed, outputSent < output.count else { wantsWrite = false; return }
        let n = output.withUnsafeBytes { send(fd, $0.baseAddress! + outputSent, $0.count - outputSent, Int32(MSG_NOSIGNAL)) }
        if n > 0 { outputSent += n }
        if outputSent == output.count {
            output.removeAll(keepingCapacity: true)
            outputSent = 0
            wantsWrite = false
        } else if n < 0 && errno != EAGAIN && errno != EINTR {
            fail("send failed: errno \(errno)")
        } else {
            wantsWrite = true
        }
    }

    func updateInterest(_ epollFD: Int32, token: UInt64) {
        guard !closed, wantsWrite != registeredWrite else { return }
        var event = epoll_event()
        let flags = UInt32(EPOLLIN.rawValue) | (wantsWrite ? UInt32(EPOLLOUT.rawValue) : 0)
        tessera_epoll_event_set(&event, flags, token)
        epoll_ctl(epollFD, EPOLL_CTL_MOD, fd, &event)
        registeredWrite = wantsWrite
    }

    /// Reads what is there and checks every complete reply.
    func readReplies(at now: UInt64, measuring: Bool, inWindow: Bool, into result: inout LoadGenerator.Result) {
        guard !closed else { return }
        if inputEnd == inputCapacity {
            if inputStart > 0 {
                memmove(input, input + inputStart, inputEnd - inputStart)
                inputEnd -= inputStart
                inputStart = 0
            } else {
                // One reply larger than the buffer: grow it.
                let bigger = UnsafeMutableRawPointer.allocate(byteCount: inputCapacity * 2, alignment: 16)
                bigger.copyMemory(from: input, byteCount: inputEnd)
                input.deallocate()
                input = bigger
                inputCapacity *= 2
            }
        }
        let n = recv(fd, input + inputEnd, inputCapacity - inputEnd, 0)
        if n == 0 {
            if outstanding > 0 { fail("server closed the connection with \(outstanding) requests outstanding") }
            close()
            return
        }
        if n < 0 {
            if errno != EAGAIN && errno != EINTR { fail("recv failed: errno \(errno)") }
            return
        }
        tally.bytes += UInt64(n)
        inputEnd += n
        var i = inputStart
        while i < inputEnd {
            guard outstanding > 0 else {
                tally.malformed += 1
                tally.note("bytes with no request outstanding: '\(String(decoding: UnsafeRawBufferPointer(start: input + i, count: min(80, inputEnd - i)), as: UTF8.self))'")
                i = inputEnd
                break
            }
            let expected = kinds[head]
            let verdict: ReplyChecker.Verdict?
            if resp {
                let step = checker.resp(UnsafeRawPointer(input), from: i, to: inputEnd, expecting: expected)
                if step.next == i && step.verdict == nil { break }
                i = step.next
                verdict = step.verdict
            } else {
                guard let newline = memchr(input + i, 0x0A, inputEnd - i) else { break }
                let lineEnd = UnsafeRawPointer(newline) - UnsafeRawPointer(input)
                verdict = checker.tesseraLine(UnsafeRawBufferPointer(start: input + i, count: lineEnd - i), expecting: expected)
                if verdict == nil { tally.dataLines += 1 }
                i = lineEnd + 1
            }
            guard let verdict else { continue }
            switch verdict {
            case .ok: tally.ok += 1
            case .error: tally.errors += 1
            case .malformed: tally.malformed += 1
            }
            if verdict != .ok, let problem = checker.lastProblem { tally.note(problem) }
            let latency = now &- sentAt[head]
            if latency > result.slowest {
                result.slowest = latency
                result.slowestAt = now
            }
            if measuring {
                result.measuredReplies += 1
                result.latency.record(latency)
            }
            if inWindow {
                result.windowLatency.record(latency)
                switch verdict {
                case .ok: result.windowTally.ok += 1
                case .error: result.windowTally.errors += 1
                case .malformed: result.windowTally.malformed += 1
                }
            }
            head = (head + 1) % depth
            outstanding -= 1
        }
        inputStart = i
        if inputStart == inputEnd {
            inputStart = 0
            inputEnd = 0
        }
    }

    private func fail(_ problem: String) {
        tally.malformed += 1
        tally.note(problem)
        close()
    }
}
