/// One verb's row in `CommandTable`: its wire name, the keys it takes, what it needs and
/// does (flags), and its one line of help. The request checks (`CommandTable.validate`),
/// the parser's raw keys, the server's AUTH and admin checks, HELP and STATS all read the
/// rows; a client can read them too (which verbs write the ledger, which need AUTH).
/// The verb's handler is bound in the server, by verb (`TesseraService.execute`).
public struct CommandSpec: Sendable {
    /// One key a verb takes.
    public struct Key: Sendable, Equatable {
        public let name: String
        /// Must appear (once, or at least once when it repeats).
        public let isRequired: Bool
        /// May appear more than once (`code`, `item`); otherwise at most once.
        public let repeats: Bool
        /// The value keeps its raw structure: the parser does not percent-decode it, the
        /// verb splits it on its raw `:` and decodes the parts (`item`, SPEC §6 Items).
        public let isRaw: Bool

        /// At most once, may be absent.
        public static func optional(_ name: String) -> Key {
            Key(name: name, isRequired: false, repeats: false, isRaw: false)
        }

        /// Exactly once.
        public static func required(_ name: String) -> Key {
            Key(name: name, isRequired: true, repeats: false, isRaw: false)
        }

        /// Any number of times (at least once when `required`).
        public static func repeatable(_ name: String, required: Bool = false, raw: Bool = false) -> Key {
            Key(name: name, isRequired: required, repeats: true, isRaw: raw)
        }
    }

    /// What a verb needs before it runs, and what it does.
    public struct Flags: OptionSet, Sendable {
        public let rawValue: UInt8
        @inlinable public init(rawValue: UInt8) { self.rawValue = rawValue }

        /// Needs `AUTH` first on a connection when a token is configured (all but PING, AUTH, QUIT).
        public static let needsAuth = Flags(rawValue: 1 << 0)
        /// Needs `AUTH` with the admin token when one is configured (RELOAD); else `ERR forbidden`.
        public static let needsAdmin = Flags(rawValue: 1 << 1)
        /// Changes the durable ledger, answering only once the change is on disk (HOLD,
        /// COMMIT, RELEASE); each is idempotent by its `id`, so a client may repeat it.
        public static let writesLedger = Flags(rawValue: 1 << 2)
        /// Changes the catalog file and the served catalog at once, answering only once the
        /// change is committed to the file (SPEC §8: ADD_MEMBER, SET_MEMBER, DEL_MEMBER,
        /// ADD_ATTENDEE, DEL_ATTENDEE).
        public static let writesCatalog = Flags(rawValue: 1 << 3)
        /// A §8 membership verb: AUTH, the admin token and whether a catalog file is served are
        /// checked before any look at the arguments (`forbidden` first), since the verb shows
        /// or changes personal data.
        public static let membership = Flags(rawValue: 1 << 4)
    }

    public let verb: Verb
    /// The wire name, upper case, at most `Verb.maxNameBytes` bytes.
    public let name: String
    /// In the order SPEC writes them.
    public let keys: [Key]
    public let flags: Flags
    /// One line saying what the verb is for, as HELP sends it.
    public let help: String

    // Read from `keys` once, for `validate`, which runs on every request.

    /// Keys that may appear at most once (at most 32).
    @usableFromInline let once: [String]
    /// Keys that may repeat.
    @usableFromInline let many: [String]
    /// Keys that must appear.
    @usableFromInline let required: [String]
    /// Keys whose values the parser leaves encoded.
    @usableFromInline let rawKeys: [String]

    init(_ verb: Verb, _ name: String, keys: [Key] = [], flags: Flags, help: String) {
        self.verb = verb
        self.name = name
        self.keys = keys
        self.flags = flags
        self.help = help
        once = keys.filter { !$0.repeats }.map(\.name)
        many = keys.filter(\.repeats).map(\.name)
        required = keys.filter(\.isRequired).map(\.name)
        rawKeys = keys.filter(\.isRaw).map(\.name)
    }
}

