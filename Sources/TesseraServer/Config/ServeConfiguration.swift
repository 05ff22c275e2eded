/// Every option of `tessera serve`, as plain values the rest of the code reads. Each
/// property is filled by one row of `ServeOption.all`, which declares its name, check,
/// default and doc; the non-optional ones take their initial value from that row
/// (`ServeOption.initial`), so no default is written twice. The same names work in a config
/// file (`max_connections = 512`) and on the command line (`--max-connections 512`); the
/// command line is applied last, so it wins (SPEC §5).
public struct ServeConfiguration: Sendable, Equatable {
    /// nil: the built-in demo catalog.
    public var catalog: String?
    /// nil: beside the catalog (`<catalog>.ledger`), or `tessera-demo.ledger` for the demo.
    public var ledger: String?
    /// `listen`'s host, without brackets.
    public var host: String = ServeOption.initial(\.host)
    /// `listen`'s port; 0 picks an ephemeral one (tests).
    public var port: UInt16 = ServeOption.initial(\.port)
    public var testClock: Bool = ServeOption.initial(\.testClock)
    public var token: String?
    public var adminToken: String?
    public var maxLineBytes: Int = ServeOption.initial(\.maxLineBytes)
    public var maxConnections: Int = ServeOption.initial(\.maxConnections)
    public var idleTimeoutSeconds: Int = ServeOption.initial(\.idleTimeoutSeconds)
    public var maxPendingOutputBytes: Int = ServeOption.initial(\.maxPendingOutputBytes)
    public var holdTTLSeconds: Int = ServeOption.initial(\.holdTTLSeconds)
    public var shutdownGraceSeconds: Int = ServeOption.initial(\.shutdownGraceSeconds)
    /// Microseconds the server polls for more work before sleeping (0: never); see `ServerOptions`.
    public var busyPollMicroseconds: Int = ServeOption.initial(\.busyPollMicroseconds)

    /// Every option at its default.
    public init() {}

    /// The ledger file: as configured, else beside the catalog, else
    /// `tessera-demo.ledger` in the working directory for the demo catalog.
    public var ledgerPath: String {
        if let ledger { return ledger }
        if let catalog { return catalog + ".ledger" }
        return "tessera-demo.ledger"
    }

    /// The option names, as written in config files (command-line flags use `-` for `_`).
    public static let keys = ServeOption.all.map(\.name)

    /// Sets one option from a config file line; the error names the key, the bad value and
    /// what would be accepted, and a refused value changes nothing.
    public mutating func set(_ key: String, _ value: String) throws(ConfigError) {
        guard let option = ServeOption.named(key) else { throw ConfigError("unknown option '\(key)'") }
        try option.apply(value, to: &self, label: key)
    }

    /// Sets one option from the command line: `name` is the flag without its dashes
    /// (`max-connections`), `value` nil for a flag given alone (`--test-clock`). The flag
    /// is the config file's name with `-` for `_` (`_` is accepted too), so both read the
    /// same row; errors name the flag as typed.
    public mutating func set(flag name: String, _ value: String?) throws(ConfigError) {
        guard let option = ServeOption.named(name.replacingOccurrences(of: "-", with: "_")) else {
            throw ConfigError("unknown option --\(name)" + (Self.likelyMeant[name].map { "; did you mean \($0)?" } ?? ""))
        }
        guard let value = value ?? (option.takesNoValue ? "true" : nil) else {
            throw ConfigError("--\(name) needs a value")
        }
        try option.apply(value, to: &self, label: "--\(name)")
    }
}

extension ServeConfiguration {
    /// Options other servers have that a new user types first, and what Tessera calls them.
    static let likelyMeant: [String: String] = [
        "port": "--listen HOST:PORT (--listen 127.0.0.1:7878)", "host": "--listen HOST:PORT",
        "bind": "--listen HOST:PORT", "address": "--listen HOST:PORT", "addr": "--listen HOST:PORT",
        "db": "--catalog FILE", "database": "--catalog FILE", "file": "--catalog FILE",
        "password": "--token T", "auth": "--token T",
    ]
}

/// A configuration problem, worded for the operator (file and line included by the caller).
public struct ConfigError: Error, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
