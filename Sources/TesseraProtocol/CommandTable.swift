/// The one place that says which keys each verb takes (like Redis's command
/// table): unknown keys, keys given twice and missing keys are refused here,
/// uniformly, before any command logic runs.
public struct CommandSpec: Sendable {
    public let verb: Verb
    /// Keys that may appear at most once (at most 32).
    public let once: [String]
    /// Keys that may repeat.
    public let many: [String]
    public let required: [String]
    /// False for the verbs a connection may use before AUTH (PING, AUTH, QUIT).
    public let needsAuth: Bool

    init(_ verb: Verb, once: [String] = [], many: [String] = [], required: [String] = [], needsAuth: Bool = true) {
        self.verb = verb; self.once = once; self.many = many; self.required = required; self.needsAuth = needsAuth
    }
}

public enum CommandTable {
    /// Built once: `validate` runs on every request, so it allocates nothing.
    @usableFromInline static let specs: [CommandSpec] = Verb.allCases.map { verb in
        switch verb {
        case .ping: CommandSpec(.ping, needsAuth: false)
        case .eval: CommandSpec(.eval, once: ["event", "customer", "email"], many: ["code"], required: ["event"])
        case .hold:
            CommandSpec(
                .hold, once: ["id", "event", "customer", "email", "ttl"], many: ["code", "item"],
                required: ["id", "event", "item"])
        case .commit: CommandSpec(.commit, once: ["id", "order"], required: ["id"])
        case .release: CommandSpec(.release, once: ["id"], required: ["id"])
        case .reload: CommandSpec(.reload)
        case .stats: CommandSpec(.stats)
        case .clock: CommandSpec(.clock, once: ["set"])
        case .auth: CommandSpec(.auth, once: ["token"], required: ["token"], needsAuth: false)
        case .quit: CommandSpec(.quit, needsAuth: false)
        }
    }

    @inlinable public static func spec(for verb: Verb) -> CommandSpec { specs[verb.ordinal] }

    /// Checks `request`'s keys against its verb's spec (SPEC §6 Requests) and
    /// returns the spec, so the caller need not look it up again.
    /// Inlinable: it runs for every request, called from the server's module.
    @inlinable @discardableResult
    public static func validate(_ request: Request) throws(ErrorReply) -> CommandSpec {
        let spec = spec(for: request.verb)
        var seen: UInt32 = 0  // bit i: once[i] was given
        for argument in request.arguments {
            if spec.many.contains(argument.key) { continue }
            guard let i = spec.once.firstIndex(of: argument.key) else {
                throw .badRequest("unknown key \(argument.key) for \(request.verb.rawValue)")
            }
            guard seen & (1 << i) == 0 else { throw .badRequest("key \(argument.key) given twice") }
            seen |= 1 << i
        }
        for key in spec.required {
            let given: Bool
            if let i = spec.once.firstIndex(of: key) {
                given = seen & (1 << i) != 0
            } else {
                given = request.arguments.contains { $0.key == key }
            }
            guard given else { throw .badRequest("missing key \(key)") }
        }
        return spec
    }
}
