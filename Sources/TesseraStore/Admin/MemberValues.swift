/// The values of one member as written to `members` (SPEC §2), before it has a row.
/// Text is kept as the operator wrote it (trimmed); only comparisons normalise.
public struct MemberValues: Sendable, Equatable {
    public var customerID: String?
    public var email: String?
    public var code: String?
    /// nil: the offer's `per_member` applies.
    public var quantity: Int?
    public var category: String?
    public var seat: String?
    public var location: String?
    public var validFrom: String?
    public var validUntil: String?
    /// A person's name, for people searching (`members.name`, which Tessera adds).
    public var name: String?

    public init(
        customerID: String? = nil, email: String? = nil, code: String? = nil, quantity: Int? = nil,
        category: String? = nil, seat: String? = nil, location: String? = nil, validFrom: String? = nil,
        validUntil: String? = nil, name: String? = nil
    ) {
        self.customerID = customerID
        self.email = email
        self.code = code
        self.quantity = quantity
        self.category = category
        self.seat = seat
        self.location = location
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.name = name
    }

    /// The value of one field as text, as `export` writes it.
    public subscript(field: MemberField) -> String? {
        switch field {
        case .code: code
        case .email: email
        case .customer: customerID
        case .quantity: quantity.map(String.init)
        case .category: category
        case .seat: seat
        case .location: location
        case .validFrom: validFrom
        case .validUntil: validUntil
        case .name: name
        }
    }
}

/// A member as stored: its row id, its audience and its values.
public struct StoredMember: Sendable, Equatable {
    public var id: Int64
    public var audienceID: String
    public var values: MemberValues

    public init(id: Int64, audienceID: String, values: MemberValues) {
        self.id = id
        self.audienceID = audienceID
        self.values = values
    }
}
