/// How the memory comparison of issue 17 stores a Tessera catalog in Redis: the way a
/// Redis application answering the same questions would, one key per thing looked up.
///
/// - a row of `members` is a hash `member:<id>` of its non-null columns; the member's id
///   is added to the set `audience:<audience_id>:members`, and to one set per identity it
///   can be found by: `customer:<customer_id>`, `email:<e-mail, lower case>`,
///   `code:<code, upper case>` (a customer may be a member of several audiences, so each
///   identity names a set of member ids; small sets of integers are Redis's compact intsets);
/// - an attendee row is a hash `attendee:<rowid>`, in the set `event:<event_id>:attendees`
///   and in `attendee-customer:`, `attendee-email:`, `attendee-barcode:` sets the same way;
/// - events, ticket types, audiences and offers are hashes `event:<id>`, `ticket:<id>`,
///   `audience:<id>`, `offer:<id>`; a ticket type is in `event:<event_id>:tickets`, an offer
///   in `audience:<audience_id>:offers`; `offer_events` and `offer_tickets` rows are the sets
///   `offer:<offer_id>:events` and `offer:<offer_id>:tickets`; a seat is a field of the hash
///   `event:<event_id>:seats`, its value `<category>|<locked>`.
///
/// Redis runs with its defaults, so small hashes and sets use its compact encodings.
enum RedisCatalogLayout {
    /// The commands that store one row of `table` (`columns` and `values` in the same order,
    /// nil for NULL).
    static func commands(table: String, rowid: Int64, columns: [String], values: [String?]) -> [[String]] {
        var row: [String: String] = [:]
        var fields: [String] = []
        for (column, value) in zip(columns, values) {
            guard let value else { continue }
            row[column] = value
            fields += [column, value]
        }
        func hash(_ key: String, without skipped: Set<String>) -> [String] {
            var command = ["HSET", key]
            for i in stride(from: 0, to: fields.count, by: 2) where !skipped.contains(fields[i]) {
                command += [fields[i], fields[i + 1]]
            }
            return command
        }
        func add(_ set: String, _ member: String) -> [String] { ["SADD", set, member] }

        switch table {
        case "members":
            let id = row["id"] ?? String(rowid)
            var commands = [hash("member:\(id)", without: ["id"])]
            if let audience = row["audience_id"] { commands.append(add("audience:\(audience):members", id)) }
            if let customer = row["customer_id"] { commands.append(add("customer:\(customer)", id)) }
            if let email = row["email"] { commands.append(add("email:\(email.lowercased())", id)) }
            if let code = row["code"] { commands.append(add("code:\(code.uppercased())", id)) }
            return commands
        case "attendees":
            let id = String(rowid)
            var commands = [hash("attendee:\(id)", without: [])]
            if let event = row["event_id"] { commands.append(add("event:\(event):attendees", id)) }
            if let customer = row["customer_id"] { commands.append(add("attendee-customer:\(customer)", id)) }
            if let email = row["email"] { commands.append(add("attendee-email:\(email.lowercased())", id)) }
            if let barcode = row["barcode"] { commands.append(add("attendee-barcode:\(barcode.uppercased())", id)) }
            return commands
        case "events":
            return [hash("event:\(row["id"] ?? "")", without: ["id"])]
        case "ticket_types":
            let id = row["id"] ?? ""
            return [hash("ticket:\(id)", without: ["id"]), add("event:\(row["event_id"] ?? ""):tickets", id)]
        case "audiences":
            return [hash("audience:\(row["id"] ?? "")", without: ["id"])]
        case "offers":
            let id = row["id"] ?? ""
            return [hash("offer:\(id)", without: ["id"]), add("audience:\(row["audience_id"] ?? ""):offers", id)]
        case "offer_events":
            return [add("offer:\(row["offer_id"] ?? ""):events", row["event_id"] ?? "")]
        case "offer_tickets":
            return [add("offer:\(row["offer_id"] ?? ""):tickets", row["ticket_type_id"] ?? "")]
        case "seats":
            let value = (row["category"] ?? "") + "|" + (row["locked"] ?? "1")
            return [["HSET", "event:\(row["event_id"] ?? ""):seats", row["label"] ?? "", value]]
        default:
            return []
        }
    }
}
