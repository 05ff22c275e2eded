/// What a request asks for, named by its verb, and what follows from that for the client:
/// above all whether it is safe to send again when a connection broke before its reply.
///
/// The retry policy is a property of the kind, one row per verb in `isRepeatable`, so a
/// verb added to the protocol (the §8 membership verbs are here already) states its policy
/// where it is declared.
public enum RequestKind: Hashable, Sendable, CustomStringConvertible {
    case ping, eval, hold, commit, release, reload, stats, clock, auth, quit, help, info
    /// SPEC §8, the live membership verbs.
    case addMember, setMember, delMember, findMembers, addAttendee, delAttendee
    /// A verb this client does not know (a line typed by a person): never repeated.
    case other(String)

    /// Every verb the client knows, in the order SPEC lists them.
    public static let known: [RequestKind] = [
        .ping, .eval, .hold, .commit, .release, .reload, .stats, .clock, .auth, .quit, .help, .info,
        .addMember, .setMember, .delMember, .findMembers, .addAttendee, .delAttendee,
    ]

    /// The kind spelled by `verb`, in any case (the server reads verbs case-insensitively).
    public init(verb: some StringProtocol) {
        let upper = verb.uppercased()
        self = Self.known.first { $0.verb == upper } ?? .other(String(verb))
    }

    /// The verb as the server spells it.
    public var verb: String {
        switch self {
        case .ping: "PING"
        case .eval: "EVAL"
        case .hold: "HOLD"
        case .commit: "COMMIT"
        case .release: "RELEASE"
        case .reload: "RELOAD"
        case .stats: "STATS"
        case .clock: "CLOCK"
        case .auth: "AUTH"
        case .quit: "QUIT"
        case .help: "HELP"
        case .info: "INFO"
        case .addMember: "ADD_MEMBER"
        case .setMember: "SET_MEMBER"
        case .delMember: "DEL_MEMBER"
        case .findMembers: "FIND_MEMBERS"
        case .addAttendee: "ADD_ATTENDEE"
        case .delAttendee: "DEL_ATTENDEE"
        case .other(let verb): verb
        }
    }

    /// Whether the client may send this request again, on a new connection, when the one
    /// it was sent on broke before its reply came: true only where a second run changes
    /// nothing the first did not.
    ///
    /// - PING, EVAL, HELP, INFO only read.
    /// - HOLD, COMMIT and RELEASE carry an idempotency key (`id`, and `refund` for a
    ///   partial release): a repeat with the same key returns the first answer and counts
    ///   nothing twice, also after a restart (SPEC §4 HOLD, §6 Idempotency).
    /// - SET_MEMBER and DEL_MEMBER name the member and set or remove it: done twice, the
    ///   member ends as done once (§8). A DEL_MEMBER repeated after the first was applied
    ///   answers `ERR unknown_member`: the member is gone either way.
    ///
    /// Never: ADD_MEMBER would add a second member, ADD_ATTENDEE a second attendee row,
    /// DEL_ATTENDEE remove a second one. Nor, as they are not in the list above, RELOAD,
    /// STATS, CLOCK, FIND_MEMBERS, AUTH (the client authenticates every new connection
    /// itself), QUIT, and any verb the client does not know. Such a request in flight when
    /// the connection broke is reported `ClientError.outcomeUnknown`: it may or may not have
    /// taken effect, and only the caller can find out which.
    public var isRepeatable: Bool {
        switch self {
        case .ping, .eval, .help, .info: true
        case .hold, .commit, .release: true
        case .setMember, .delMember: true
        case .addMember, .addAttendee, .delAttendee: false
        case .reload, .stats, .clock, .findMembers, .auth, .quit, .other: false
        }
    }

    public var description: String { verb }
}
