import CSystemLinux
import Foundation
import Glibc

/// A `redis-server` of our own on a free loopback port, for the side-by-side
/// baseline: no persistence, default single-threaded command processing, and
/// one 64-byte key for GET. nil (with the reason) when Redis is not installed:
/// the benchmark then reports Tessera alone.
final class RedisBaseline: @unchecked Sendable {
    let port: UInt16
    let version: String
    private let process: Process

    struct Unavailable: Error, CustomStringConvertible { var description: String }

    static func executable() -> String? {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/usr/local/bin").split(separator: ":") {
            let path = "\(directory)/redis-server"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    init(directory: String) throws {
        guard let binary = Self.executable() else {
            throw Unavailable(description: "redis-server not installed (apt-get install redis-server); Redis baseline skipped")
        }
        port = try Self.freePort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = [
            "--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--daemonize", "no", "--dir", directory, "--protected-mode", "yes", "--loglevel", "warning",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
        // Wait until it answers, then store the key GET reads.
        var client: RedisControlClient?
        for _ in 0..<100 {
            if let c = try? RedisControlClient(port: port, timeoutSeconds: 5) { client = c; break }
            usleep(50_000)
        }
        guard let client else {
            process.terminate()
            throw Unavailable(description: "redis-server did not start on port \(port)")
        }
        try client.send("SET bench:key \(String(repeating: "v", count: 64))\r\n")
        guard try client.readLine() == "+OK" else { throw Unavailable(description: "redis SET failed") }
        try client.send("INFO server\r\n")
        var version = "?"
        if try client.readLine().hasPrefix("$") {
            while let line = try? client.readLine(), !line.isEmpty {
                if line.hasPrefix("redis_version:") { version = String(line.dropFirst(14)) }
            }
        }
        self.version = version
    }

    var pid: Int32 { process.processIdentifier }

    /// Stores a value of `bytes` bytes under `key`: the GET of issue 17 sized like an EVAL answer.
    func store(key: String, bytes: Int) throws {
        let client = try RedisControlClient(port: port, timeoutSeconds: 10)
        try client.send("SET \(key) \(String(repeating: "v", count: bytes))\r\n")
        guard try client.readLine() == "+OK" else { throw Unavailable(description: "redis SET \(key) failed") }
    }

    /// `used_memory` from `INFO memory`: what Redis's allocator holds for its data.
    func usedMemory() throws -> Int? {
        let client = try RedisControlClient(port: port, timeoutSeconds: 10)
        try client.send("INFO memory\r\n")
        guard try client.readLine().hasPrefix("$") else { return nil }
        while let line = try? client.readLine(), !line.isEmpty {
            if line.hasPrefix("used_memory:") { return Int(line.dropFirst("used_memory:".count)) }
        }
        return nil
    }

    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
        }
    }

    deinit { stop() }

    /// A port nothing listens on right now (bound to 0, read back, closed).
    static func freePort() throws -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard ok else { throw Unavailable(description: "cannot find a free port") }
        return UInt16(bigEndian: address.sin_port)
    }
}