/// The one place that declares every verb (like Redis's command table): one row each,
/// with its name, keys, flags and help. Unknown keys, keys given twice and missing keys are
/// refused here, uniformly, before any command logic runs.
public enum CommandTable {
    /// Every verb's row, in `Verb.allCases` order (the order HELP and STATS list them).
    /// Adding a verb is adding a row here (the switch is exhaustive) and its handler in the
    /// server's `execute`.
    static func row(_ verb: Verb) -> CommandSpec {
        switch verb {
        case .ping:
            CommandSpec(verb, "PING", flags: [], help: "answers OK: the server is up and this connection works")
        case .eval:
            CommandSpec(
                verb, "EVAL",
                keys: [.required("event"), .optional("customer"), .optional("email"), .repeatable("code")],
                flags: .needsAuth,
                help: "lists what a customer, e-mail or codes unlock at an event: offers, tickets, seats, code statuses")
        case .hold:
            CommandSpec(
                verb, "HOLD",
                keys: [
                    .required("id"), .required("event"), .optional("customer"), .optional("email"),
                    .repeatable("code"), .repeatable("item", required: true, raw: true), .optional("ttl"),
                ],
                flags: [.needsAuth, .writesLedger],
                help: "reserves items for the cart id, all or nothing, for ttl seconds; the same id again answers the same")
        case .commit:
            CommandSpec(
                verb, "COMMIT", keys: [.required("id"), .optional("order")], flags: [.needsAuth, .writesLedger],
                help: "turns a hold into a redemption; repeating it answers OK and keeps the first order")
        case .release:
            CommandSpec(
                verb, "RELEASE",
                keys: [.required("id"), .repeatable("item", raw: true), .optional("refund")],
                flags: [.needsAuth, .writesLedger],
                help: "gives a hold back, or refunds a committed one; with item= and refund=, only those units; repeating it answers the same")
        case .reload:
            CommandSpec(
                verb, "RELOAD", flags: [.needsAuth, .needsAdmin],
                help: "reads the catalog again and swaps it in atomically; a broken one leaves the old one serving")
        case .stats:
            CommandSpec(verb, "STATS", flags: .needsAuth, help: "lists the server's counters, one STAT line each")
        case .clock:
            CommandSpec(
                verb, "CLOCK", keys: [.optional("set")], flags: .needsAuth,
                help: "shows the server's clock; set= sets it, only when the server runs with the test clock")
        case .auth:
            CommandSpec(
                verb, "AUTH", keys: [.required("token")], flags: [],
                help: "opens this connection with the token, or the admin token")
        case .quit:
            CommandSpec(verb, "QUIT", flags: [], help: "answers OK, then closes the connection")
        case .help:
            CommandSpec(verb, "HELP", flags: .needsAuth, help: "lists every verb with one line of help")
        case .info:
            CommandSpec(
                verb, "INFO", flags: .needsAuth,
                help: "describes the running server: version, uptime, catalog, ledger, listen address, options")
        case .addMember:
            CommandSpec(
                verb, "ADD_MEMBER", keys: [.required("audience")] + memberValueKeys,
                flags: [.needsAuth, .needsAdmin, .membership, .writesCatalog],
                help: "adds a member to an audience, in the catalog file and the served catalog at once; answers its new id")
        case .setMember:
            CommandSpec(
                verb, "SET_MEMBER", keys: [.required("member")] + memberValueKeys,
                flags: [.needsAuth, .needsAdmin, .membership, .writesCatalog],
                help: "changes the given values of a member (an empty value clears one); its usage stays with it")
        case .delMember:
            CommandSpec(
                verb, "DEL_MEMBER", keys: [.required("member")], flags: [.needsAuth, .needsAdmin, .membership, .writesCatalog],
                help: "removes a member from every answer from now on; its holds still count; its id is never given again")
        case .findMembers:
            CommandSpec(
                verb, "FIND_MEMBERS",
                keys: [.required("audience"), .optional("customer"), .optional("email"), .optional("code")],
                flags: [.needsAuth, .needsAdmin, .membership],
                help: "lists an audience's members that have any given customer, e-mail or code (all without them), at most 1000")
        case .addAttendee:
            CommandSpec(
                verb, "ADD_ATTENDEE", keys: attendeeKeys, flags: [.needsAuth, .needsAdmin, .membership, .writesCatalog],
                help: "adds an attendee row to an event: a member of every audience whose source event it is")
        case .delAttendee:
            CommandSpec(
                verb, "DEL_ATTENDEE", keys: attendeeKeys, flags: [.needsAuth, .needsAdmin, .membership, .writesCatalog],
                help: "removes the last attendee row of the event with these values; answers removed=0 or 1")
        }
    }

