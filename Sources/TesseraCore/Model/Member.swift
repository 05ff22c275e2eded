/// One entry of an audience: a catalog `members` row or an attendee of the
/// audience's source event.
public struct Member: Sendable {
    public let audience: Audience.Index
    public let key: MemberKey
    public let customerID: String?
    /// Normalised (trimmed, NFC, lower-case); nil when absent or empty.
    public let email: String?
    /// Normalised like `email`.
    public let code: String?
    /// nil: the offer's `per_member` applies.
    public let quantity: Int?
    public let category: String?
    public let seat: String?
    public let location: String?
    public let window: ValidityWindow
}

/// Who a member is for the usage ledger, stable across reloads: the members
/// row id, or for an attendee the row's content and its occurrence number
/// (SPEC §6), so rewriting the attendees table gives no allowance twice.
public enum MemberKey: Hashable, Sendable {
    case row(Int64)
    case attendee(String)

    /// The text stored in the ledger: `m:<id>` or `a:<content>`.
    public var ledgerText: String {
        switch self {
        case .row(let id): "m:\(id)"
        case .attendee(let content): "a:" + content
        }
    }

    public init?(ledgerText text: String) {
        if text.hasPrefix("m:"), let id = Int64(text.dropFirst(2)) {
            self = .row(id)
        } else if text.hasPrefix("a:") {
            self = .attendee(String(text.dropFirst(2)))
        } else {
            return nil
        }
    }
}
