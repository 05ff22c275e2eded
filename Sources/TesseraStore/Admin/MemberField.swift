/// The columns of a member a sheet can fill (SPEC §2 `members`, without the ids).
public enum MemberField: String, CaseIterable, Sendable, Hashable {
    case code, email, customer, quantity, category, seat, location, validFrom, validUntil

    /// The header `export` writes; `import` recognises it again.
    public var header: String {
        switch self {
        case .code: "Code"
        case .email: "Email"
        case .customer: "Customer"
        case .quantity: "Quantity"
        case .category: "Category"
        case .seat: "Seat"
        case .location: "Location"
        case .validFrom: "Valid from"
        case .validUntil: "Valid until"
        }
    }

    /// The `members` column it fills.
    public var column: String {
        switch self {
        case .code: "code"
        case .email: "email"
        case .customer: "customer_id"
        case .quantity: "quantity"
        case .category: "category"
        case .seat: "seat"
        case .location: "location"
        case .validFrom: "valid_from"
        case .validUntil: "valid_until"
        }
    }

    /// Reads a header cell or a `--map` key: case, spaces, `_` and `-` do not matter,
    /// so `Seat Label`, `seat_label`, `E-mail` and `Valid From` all work. The names
    /// are those of the sheets operators already have (Billetto exports `Barcode`,
    /// `Number of tickets`, `Seat Label`) plus the SQL column names.
    public init?(header: String) {
        let key = String(
            header.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || $0.properties.numericType != nil }
        )
        switch key {
        case "code", "barcode", "accesscode", "promocode": self = .code
        case "email", "emailaddress", "mail": self = .email
        case "customer", "customerid", "customerno", "customernumber": self = .customer
        case "quantity", "qty", "numberoftickets", "tickets": self = .quantity
        case "category", "seatcategory": self = .category
        case "seat", "seatlabel": self = .seat
        case "location": self = .location
        case "validfrom": self = .validFrom
        case "validuntil", "validto": self = .validUntil
        default: return nil
        }
    }

    /// Position in `allCases`.
    var position: Int {
        switch self {
        case .code: 0
        case .email: 1
        case .customer: 2
        case .quantity: 3
        case .category: 4
        case .seat: 5
        case .location: 6
        case .validFrom: 7
        case .validUntil: 8
        }
    }
}
