import TesseraCore

/// The rules a new member must pass before it is written, the same for every row
/// of a sheet and for `members add`:
/// - a code, an e-mail or a customer id (otherwise nobody could ever match it);
/// - quantity empty (the offer's `per_member`) or a whole number 0…1,000,000,000;
/// - an e-mail that looks like one;
/// - valid from / until that the server parses (`Instant(iso8601:)`), from before until;
/// - one person is one member of the audience (SPEC §8): no code or e-mail (compared
///   normalised, as the server matches them) and no customer id (byte for byte) that a
///   member of the audience or an earlier row of the sheet already has
///   (`MemberIdentities`). The server refuses a whole catalog with a duplicate code in
///   one audience (SPEC §2), and a person entered twice would get twice the allowance.
///
/// With `updates` (`import --update`), a row whose values belong to exactly one member
/// of the audience, and to no earlier row, is accepted as an update of that member; a
/// row that matches two members is refused all the same, since it cannot say which one
/// it means.
public struct MemberRowValidator {
    /// Keeps member sums far from overflow whatever the audience size.
    public static let maximumQuantity = 1_000_000_000

    public let audienceName: String
    /// Whether a row that matches one member updates it instead of being refused.
    public let updates: Bool
    private var identities: MemberIdentities

    /// - Parameter identities: the audience's members (`MemberIdentities(reading:…)`).
    init(audienceName: String, identities: MemberIdentities, updates: Bool = false) {
        self.audienceName = audienceName
        self.identities = identities
        self.updates = updates
    }

    /// Checks one row. `text` gives a field's text, nil when the row leaves it empty.
    /// An accepted row's values count from now on, so a later row with one of them is
    /// refused.
    public mutating func validate(line: Int, _ text: (MemberField) -> String?) -> Result<AcceptedRow, Rejection> {
        var values = MemberValues(
            customerID: text(.customer), email: text(.email), code: text(.code), quantity: nil,
            category: text(.category), seat: text(.seat), location: text(.location),
            validFrom: text(.validFrom), validUntil: text(.validUntil), name: text(.name))
        var reasons: [String] = []
        if values.code == nil && values.email == nil && values.customerID == nil {
            reasons.append("needs a code, an e-mail or a customer id")
        }
        if let quantity = text(.quantity) {
            if let n = Self.quantity(quantity) {
                values.quantity = n
            } else {
                reasons.append("quantity must be a whole number from 0 to \(Self.maximumQuantity), got '\(quantity)'")
            }
        }
        if let email = values.email, !EmailCheck.isPlausible(email) {
            reasons.append("e-mail '\(email)' does not look like an address")
        }
        let from = time(values.validFrom, .validFrom, &reasons)
        let until = time(values.validUntil, .validUntil, &reasons)
        if let from, let until, from >= until {
            reasons.append(
                "valid until (\(values.validUntil ?? "")) must be after valid from (\(values.validFrom ?? ""))")
        }
        // A row that passed the checks above takes its values at once (the usual case,
        // one dictionary operation per value); one that failed only looks who has them.
        let keys = MemberIdentities.Keys(values)
        let collisions =
            reasons.isEmpty ? identities.take(keys, values, line: line) : identities.collisions(keys, values)
        if collisions.isEmpty && reasons.isEmpty { return .success(AcceptedRow(values: values)) }
        if updates, let member = Self.onlyMember(collisions) {
            guard reasons.isEmpty else { return .failure(Rejection(line: line, reasons: reasons)) }
            identities.claim(keys, line: line, updating: member)
            return .success(AcceptedRow(values: values, member: member))
        }
        reasons += MemberCollision.reasons(collisions, audienceName: audienceName)
        let members = Self.members(collisions)
        if updates && members.count > 1 {
            reasons.append(
                "--update changes one member per row, and this row matches members "
                    + MemberCollision.listed(members.map(String.init)))
        }
        return .failure(Rejection(line: line, reasons: reasons))
    }

    /// The member a row updates: the one member all its collisions name, none of
    /// them an earlier row or a member an earlier row updates.
    private static func onlyMember(_ collisions: [MemberCollision]) -> Int64? {
        guard case .member(let id) = collisions.first?.holder else { return nil }
        return collisions.allSatisfy({ $0.holder == .member(id) }) ? id : nil
    }

    /// The members the collisions name, in order of first appearance.
    private static func members(_ collisions: [MemberCollision]) -> [Int64] {
        var ids: [Int64] = []
        for collision in collisions {
            switch collision.holder {
            case .member(let id), .updated(let id, _): if !ids.contains(id) { ids.append(id) }
            case .line: break
            }
        }
        return ids
    }

    /// A whole number without sign, within `maximumQuantity`.
    static func quantity(_ text: String) -> Int? {
        guard !text.isEmpty, text.utf8.count <= 10, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
            let n = Int(text), n <= maximumQuantity
        else { return nil }
        return n
    }

    private func time(_ text: String?, _ field: MemberField, _ reasons: inout [String]) -> Instant? {
        guard let text else { return nil }
        guard let instant = Instant(iso8601: text) else {
            reasons.append("\(field) '\(text)' is not a date or time (2026-12-01 or 2026-12-01T19:00:00+01:00)")
            return nil
        }
        return instant
    }
}

/// A row that passed every rule: what to write, and whether it is a new member.
public struct AcceptedRow: Sendable, Equatable {
    public var values: MemberValues
    /// The member this row updates (`import --update`); nil: a new member.
    public var member: Int64?

    public init(values: MemberValues, member: Int64? = nil) {
        self.values = values
        self.member = member
    }
}
