/// Every option of `tessera serve`. The same names work in a config file
/// (`max_connections = 512`) and on the command line (`--max-connections 512`);
/// the command line is applied last, so it wins (SPEC §5).
public struct ServeConfiguration: Sendable, Equatable {
    /// nil: the built-in demo catalog.
    public var catalog: String?
    /// nil: beside the catalog (`<catalog>.ledger`), or `tessera-demo.ledger` for the demo.
    public var ledger: String?
    public var host = "127.0.0.1"
    public var port: UInt16 = 7878
    public var testClock = false
    public var token: String?
    public var adminToken: String?
    public var maxLineBytes = 4096
    public var maxConnections = 1024
    public var idleTimeoutSeconds = 300
    public var maxPendingOutputBytes = 1 << 20
    public var holdTTLSeconds = 900
    public var shutdownGraceSeconds = 10
    /// Microseconds the server polls for more work before sleeping (0: never); see `ServerOptions`.
    public var busyPollMicroseconds = 0

    public init() {}

    /// The ledger file: as configured, else beside the catalog, else
    /// `tessera-demo.ledger` in the working directory for the demo catalog.
    public var ledgerPath: String {
        if let ledger { return ledger }
        if let catalog { return catalog + ".ledger" }
        return "tessera-demo.ledger"
    }

    /// The option names, as written in config files (command-line flags use `-` for `_`).
    public static let keys = [
        "catalog", "ledger", "listen", "test_clock", "token", "admin_token", "max_line_bytes", "max_connections",
        "idle_timeout_seconds", "max_pending_output_bytes", "hold_ttl_seconds", "shutdown_grace_seconds",
        "busy_poll_us",
    ]

    /// Sets one option from its text form; the error says what is wrong with the value.
    public mutating func set(_ key: String, _ value: String) throws(ConfigError) {
        switch key {
        case "catalog": catalog = value
        case "ledger": ledger = value
        case "listen": (host, port) = try Self.hostPort(value)
        case "test_clock": testClock = try Self.bool(key, value)
        case "token": token = value.isEmpty ? nil : value
        case "admin_token": adminToken = value.isEmpty ? nil : value
        case "max_line_bytes": maxLineBytes = try Self.int(key, value, 16...1 << 24)
        case "max_connections": maxConnections = try Self.int(key, value, 1...1_000_000)
        case "idle_timeout_seconds": idleTimeoutSeconds = try Self.int(key, value, 0...86_400 * 30)
        case "max_pending_output_bytes": maxPendingOutputBytes = try Self.int(key, value, 1024...1 << 30)
        case "hold_ttl_seconds": holdTTLSeconds = try Self.int(key, value, 1...2_592_000)
        case "shutdown_grace_seconds": shutdownGraceSeconds = try Self.int(key, value, 0...3600)
        case "busy_poll_us": busyPollMicroseconds = try Self.int(key, value, 0...10_000)
        default: throw ConfigError("unknown option '\(key)'")
        }
    }

    static func hostPort(_ text: String) throws(ConfigError) -> (String, UInt16) {
        guard let colon = text.lastIndex(of: ":"), let port = UInt16(text[text.index(after: colon)...]) else {
            throw ConfigError("listen must be HOST:PORT, got '\(text)'")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw ConfigError("listen must be HOST:PORT, got '\(text)'") }
        return (host, port)
    }

    static func bool(_ key: String, _ text: String) throws(ConfigError) -> Bool {
        switch text.lowercased() {
        case "true", "yes", "on", "1": return true
        case "false", "no", "off", "0": return false
        default: throw ConfigError("\(key) must be true or false, got '\(text)'")
        }
    }

    static func int(_ key: String, _ text: String, _ range: ClosedRange<Int>) throws(ConfigError) -> Int {
        guard let n = Int(text), range.contains(n) else {
            throw ConfigError("\(key) must be a whole number from \(range.lowerBound) to \(range.upperBound), got '\(text)'")
        }
        return n
    }
}

/// A configuration problem, worded for the operator (file and line included by the caller).
public struct ConfigError: Error, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
