import TesseraCore
import TesseraProtocol

/// A §8 change request with its line checked (SPEC §8 Values, Errors: `bad_request` for the
/// line), before anything is looked up in the served catalog: those checks wait until the
/// change's turn (`LiveChanges`), so each sees the catalog as the changes before it left it.
enum MembershipRequest: Sendable {
    case add(audienceID: String, fields: MemberFields)
    /// `given`: the keys the request had, each with its value (nil clears).
    case set(id: Int64, given: GivenMemberValues)
    case delete(id: Int64)
    case addAttendee(eventID: String, fields: AttendeeFields)
    case deleteAttendee(eventID: String, fields: AttendeeFields)

    /// The member value keys in §2's column order, with their `members` columns.
    static let memberColumns: [(key: String, column: String)] = [
        ("customer", "customer_id"), ("email", "email"), ("code", "code"), ("quantity", "quantity"),
        ("category", "category"), ("seat", "seat"), ("location", "location"), ("valid_from", "valid_from"),
        ("valid_until", "valid_until"),
    ]

    static func parse(_ request: Request) throws(ErrorReply) -> MembershipRequest {
        switch request.verb {
        case .addMember:
            let given = try GivenMemberValues(request)
            var fields = MemberFields()
            given.apply(to: &fields)
            guard fields.hasIdentity else { throw .badRequest("ADD_MEMBER needs a customer, email or code") }
            return .add(audienceID: request.required("audience"), fields: fields)
        case .setMember:
            return .set(id: try memberID(request), given: try GivenMemberValues(request))
        case .delMember:
            return .delete(id: try memberID(request))
        case .addAttendee, .delAttendee:
            let fields = AttendeeFields(
                customerID: value(request, "customer"), email: identityValue(request, "email"),
                barcode: identityValue(request, "barcode"))
            guard fields.hasIdentity else {
                throw .badRequest("\(request.verb.name) needs a customer, email or barcode")
            }
            let event = request.required("event")
            return request.verb == .addAttendee
                ? .addAttendee(eventID: event, fields: fields) : .deleteAttendee(eventID: event, fields: fields)
        default:
            preconditionFailure("\(request.verb.name) is not a membership change")
        }
    }

    /// `member=`: a whole number 1…9223372036854775807 (SPEC §8 Errors).
    static func memberID(_ request: Request) throws(ErrorReply) -> Int64 {
        Int64(try request.wholeNumber("member", in: 1...Int.max)!)
    }

    /// A value as stored: an empty one is no value.
    static func value(_ request: Request, _ key: String) -> String? {
        guard let text = request.value(key), !text.isEmpty else { return nil }
        return text
    }

    /// An e-mail, code or barcode: also one of white space only is no value (SPEC §8 Values).
    static func identityValue(_ request: Request, _ key: String) -> String? {
        guard let text = value(request, key), Normalization.key(text) != nil else { return nil }
        return text
    }
}

/// The member values a request gave (SPEC §8), checked as a catalog row is (§2, §6): a
/// quantity 0…2147483647, times in the catalog's formats. Keys not given are absent; a key
/// given empty clears its value.
struct GivenMemberValues: Sendable {
    /// Column, key and value as stored (nil: no value), in §2's column order.
    var values: [(column: String, key: String, value: String?)] = []
    var quantity: Int?
    var from: Instant?
    var until: Instant?

    init(_ request: Request) throws(ErrorReply) {
        for (key, column) in MembershipRequest.memberColumns where request.value(key) != nil {
            let text: String?
            switch key {
            case "email", "code": text = MembershipRequest.identityValue(request, key)
            default: text = MembershipRequest.value(request, key)
            }
            switch key {
            case "quantity":
                if text != nil { quantity = try request.wholeNumber("quantity", in: 0...2_147_483_647) }
            case "valid_from", "valid_until":
                if let text {
                    guard let instant = Instant(iso8601: text) else {
                        throw .badRequest("\(key) must be a time as the catalog writes one (2026-12-01T00:00:00Z, 2026-12-01)")
                    }
                    if key == "valid_from" { from = instant } else { until = instant }
                }
            default: break
            }
            values.append((column, key, text))
        }
    }

    var isEmpty: Bool { values.isEmpty }

    /// `fields` with the given values in place of its own.
    func apply(to fields: inout MemberFields) {
        for (_, key, value) in values {
            switch key {
            case "customer": fields.customerID = value
            case "email": fields.email = value
            case "code": fields.code = value
            case "quantity": fields.quantity = quantity
            case "category": fields.category = value
            case "seat": fields.seat = value
            case "location": fields.location = value
            case "valid_from": fields.validFrom = value; fields.from = from
            case "valid_until": fields.validUntil = value; fields.until = until
            default: break
            }
        }
    }

    /// The `members` columns to update, with their values as stored.
    var columns: [(String, String?)] { values.map { ($0.column, $0.value) } }
}

extension MemberFields {
    /// The identity values (customer id, e-mail, code) `given` names, as `from` has them:
    /// what SET_MEMBER's conflict check looks at.
    mutating func apply(given: GivenMemberValues, from: MemberFields) {
        for (_, key, _) in given.values {
            switch key {
            case "customer": customerID = from.customerID
            case "email": email = from.email
            case "code": code = from.code
            default: break
            }
        }
    }
}
