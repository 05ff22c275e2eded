/// One entry of an audience: a catalog `members` row or an attendee of the
/// audience's source event.
///
/// Compact on purpose (issue 17: a million-member catalog's memory is mostly its members):
/// the fields every member may use to be found live in the struct; the ones most members
/// leave empty (quantity, category, seat, location, validity window) live in one shared
/// `MemberExtras`, nil when all are empty, so a typical member is 88 bytes instead of 184.
public struct Member: Sendable {
    public let audience: Audience.Index
    public let key: MemberKey
    public let customerID: String?
    /// Normalised (trimmed, NFC, lower-case); nil when absent or empty.
    public let email: String?
    /// Normalised like `email`.
    public let code: String?
    /// nil: every other field below is empty.
    @usableFromInline let extras: MemberExtras?

    /// nil: the offer's `per_member` applies.
    @inlinable public var quantity: Int? { extras?.quantity }
    public var category: String? { extras?.category }
    public var seat: String? { extras?.seat }
    public var location: String? { extras?.location }
    @inlinable public var window: ValidityWindow { extras?.window ?? .always }

    public init(
        audience: Audience.Index, key: MemberKey, customerID: String?, email: String?, code: String?, quantity: Int?,
        category: String?, seat: String?, location: String?, window: ValidityWindow
    ) {
        self.init(
            audience: audience, key: key, customerID: customerID, email: email, code: code,
            extras: MemberExtras(quantity: quantity, category: category, seat: seat, location: location, window: window))
    }

    /// With `extras` already made (and shared: `MemberExtras.Interner`).
    init(audience: Audience.Index, key: MemberKey, customerID: String?, email: String?, code: String?, extras: MemberExtras?) {
        self.audience = audience; self.key = key; self.customerID = customerID; self.email = email; self.code = code
        self.extras = extras
    }
}

/// The fields of a member that most members leave empty, shared by every member with the
/// same values (a catalog's members of one category and window share one object).
@usableFromInline final class MemberExtras: Sendable {
    @usableFromInline let quantity: Int?
    let category: String?
    let seat: String?
    let location: String?
    @usableFromInline let window: ValidityWindow

    /// nil when every field is empty: such a member needs no object.
    init?(quantity: Int?, category: String?, seat: String?, location: String?, window: ValidityWindow) {
        if quantity == nil && category == nil && seat == nil && location == nil && window == .always { return nil }
        self.quantity = quantity; self.category = category; self.seat = seat; self.location = location
        self.window = window
    }

    /// Hands out one object per distinct set of values while a catalog is built.
    struct Interner {
        /// Texts compared byte for byte, not as Swift strings (which call canonically
        /// equivalent texts equal): a member's values are kept exactly as the catalog has them.
        private struct Values: Hashable {
            var quantity: Int?
            var category: String?
            var seat: String?
            var location: String?
            var window: ValidityWindow

            static func == (a: Values, b: Values) -> Bool {
                a.quantity == b.quantity && a.window == b.window && same(a.category, b.category)
                    && same(a.seat, b.seat) && same(a.location, b.location)
            }

            func hash(into hasher: inout Hasher) {
                hasher.combine(quantity)
                hasher.combine(window)
                Self.hash(category, into: &hasher)
                Self.hash(seat, into: &hasher)
                Self.hash(location, into: &hasher)
            }

            private static func hash(_ text: String?, into hasher: inout Hasher) {
                guard var text else { return hasher.combine(0 as UInt8) }
                hasher.combine(1 as UInt8)
                text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
                hasher.combine(text.utf8.count)
            }

            private static func same(_ a: String?, _ b: String?) -> Bool {
                switch (a, b) {
                case (nil, nil): true
                case (let x?, let y?): x.utf8.elementsEqual(y.utf8)
                default: false
                }
            }
        }
        private var made: [Values: MemberExtras] = [:]

        mutating func extras(
            quantity: Int?, category: String?, seat: String?, location: String?, window: ValidityWindow
        ) -> MemberExtras? {
            let values = Values(quantity: quantity, category: category, seat: seat, location: location, window: window)
            if let existing = made[values] { return existing }
            guard let extras = MemberExtras(quantity: quantity, category: category, seat: seat, location: location, window: window)
            else { return nil }
            made[values] = extras
            return extras
        }
    }
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