    /// The member values ADD_MEMBER and SET_MEMBER take (SPEC §8), in §2's column order.
    private static let memberValueKeys: [CommandSpec.Key] = [
        "customer", "email", "code", "quantity", "category", "seat", "location", "valid_from", "valid_until",
    ].map { .optional($0) }

    /// ADD_ATTENDEE's and DEL_ATTENDEE's keys.
    private static let attendeeKeys: [CommandSpec.Key] = [
        .required("event"), .optional("customer"), .optional("email"), .optional("barcode"),
    ]

    /// Every row, indexed by `Verb.ordinal`. Built and checked once, when first read (the
    /// server's counters read it as the service starts): `validate` runs on every request,
    /// so it allocates nothing.
    public static let all: [CommandSpec] = {
        let rows = Verb.allCases.map(checkedRow)
        precondition(Set(rows.map(\.name)).count == rows.count, "two verbs with one name")
        return rows
    }()

    /// `row(verb)`, checked: a row `Verb.init(token:)` or `validate` could not serve stops
    /// the server when the table is first read.
    private static func checkedRow(_ verb: Verb) -> CommandSpec {
        let spec = row(verb)
        let name = Array(spec.name.utf8)
        precondition(
            !name.isEmpty && name.count <= Verb.maxNameBytes && name.allSatisfy { (0x41...0x5A).contains($0) || $0 == 0x5F },
            "verb \(spec.name): a name is 1 to \(Verb.maxNameBytes) bytes of A-Z and _ (Verb.init(token:) packs it)")
        precondition(spec.once.count <= 32, "verb \(spec.name): at most 32 keys that appear once")
        precondition(Set(spec.keys.map(\.name)).count == spec.keys.count, "verb \(spec.name): a key declared twice")
        precondition(
            !spec.help.isEmpty && !spec.help.contains(where: \.isNewline), "verb \(spec.name): help is one line")
        return spec
    }

    @inlinable public static func spec(for verb: Verb) -> CommandSpec { all[verb.ordinal] }

    /// Checks `request`'s keys against its verb's row (SPEC §6 Requests) and returns the
    /// row's flags, for the caller's AUTH and admin checks.
    /// Inlinable: it runs for every request, called from the server's module.
    @inlinable @discardableResult
    public static func validate(_ request: Request) throws(ErrorReply) -> CommandSpec.Flags {
        let spec = spec(for: request.verb)
        var seen: UInt32 = 0  // bit i: once[i] was given
        for argument in request.arguments {
            if spec.many.contains(argument.key) { continue }
            guard let i = spec.once.firstIndex(of: argument.key) else {
                throw .badRequest("unknown key \(argument.key) for \(spec.name)")
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
        return spec.flags
    }

    /// Whether `verb` takes `key` raw (`CommandSpec.Key.isRaw`): the parser then leaves its
    /// value encoded. Asked only for values with a `%` in them.
    static func takesRaw(_ key: UnsafeRawBufferPointer, for verb: Verb) -> Bool {
        spec(for: verb).rawKeys.contains { key.elementsEqual($0.utf8) }
    }
}
