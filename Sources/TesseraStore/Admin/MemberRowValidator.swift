import TesseraCore

/// The rules a new member must pass before it is written, the same for every row
/// of a sheet and for `members add`:
/// - a code, an e-mail or a customer id (otherwise nobody could ever match it);
/// - quantity empty (the offer's `per_member`) or a whole number 0…1,000,000,000;
/// - an e-mail that looks like one;
/// - valid from / until that the server parses (`Instant(iso8601:)`), from before until;
/// - a code that is not already in the audience nor earlier in the sheet, compared
///   normalised exactly as the server matches codes (`Normalization.key`, via `CodeKey`): the server
///   refuses a whole catalog with a duplicate code in one audience (SPEC §2).
public struct MemberRowValidator {
    /// Keeps member sums far from overflow whatever the audience size.
    public static let maximumQuantity = 1_000_000_000

    public let audienceName: String
    /// Normalised code → the line that brought it; 0 for codes already in the audience.
    private var codes: [String: Int]

    /// - Parameter existingCodes: the audience's codes, as stored (normalised here).
    public init(audienceName: String, existingCodes: some Sequence<String>, expectedRows: Int = 0) {
        self.audienceName = audienceName
        codes = [:]
        codes.reserveCapacity(expectedRows)
        for code in existingCodes {
            if let key = CodeKey.key(code) { codes[key] = 0 }
        }
    }

    /// Checks one row. `text` gives a field's text, nil when the row leaves it empty.
    /// An accepted row's code counts from now on, so a later row with it is refused.
    public mutating func validate(line: Int, _ text: (MemberField) -> String?) -> Result<MemberValues, Rejection> {
        var values = MemberValues(
            customerID: text(.customer), email: text(.email), code: text(.code), quantity: nil,
            category: text(.category), seat: text(.seat), location: text(.location),
            validFrom: text(.validFrom), validUntil: text(.validUntil))
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
        var key: String?
        if let code = values.code {
            key = CodeKey.key(code)
            if let key, let other = codes[key] {
                reasons.append(
                    other == 0
                        ? "code '\(code)' is already in audience '\(audienceName)'"
                        : "code '\(code)' is also on line \(other)")
            }
        }
        guard reasons.isEmpty else { return .failure(Rejection(line: line, reasons: reasons)) }
        if let key { codes[key] = line }
        return .success(values)
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
