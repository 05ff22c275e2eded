/// The requests of SPEC §8 Live membership changes, each value percent-encoded. They need the
/// admin token when the server has one (the client's `token` option).
extension Request {
    /// A member's values as ADD_MEMBER and SET_MEMBER send them. In SET_MEMBER a value left
    /// nil is not sent (the member keeps it) and `""` clears it.
    public struct MemberValues: Sendable, Hashable {
        public var customer: String?
        public var email: String?
        public var code: String?
        /// A whole number; `""` (SET_MEMBER) clears the quantity, so the offer's `per_member` applies.
        public var quantity: String?
        public var category: String?
        public var seat: String?
        public var location: String?
        /// In the catalog's time formats (`2026-12-01`, `2026-12-01T19:00:00+01:00`).
        public var validFrom: String?
        public var validUntil: String?

        public init(
            customer: String? = nil, email: String? = nil, code: String? = nil, quantity: String? = nil,
            category: String? = nil, seat: String? = nil, location: String? = nil, validFrom: String? = nil,
            validUntil: String? = nil
        ) {
            self.customer = customer; self.email = email; self.code = code; self.quantity = quantity
            self.category = category; self.seat = seat; self.location = location
            self.validFrom = validFrom; self.validUntil = validUntil
        }

        var fields: [Field] {
            let pairs: [(String, String?)] = [
                ("customer", customer), ("email", email), ("code", code), ("quantity", quantity),
                ("category", category), ("seat", seat), ("location", location), ("valid_from", validFrom),
                ("valid_until", validUntil),
            ]
            return pairs.compactMap { key, value in value.map { Field(key: key, value: $0) } }
        }
    }

    /// `ADD_MEMBER` → `OK member=<new id>`. Never repeated by the client: a second one would
    /// be a second member (or a conflict).
    public static func addMember(audience: String, _ values: MemberValues) -> Request {
        Request(.addMember, [Field(key: "audience", value: audience)] + values.fields)
    }

    /// `SET_MEMBER` → `OK member=<id>`: the given values replace the member's; usage stays.
    public static func setMember(id: Int64, _ values: MemberValues) -> Request {
        Request(.setMember, [Field(key: "member", value: String(id))] + values.fields)
    }

    /// `DEL_MEMBER` → `OK member=<id>`.
    public static func delMember(id: Int64) -> Request {
        Request(.delMember, [Field(key: "member", value: String(id))])
    }

    /// `FIND_MEMBERS` → `MEMBER …` lines (at most 1000), `OK count=`.
    public static func findMembers(audience: String, customer: String? = nil, email: String? = nil, code: String? = nil)
        -> Request
    {
        let given: [(String, String?)] = [("customer", customer), ("email", email), ("code", code)]
        return Request(
            .findMembers,
            [Field(key: "audience", value: audience)] + given.compactMap { k, v in v.map { Field(key: k, value: $0) } })
    }

    /// `ADD_ATTENDEE` → `OK`.
    public static func addAttendee(event: String, customer: String? = nil, email: String? = nil, barcode: String? = nil)
        -> Request
    {
        Request(.addAttendee, attendeeFields(event, customer, email, barcode))
    }

    /// `DEL_ATTENDEE` → `OK removed=<0|1>`.
    public static func delAttendee(event: String, customer: String? = nil, email: String? = nil, barcode: String? = nil)
        -> Request
    {
        Request(.delAttendee, attendeeFields(event, customer, email, barcode))
    }

    private static func attendeeFields(_ event: String, _ customer: String?, _ email: String?, _ barcode: String?) -> [Field] {
        let given: [(String, String?)] = [("customer", customer), ("email", email), ("barcode", barcode)]
        return [Field(key: "event", value: event)] + given.compactMap { k, v in v.map { Field(key: k, value: $0) } }
    }
}
