/// A member's values as a live change gives them (SPEC §8 Values): stored as sent, an empty
/// value (and for e-mail and code one of white space only) being no value. The served
/// `Member` is made from them as the catalog builder makes one from a row, so a RELOAD of
/// the file reads the same member back.
public struct MemberFields: Sendable, Equatable {
    public var customerID: String?
    public var email: String?
    public var code: String?
    public var quantity: Int?
    public var category: String?
    public var seat: String?
    public var location: String?
    /// As sent (the file keeps the text); `from` and `until` are what it means.
    public var validFrom: String?
    public var validUntil: String?
    public var from: Instant?
    public var until: Instant?

    public init() {}

    /// Whether any of customer id, e-mail or code is left: a member needs one to be found.
    public var hasIdentity: Bool { customerID != nil || email != nil || code != nil }

    /// The served member these values make in `audience`, as `CatalogBuilder` makes one.
    func member(audience: Audience.Index, id: Int64) -> Member {
        Member(
            audience: audience, key: .row(id), customerID: customerID, email: email.flatMap(Normalization.key),
            code: code.flatMap(Normalization.key), quantity: quantity, category: category, seat: seat,
            location: location, window: ValidityWindow(from: from, until: until))
    }
}

/// An attendee row's values (SPEC §6 Attendee members, §8 Attendees), as sent.
public struct AttendeeFields: Sendable, Equatable {
    public var customerID: String?
    public var email: String?
    public var barcode: String?

    public init(customerID: String? = nil, email: String? = nil, barcode: String? = nil) {
        self.customerID = customerID; self.email = email; self.barcode = barcode
    }

    public var hasIdentity: Bool { customerID != nil || email != nil || barcode != nil }

    /// The row's content as usage keys it (`CatalogBuilder`'s attendee members): the values
    /// as stored, joined by U+001F.
    var content: String { [customerID ?? "", email ?? "", barcode ?? ""].joined(separator: "\u{1F}") }

    /// Whether the served attendee member `member` is a row with these values, compared as
    /// DEL_ATTENDEE compares them: customer byte for byte, e-mail and barcode normalised, a
    /// value not given matching only a row without one.
    func matches(_ member: Member) -> Bool {
        CustomerKey.optional(customerID) == CustomerKey.optional(member.customerID)
            && email.flatMap(Normalization.key) == member.email && barcode.flatMap(Normalization.key) == member.code
    }
}

extension AttendeeFields {
    /// Whether `other` (a row of the file) is a row with these values, as DEL_ATTENDEE
    /// compares them (see `matches`).
    public func sameRow(as other: AttendeeFields) -> Bool {
        CustomerKey.optional(customerID) == CustomerKey.optional(other.customerID.flatMap { $0.isEmpty ? nil : $0 })
            && email.flatMap(Normalization.key) == other.email.flatMap(Normalization.key)
            && barcode.flatMap(Normalization.key) == other.barcode.flatMap(Normalization.key)
    }
}

extension CustomerKey {
    static func optional(_ value: String?) -> CustomerKey? { value.map(CustomerKey.init) }
}
