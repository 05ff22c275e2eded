/// How the memory comparison of issue 17 stores a Tessera catalog in Redis: the way a
/// Redis application answering the same questions would, with Redis's defaults (so small
/// hashes and sets use its compact encodings), lean where a choice was free:
///
/// - a row of `members` is a hash `member:<id>` of its non-null columns, and the member's id
///   is in the set `audience:<audience_id>:members`;
/// - members are found by identity through three hashes, `index:customer`, `index:email`
///   (e-mail in lower case) and `index:code` (code in upper case), each field an identity and
///   its value the ids of the members it matches, comma-separated (a customer may be a member
///   of several audiences): one hash entry per identity, not one key each;
/// - an attendee row is a hash `attendee:<rowid>` in the set `event:<event_id>:attendees`,
///   found through `index:attendee-customer`, `index:attendee-email`, `index:attendee-barcode`;
/// - events, ticket types, audiences and offers are hashes `event:<id>`, `ticket:<id>`,
///   `audience:<id>`, `offer:<id>`; a ticket type is in the set `event:<event_id>:tickets`,
///   an offer in `audience:<audience_id>:offers`; `offer_events` and `offer_tickets` rows are
///   the sets `offer:<offer_id>:events` and `offer:<offer_id>:tickets`; a seat is a field of
///   the hash `event:<event_id>:seats`, its value `<category>|<locked>`.
enum RedisCatalogLayout {
    /// An identity of a row, for the index hashes: added to `Indexes`, written at the end.
    struct IndexEntry: Equatable {
        var index: String
        var identity: String
        var id: String
    }

    /// The commands that store one row of `table` (`columns` and `values` in the same order,
    /// nil for NULL), and the index entries it adds.
    static func commands(
        table: String, rowid: Int64, columns: [String], values: [String?]
    ) -> (commands: [[String]], index: [IndexEntry]) {
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
            var index: [IndexEntry] = []
            if let customer = row["customer_id"] { index.append(.init(index: "index:customer", identity: customer, id: id)) }
            if let email = row["email"] { index.append(.init(index: "index:email", identity: email.lowercased(), id: id)) }
            if let code = row["code"] { index.append(.init(index: "index:code", identity: code.uppercased(), id: id)) }
            return (commands, index)
        case "attendees":
            let id = String(rowid)
            var commands = [hash("attendee:\(id)", without: [])]
            if let event = row["event_id"] { commands.append(add("event:\(event):attendees", id)) }
            var index: [IndexEntry] = []
            if let customer = row["customer_id"] { index.append(.init(index: "index:attendee-customer", identity: customer, id: id)) }
            if let email = row["email"] { index.append(.init(index: "index:attendee-email", identity: email.lowercased(), id: id)) }
            if let barcode = row["barcode"] { index.append(.init(index: "index:attendee-barcode", identity: barcode.uppercased(), id: id)) }
            return (commands, index)
        case "events":
            return ([hash("event:\(row["id"] ?? "")", without: ["id"])], [])
        case "ticket_types":
            let id = row["id"] ?? ""
            return ([hash("ticket:\(id)", without: ["id"]), add("event:\(row["event_id"] ?? ""):tickets", id)], [])
        case "audiences":
            return ([hash("audience:\(row["id"] ?? "")", without: ["id"])], [])
        case "offers":
            let id = row["id"] ?? ""
            return ([hash("offer:\(id)", without: ["id"]), add("audience:\(row["audience_id"] ?? ""):offers", id)], [])
        case "offer_events":
            return ([add("offer:\(row["offer_id"] ?? ""):events", row["event_id"] ?? "")], [])
        case "offer_tickets":
            return ([add("offer:\(row["offer_id"] ?? ""):tickets", row["ticket_type_id"] ?? "")], [])
        case "seats":
            let value = (row["category"] ?? "") + "|" + (row["locked"] ?? "1")
            return ([["HSET", "event:\(row["event_id"] ?? ""):seats", row["label"] ?? "", value]], [])
        default:
            return ([], [])
        }
    }
}

/// The index hashes' contents, gathered while the rows stream past (one identity may name
/// several members), then written as HSETs of up to `fieldsPerCommand` fields each.
struct RedisIndexes {
    /// index → identity → comma-separated ids.
    private var indexes: [String: [String: String]] = [:]

    mutating func add(_ entry: RedisCatalogLayout.IndexEntry) {
        if let ids = indexes[entry.index]?[entry.identity] {
            indexes[entry.index]![entry.identity] = ids + "," + entry.id
        } else {
            indexes[entry.index, default: [:]][entry.identity] = entry.id
        }
    }

    /// HSET commands, indexes and identities in sorted order (deterministic).
    func commands(fieldsPerCommand: Int = 64) -> [[String]] {
        var commands: [[String]] = []
        for name in indexes.keys.sorted() {
            let entries = indexes[name]!.sorted { $0.key < $1.key }
            var i = 0
            while i < entries.count {
                var command = ["HSET", name]
                for (identity, ids) in entries[i..<min(entries.count, i + fieldsPerCommand)] { command += [identity, ids] }
                commands.append(command)
                i += fieldsPerCommand
            }
        }
        return commands
    }
}
