/// The error codes of SPEC §4 and those of §7 and §8 this version sends, spelled as on the wire.
public enum ErrorCode: String, Sendable, CaseIterable {
    case badRequest = "bad_request"
    case unknownVerb = "unknown_verb"
    case lineTooLong = "line_too_long"
    case unknownEvent = "unknown_event"
    case unknownOffer = "unknown_offer"
    case unknownTicket = "unknown_ticket"
    case notEligible = "not_eligible"
    case limitReached = "limit_reached"
    case perOrderExceeded = "per_order_exceeded"
    case conflict
    case unknownHold = "unknown_hold"
    case expired
    case released
    case forbidden
    case badCatalog = "bad_catalog"
    case unavailable
    case `internal`
    /// SPEC §7 Group minimum.
    case belowMinimum = "below_minimum"
    /// SPEC §7 Partial refunds.
    case notInHold = "not_in_hold"
    /// SPEC §7 Money budget.
    case budgetExhausted = "budget_exhausted"
    /// SPEC §8 Live membership changes.
    case unknownAudience = "unknown_audience"
    case unknownMember = "unknown_member"
}

/// An `ERR` reply: code, optional key=value fields, optional message. Thrown
/// by commands; the connection stays usable after any of them.
public struct ErrorReply: Error, Sendable, Equatable {
    public var code: ErrorCode
    public var fields: [Field]
    public var message: String?

    public struct Field: Sendable, Equatable {
        public var key: String
        public var value: String
        public init(_ key: String, _ value: String) { self.key = key; self.value = value }
    }

    public init(_ code: ErrorCode, _ fields: [Field] = [], msg: String? = nil) {
        self.code = code; self.fields = fields; self.message = msg
    }

    public static func badRequest(_ message: String) -> ErrorReply { ErrorReply(.badRequest, msg: message) }

    /// Appends the `ERR …` line.
    public func write(to out: inout ReplyWriter) {
        out.word("ERR ")
        out.word(code.rawValue)
        for field in fields { out.field(field.key, field.value) }
        if let message { out.field("msg", message) }
        out.endLine()
    }
}
