/// An `ERR <code> [key=value…] [msg=<text>]` reply (SPEC §4), read: the code, the fields
/// that name what it is about, and the message for people, all percent-decoded.
public struct ReplyError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: Code
    /// The `key=value` fields other than `msg`, in the order sent (`offer`, `remaining`…).
    public var fields: [ReplyLine.Field]
    /// `msg`, decoded: an explanation for people, not for programs.
    public var message: String?
    /// The line as received.
    public var line: String

    /// The value of field `key` (not `msg`), decoded.
    public subscript(key: String) -> String? { fields.first { $0.key == key }?.value }

    /// Reads an `ERR` line. Lenient, since an error must always reach the caller: a value
    /// with a bad escape is kept as sent, a missing code is `other("")`.
    public init(line: String) {
        self.line = line
        let words = line.split(separator: " ")
        code = Code(rawValue: words.dropFirst().first.map(String.init) ?? "")
        fields = []
        for word in words.dropFirst(2) {
            guard let equals = word.firstIndex(of: "=") else { continue }
            let key = String(word[..<equals])
            let raw = word[word.index(after: equals)...]
            let value = ReplyLine.decodedValue(raw) ?? String(raw)
            if key == "msg" { message = value } else { fields.append(ReplyLine.Field(key: key, value: value)) }
        }
    }

    /// `limit_reached offer=x remaining=0: …`: the line decoded, for logs and messages.
    public var description: String {
        var text = code.rawValue
        for field in fields { text += " \(field.key)=\(field.value)" }
        if let message { text += ": " + message }
        return text
    }

    /// The error codes of SPEC §4, §7 and §8, and `other` for a code this client does not
    /// know yet, so a newer server's error still reaches the caller.
    public enum Code: Hashable, Sendable, CustomStringConvertible {
        case badRequest, unknownVerb, lineTooLong, unknownEvent, unknownOffer, unknownTicket
        case notEligible, limitReached, perOrderExceeded, conflict, unknownHold, expired, released
        case forbidden, badCatalog, unavailable, `internal`
        /// SPEC §7.
        case belowMinimum, budgetExhausted, notInHold
        /// SPEC §8.
        case unknownAudience, unknownMember
        case other(String)

        /// Every code SPEC names, in its order.
        public static let known: [Code] = [
            .badRequest, .unknownVerb, .lineTooLong, .unknownEvent, .unknownOffer, .unknownTicket,
            .notEligible, .limitReached, .perOrderExceeded, .conflict, .unknownHold, .expired, .released,
            .forbidden, .badCatalog, .unavailable, .internal,
            .belowMinimum, .budgetExhausted, .notInHold, .unknownAudience, .unknownMember,
        ]

        public init(rawValue: String) {
            self = Self.known.first { $0.rawValue == rawValue } ?? .other(rawValue)
        }

        /// The code as the server spells it.
        public var rawValue: String {
            switch self {
            case .badRequest: "bad_request"
            case .unknownVerb: "unknown_verb"
            case .lineTooLong: "line_too_long"
            case .unknownEvent: "unknown_event"
            case .unknownOffer: "unknown_offer"
            case .unknownTicket: "unknown_ticket"
            case .notEligible: "not_eligible"
            case .limitReached: "limit_reached"
            case .perOrderExceeded: "per_order_exceeded"
            case .conflict: "conflict"
            case .unknownHold: "unknown_hold"
            case .expired: "expired"
            case .released: "released"
            case .forbidden: "forbidden"
            case .badCatalog: "bad_catalog"
            case .unavailable: "unavailable"
            case .internal: "internal"
            case .belowMinimum: "below_minimum"
            case .budgetExhausted: "budget_exhausted"
            case .notInHold: "not_in_hold"
            case .unknownAudience: "unknown_audience"
            case .unknownMember: "unknown_member"
            case .other(let code): code
            }
        }

        public var description: String { rawValue }
    }
}
