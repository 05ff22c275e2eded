/// Seats of an event: list, add, delete, and a seat map from a sheet. Every change is
/// checked by the server's loader (`checkedWrite`).
extension CatalogEditor {
    /// The seats of one event (or of every event), by event then label.
    public func seats(event: String? = nil) throws(AdminError) -> [SeatRecord] {
        try read {
            let eventID = try event.map(resolveEvent)
            let statement = try db.prepare(
                "SELECT event_id, label, category, locked FROM seats \(eventID == nil ? "" : "WHERE event_id = ?") "
                    + "ORDER BY event_id, label")
            if let eventID { try statement.bind(eventID, at: 1) }
            var seats: [SeatRecord] = []
            while try statement.step() == .row {
                seats.append(
                    SeatRecord(
                        eventID: statement.text(at: 0), label: statement.text(at: 1),
                        category: optionalText(statement, 2), locked: statement.int64(at: 3) != 0))
            }
            return seats
        }
    }

    /// Adds one seat; `values` by column (`category`, `locked`; locked by default, as
    /// SPEC §2 says).
    public func addSeat(event: String, label: String, _ values: [String: String] = [:]) throws(AdminError) {
        try checkedWrite {
            let eventID = try resolveEvent(event)
            let label = label.trimmed
            guard !label.isEmpty else { throw AdminError("a seat needs a label") }
            guard try count("SELECT count(*) FROM seats WHERE event_id = ? AND label = ?", eventID, label) == 0 else {
                throw AdminError("event '\(eventID)' already has a seat '\(label)'")
            }
            try insert(
                "seats",
                [("event_id", .text(eventID)), ("label", .text(label))]
                    + parsed(values, CatalogColumn.seats, table: "seats"))
        }
    }

    /// Deletes one seat.
    public func deleteSeat(event: String, label: String) throws(AdminError) {
        try checkedWrite {
            let eventID = try resolveEvent(event)
            try run("DELETE FROM seats WHERE event_id = ? AND label = ?", eventID, label.trimmed)
            guard db.changes > 0 else {
                throw AdminError("event '\(eventID)' has no seat '\(label)' (tessera seat list --event \(eventID) shows them)")
            }
        }
    }

    /// Reads a seat map sheet for one event: a header row naming `label` (or `seat`),
    /// and optionally `category` and `locked`, in any case and order. A new label adds
    /// a seat (locked when the sheet says nothing); a label the event has updates the
    /// columns the sheet has. The whole sheet or nothing: the first bad line stops it.
    @discardableResult
    public func importSeats(event: String, from reader: CSVReader) throws(AdminError) -> SeatImport {
        guard let header = try reader.next() else { throw AdminError("\(reader.name) is empty") }
        var positions: [String: Int] = [:]
        for (i, cell) in header.fields.enumerated() {
            let key = cell.trimmed.lowercased()
            let column: String
            switch key {
            case "label", "seat", "seat label": column = "label"
            case "category", "locked": column = key
            default:
                throw AdminError(
                    "\(reader.name) line \(header.line): unknown column '\(cell)'; a seat sheet has label, category, locked")
            }
            guard positions[column] == nil else {
                throw AdminError("\(reader.name) line \(header.line): column \(column) is there twice")
            }
            positions[column] = i
        }
        guard let labelAt = positions["label"] else {
            throw AdminError("\(reader.name) line \(header.line): no label column (label, category, locked)")
        }
        var records: [CSVRecord] = []
        while let record = try reader.next() { records.append(record) }
        return try checkedWrite {
            let eventID = try resolveEvent(event)
            var seen: [String: Int] = [:]
            var result = SeatImport(added: 0, updated: 0)
            for record in records {
                let at = "\(reader.name) line \(record.line)"
                let label = record[labelAt].trimmed
                guard !label.isEmpty else { throw AdminError("\(at): no label") }
                if let earlier = seen[label] { throw AdminError("\(at): seat '\(label)' is on line \(earlier) too") }
                seen[label] = record.line
                var values: [String: String] = [:]
                if let i = positions["category"] { values["category"] = record[i].trimmed.isEmpty ? "none" : record[i] }
                if let i = positions["locked"], !record[i].trimmed.isEmpty { values["locked"] = record[i] }
                let parsed: [(String, CatalogValue)]
                do {
                    parsed = try self.parsed(values, CatalogColumn.seats, table: "seats")
                } catch let error as AdminError {
                    throw AdminError("\(at): \(error.description.replacingPrefix("--", with: ""))")
                }
                if try count("SELECT count(*) FROM seats WHERE event_id = ? AND label = ?", eventID, label) > 0 {
                    let assignments = parsed.map { "\($0.0) = ?" }.joined(separator: ", ")
                    if !parsed.isEmpty {
                        let statement = try db.prepare(
                            "UPDATE seats SET \(assignments) WHERE event_id = ? AND label = ?")
                        for (i, (_, value)) in parsed.enumerated() { try value.bind(to: statement, at: i + 1) }
                        try statement.bind(eventID, at: parsed.count + 1)
                        try statement.bind(label, at: parsed.count + 2)
                        try statement.run()
                    }
                    result.updated += 1
                } else {
                    try insert("seats", [("event_id", .text(eventID)), ("label", .text(label))] + parsed)
                    result.added += 1
                }
            }
            return result
        }
    }
}

extension String {
    fileprivate func replacingPrefix(_ prefix: String, with replacement: String) -> String {
        hasPrefix(prefix) ? replacement + dropFirst(prefix.count) : self
    }
}
