/// One option of `tessera serve`, declared once, as Redis declares each option once in
/// `config.c`: its name, what it holds (and so how its value is checked), its default, the
/// `ServeConfiguration` property it fills, and one line saying what it is for.
///
/// The config file (`max_connections = 512`), the flag (`--max-connections 512`), the
/// option list of `tessera serve --help` and the checks of every value all read these rows,
/// so they cannot drift apart. The rows are `ServeOption.all`; adding an option is adding a
/// row there (and the property it fills).
public struct ServeOption: Sendable {
    /// The name in a config file; the flag is the same with `-` for `_` (`flag`).
    public let name: String
    /// What the option holds, where it lands, and its default.
    let kind: Kind
    /// What it is for, one line for `tessera serve --help`.
    public let doc: String

    /// The `ServeConfiguration` property an option fills. Key path literals are `Sendable`.
    typealias Field<Value> = any WritableKeyPath<ServeConfiguration, Value> & Sendable

    /// What an option holds. Each case names the `ServeConfiguration` property it fills and
    /// carries its default; the property takes its initial value from here
    /// (`ServeOption.initial`), so a default is written in exactly one place.
    enum Kind: Sendable {
        /// A file name, unset by default (the option's `doc` says what unset means).
        case path(Field<String?>)
        /// A token: unset by default, unset again by an empty value, never printed.
        case secret(Field<String?>)
        /// true or false (also yes/no, on/off, 1/0); the bare flag means true.
        case flag(Field<Bool>, default: Bool)
        /// A whole number within `range`.
        case integer(Field<Int>, default: Int, range: ClosedRange<Int>)
        /// HOST:PORT (an IPv6 host in brackets), filling two properties.
        case address(host: Field<String>, port: Field<UInt16>, default: (host: String, port: UInt16))
    }

    // MARK: Rows

    static func path(_ name: String, _ field: Field<String?>, _ doc: String) -> Self {
        Self(name: name, kind: .path(field), doc: doc)
    }

    static func secret(_ name: String, _ field: Field<String?>, _ doc: String) -> Self {
        Self(name: name, kind: .secret(field), doc: doc)
    }

    static func flag(
        _ name: String, _ field: Field<Bool>, default value: Bool, _ doc: String
    ) -> Self {
        Self(name: name, kind: .flag(field, default: value), doc: doc)
    }

    static func integer(
        _ name: String, _ field: Field<Int>, default value: Int,
        in range: ClosedRange<Int>, _ doc: String
    ) -> Self {
        precondition(range.contains(value), "\(name): default \(value) outside \(range)")
        return Self(name: name, kind: .integer(field, default: value, range: range), doc: doc)
    }

    static func address(
        _ name: String, host: Field<String>,
        port: Field<UInt16>, default value: (host: String, port: UInt16), _ doc: String
    ) -> Self {
        Self(name: name, kind: .address(host: host, port: port, default: value), doc: doc)
    }

    // MARK: Names

    /// The row named `name` in a config file, or nil.
    public static func named(_ name: String) -> ServeOption? {
        all.first { $0.name == name }
    }

    /// The flag's name without its dashes (`max-connections`).
    public var flagName: String { name.replacingOccurrences(of: "_", with: "-") }

    /// The flag as typed (`--max-connections`).
    public var flag: String { "--" + flagName }

    /// Whether the flag stands alone (`--test-clock`) rather than taking the next argument.
    public var takesNoValue: Bool {
        if case .flag = kind { return true }
        return false
    }

    /// The flags that take no value, for the command-line parser.
    public static var flagsWithoutValue: Set<String> {
        Set(all.filter(\.takesNoValue).map(\.flagName))
    }

    // MARK: Values

