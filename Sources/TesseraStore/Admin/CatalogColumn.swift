/// One column of a catalog table that the catalog commands set from an option: its SQL
/// name, the option that sets it, and how the option's text becomes a value.
///
/// Declared once per table (`CatalogColumn.events`, `.ticketTypes`, `.seats`, `.offers`):
/// the commands' options, their parsing and the SQL they write all read these rows.
/// Only the value's shape is checked here (a whole number, a flag); what a value means
/// (an enum, a time, a range) is the server's loader's job, run after every change.
public struct CatalogColumn: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case text
        case integer
        /// 0 or 1, written `yes`/`no` (or `1`/`0`, `true`/`false`).
        case flag
    }

    /// The SQL column.
    public let name: String
    /// The command-line option, without `--`.
    public let option: String
    public let kind: Kind
    /// `none` sets NULL.
    public let nullable: Bool
    /// A SPEC §7 column a catalog may lack: added with ALTER TABLE when first set.
    public let addedWhenSet: Bool

    init(_ name: String, option: String? = nil, _ kind: Kind = .text, nullable: Bool = false, added: Bool = false) {
        self.name = name
        self.option = option ?? String(name.map { $0 == "_" ? "-" : $0 })
        self.kind = kind
        self.nullable = nullable
        self.addedWhenSet = added
    }

    /// The value `text` stands for in this column: `none` is NULL where the column
    /// allows it; a whole number for integers; yes/no for flags.
    public func value(_ text: String) throws(AdminError) -> CatalogValue {
        if nullable && text == "none" { return .null }
        switch kind {
        case .text:
            return .text(text)
        case .integer:
            guard let n = Int(text.trimmed) else {
                throw AdminError("--\(option) must be a whole number\(nullable ? " or none" : ""), got '\(text)'")
            }
            return .integer(n)
        case .flag:
            switch text.trimmed.lowercased() {
            case "yes", "1", "true": return .integer(1)
            case "no", "0", "false": return .integer(0)
            default: throw AdminError("--\(option) must be yes or no, got '\(text)'")
            }
        }
    }

    /// The columns `tessera event add|set` sets (the id is the key).
    public static let events: [CatalogColumn] = [
        .init("name"), .init("starts_at", nullable: true),
    ]
    /// `tessera ticket add|set`: `--event` names the event by id or name.
    public static let ticketTypes: [CatalogColumn] = [
        .init("name"), .init("event_id", option: "event"), .init("price", .integer), .init("exclusive", .flag),
    ]
    /// `tessera seat add` (the event and label are the key).
    public static let seats: [CatalogColumn] = [
        .init("category", nullable: true), .init("locked", .flag),
    ]
    /// `tessera offer add|set`, SPEC §2 and §7: `--audience` names the audience by id or
    /// name; `enabled` is `enable`/`disable`.
    public static let offers: [CatalogColumn] = [
        .init("name"), .init("audience_id", option: "audience"), .init("unlock"), .init("promo_code", nullable: true),
        .init("discount"), .init("value", .integer), .init("per_member", .integer, nullable: true),
        .init("per_order", .integer, nullable: true), .init("total", .integer, nullable: true), .init("scope"),
        .init("period", nullable: true), .init("timezone"), .init("valid_from", nullable: true),
        .init("valid_until", nullable: true), .init("min_order", .integer, nullable: true, added: true),
        .init("budget", .integer, nullable: true, added: true),
    ]
}

/// A value for one column: what `CatalogColumn.value` makes of an option's text.
public enum CatalogValue: Sendable, Equatable, SQLBindable {
    case null
    case text(String)
    case integer(Int)

    func bind(to statement: Statement, at index: Int) throws {
        switch self {
        case .null: try statement.bindNull(at: index)
        case .text(let text): try statement.bind(text, at: index)
        case .integer(let n): try statement.bind(n, at: index)
        }
    }
}
