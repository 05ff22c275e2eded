import Foundation
import Glibc
import Synchronization
@testable import TesseraServer
@testable import TesseraNetwork

/// Deferred replies the test completes by name, and the lines the handler saw, shared between
/// the loop thread and the test thread.
final class NetRecorder: Sendable {
    private struct State {
        var deferred: [String: DeferredReply] = [:]
        var lines: [String] = []
        var closed = 0
    }
    private let state = Mutex(State())

    func add(_ name: String, _ reply: DeferredReply) { state.withLock { $0.deferred[name] = reply } }
    func saw(_ line: String) { state.withLock { $0.lines.append(line) } }
    func closedOne() { state.withLock { $0.closed += 1 } }
    var lines: [String] { state.withLock { $0.lines } }
    var closedCount: Int { state.withLock { $0.closed } }
    var deferredCount: Int { state.withLock { $0.deferred.count } }

    func complete(_ name: String, _ text: String) {
        let reply = state.withLock { $0.deferred.removeValue(forKey: name) }
        reply?.complete(Array(text.utf8))
    }
}

/// Echo-style protocol for the tests: "[line]" back, plus a few verbs that exercise the layer.
///   HOLD n / PAUSE n  – a deferred reply (PAUSE also pauses input) the test completes as "n"
///   BIG i n           – a reply of n bytes starting with "i:"
///   WHO               – the connection's id and peer
///   QUIT              – "BYE", then closeAfterFlush
final class NetEchoHandler: LineHandler {
    let recorder: NetRecorder
    init(recorder: NetRecorder) { self.recorder = recorder }

    func handleLine(_ line: UnsafeRawBufferPointer, connection: Connection) {
        let text = String(decoding: line, as: UTF8.self)
        recorder.saw(text)
        let words = text.split(separator: " ").map(String.init)
        switch words.first {
        case "HOLD" where words.count == 2:
            recorder.add(words[1], connection.deferReply(pauseInput: false))
        case "PAUSE" where words.count == 2:
            recorder.add(words[1], connection.deferReply(pauseInput: true))
        case "BIG" where words.count == 3:
            var reply = Array("\(words[1]):".utf8)
            let size = Int(words[2])!
            reply += [UInt8](repeating: UInt8(ascii: "x"), count: max(0, size - reply.count - 1))
            reply.append(UInt8(ascii: "\n"))
            connection.send(reply)
        case "WHO":
            connection.send(Array("\(connection.id) \(connection.peerDescription)\n".utf8))
        case "QUIT":
            connection.send(Array("BYE\n".utf8))
            connection.closeAfterFlush()
        default:
            connection.send(Array("[".utf8))
            connection.send(line)
            connection.send(Array("]\n".utf8))
        }
    }

    func handleOversizedLine(connection: Connection) {
        connection.send(Array("TOO_LONG\n".utf8))
    }

    func connectionClosed(connection: Connection) {
        recorder.closedOne()
    }
}

final class NetEchoFactory: LineHandlerFactory, Sendable {
    let recorder = NetRecorder()
    func makeHandler(for connection: Connection) -> any LineHandler { NetEchoHandler(recorder: recorder) }
    func overloadReply() -> [UInt8] { Array("ERR unavailable msg=too%20many%20connections\n".utf8) }
}

/// A server running on its own thread, on an ephemeral loopback port.
final class NetTestServer: Sendable {
    let server: Server
    let factory: NetEchoFactory
    private let finished = DispatchSemaphore(value: 0)

    var recorder: NetRecorder { factory.recorder }
    var port: UInt16 { server.boundPort }

    init(_ configure: (inout ServerOptions) -> Void = { _ in }) throws {
        var options = ServerOptions()
        options.port = 0
        configure(&options)
        let factory = NetEchoFactory()
        self.factory = factory
        let server = try Server(options: options, handlerFactory: factory)
        self.server = server
        let finished = finished
        let thread = Thread {
            server.run()
            finished.signal()
        }
        thread.start()
    }

    /// Waits (bounded) for run() to return.
    func waitUntilStopped(seconds: Double = 10) -> Bool {
        guard finished.wait(timeout: .now() + seconds) == .success else { return false }
        finished.signal()  // stays "stopped" for the next caller
        return true
    }

    /// Shuts down and waits; every test ends with this so no loop thread outlives its test.
    @discardableResult
    func stop() -> Bool {
        server.shutdown()
        return waitUntilStopped()
    }

    /// The counters, read on the loop thread.
    func counters() -> ServerCounters? {
        let box = Mutex<ServerCounters?>(nil)
        let done = DispatchSemaphore(value: 0)
        let server = server
        server.execute {
            let value = server.counters
            box.withLock { $0 = value }
            done.signal()
        }
        guard done.wait(timeout: .now() + 5) == .success else { return nil }
        return box.withLock { $0 }
    }
}

/// Polls `condition` until it holds or `seconds` pass; tests use it instead of fixed sleeps.
func netEventually(seconds: Double = 5, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if condition() { return true }
        usleep(2_000)
    }
    return condition()
}

/// A blocking loopback client with receive and send timeouts, so no test can hang.
final class NetTestClient {
    let fd: Int32
    private var buffer: [UInt8] = []

    init(port: UInt16, receiveTimeout: Double = 5, receiveBufferSize: Int32? = nil) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw SystemError(call: "socket", errno: errno) }
        var timeout = timeval(tv_sec: Int(receiveTimeout), tv_usec: Int((receiveTimeout - Double(Int(receiveTimeout))) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var sendTimeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &sendTimeout, socklen_t(MemoryLayout<timeval>.size))
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        if var size = receiveBufferSize {
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        let status = Loopback.with(port: port) { connect(fd, $0, $1) }
        guard status == 0 else {
            throw SystemError(call: "connect", errno: errno)  // deinit closes fd: self is whole
        }
    }

    deinit { close(fd) }

    func setReceiveTimeout(_ seconds: Double) {
        var timeout = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - Double(Int(seconds))) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    func send(_ text: String) { send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
            if sent <= 0 { return }
            offset += sent
        }
    }

    func shutdownWrite() { Glibc.shutdown(fd, Int32(SHUT_WR)) }

    /// Next line without "\n", or nil on timeout or end of stream.
    func readLine() -> String? {
        while true {
            if let index = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[..<index], as: UTF8.self)
                buffer.removeFirst(index + 1)
                return line
            }
            guard fill() > 0 else { return nil }
        }
    }

    func readLines(_ count: Int) -> [String] {
        var lines: [String] = []
        while lines.count < count, let line = readLine() { lines.append(line) }
        return lines
    }

    /// True when the server closed the stream (EOF or reset) before the timeout, with no more bytes.
    func readsEndOfStream() -> Bool {
        buffer.isEmpty && fill() == 0 && lastReadWasEnd
    }

    private var lastReadWasEnd = false

    private func fill() -> Int {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count > 0 {
            buffer.append(contentsOf: chunk[..<count])
            lastReadWasEnd = false
            return count
        }
        // 0 is end of stream, ECONNRESET also ends it; EAGAIN is the timeout.
        lastReadWasEnd = count == 0 || errno == ECONNRESET
        return 0
    }
}