    /// Checks `text` and, only if it is good, stores it in `configuration`. `label` is how the
    /// operator wrote the option (`max_line_bytes` in a file, `--max-line-bytes` on the command
    /// line), so the error names what they typed, the bad value and what would be accepted.
    func apply(_ text: String, to configuration: inout ServeConfiguration, label: String) throws(ConfigError) {
        switch kind {
        case .path(let field):
            configuration[keyPath: field] = text
        case .secret(let field):
            configuration[keyPath: field] = text.isEmpty ? nil : text
        case .flag(let field, _):
            configuration[keyPath: field] = try Self.bool(label, text)
        case .integer(let field, _, let range):
            configuration[keyPath: field] = try Self.int(label, text, range)
        case .address(let host, let port, _):
            (configuration[keyPath: host], configuration[keyPath: port]) = try Self.hostPort(label, text)
        }
    }

    /// The value in `configuration` as a config file writes it, nil when unset. A secret's
    /// text is the secret itself: print `shownValue(in:)` instead.
    func value(in configuration: ServeConfiguration) -> String? {
        switch kind {
        case .path(let field), .secret(let field):
            return configuration[keyPath: field]
        case .flag(let field, _):
            return String(configuration[keyPath: field])
        case .integer(let field, _, _):
            return String(configuration[keyPath: field])
        case .address(let host, let port, _):
            return Self.hostPortText(configuration[keyPath: host], configuration[keyPath: port])
        }
    }

    /// The value in `configuration` as it may be shown to anyone: a secret never is.
    public func shownValue(in configuration: ServeConfiguration) -> String? {
        if case .secret = kind { return value(in: configuration) == nil ? nil : "(set, not shown)" }
        return value(in: configuration)
    }

    /// The value in `configuration` as INFO shows it: a secret as `set` or `unset`, never
    /// itself; any other option without a value as `unset`.
    public func infoValue(in configuration: ServeConfiguration) -> String {
        let value = value(in: configuration)
        if case .secret = kind { return value == nil ? "unset" : "set" }
        return value ?? "unset"
    }

    /// The default as a config file writes it; nil: unset by default.
    public var defaultValue: String? {
        shownValue(in: ServeConfiguration())
    }

    /// The initial value of a `ServeConfiguration` property: the default its row declares.
    /// Asked for a property no row fills, it stops the program at the first
    /// `ServeConfiguration()`, which every test run makes; a property with a default of its
    /// own and no row fails `ServeOptionTests` instead.
    static func initial<Value>(_ field: KeyPath<ServeConfiguration, Value>) -> Value {
        for option in all {
            switch option.kind {
            case .flag(let path, let value) where path == field: return value as! Value
            case .integer(let path, let value, _) where path == field: return value as! Value
            case .address(let host, _, let value) where host == field: return value.host as! Value
            case .address(_, let port, let value) where port == field: return value.port as! Value
            default: continue
            }
        }
        preconditionFailure("no row of ServeOption.all declares the default of \(field)")
    }

    // MARK: Checks

    static func hostPort(_ label: String, _ text: String) throws(ConfigError) -> (String, UInt16) {
        guard let colon = text.lastIndex(of: ":"), let port = UInt16(text[text.index(after: colon)...]) else {
            throw ConfigError("\(label) must be HOST:PORT, got '\(text)'")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw ConfigError("\(label) must be HOST:PORT, got '\(text)'") }
        return (host, port)
    }

    /// HOST:PORT as `hostPort` reads it back: an IPv6 host goes in brackets.
    static func hostPortText(_ host: String, _ port: UInt16) -> String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    static func bool(_ label: String, _ text: String) throws(ConfigError) -> Bool {
        switch text.lowercased() {
        case "true", "yes", "on", "1": return true
        case "false", "no", "off", "0": return false
        default: throw ConfigError("\(label) must be true or false, got '\(text)'")
        }
    }

    static func int(_ label: String, _ text: String, _ range: ClosedRange<Int>) throws(ConfigError) -> Int {
        guard let n = Int(text), range.contains(n) else {
            throw ConfigError(
                "\(label) must be a whole number from \(range.lowerBound) to \(range.upperBound), got '\(text)'")
        }
        return n
    }
}
