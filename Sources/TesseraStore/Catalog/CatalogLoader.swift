import Glibc
import TesseraCore

/// Reads the catalog tables of SPEC §2 from SQLite into `CatalogRows`.
///
/// It checks only what SQLite's loose typing leaves open: required tables and
/// columns exist, NOT NULL values are present, integers are stored as integers, flags
/// are 0 or 1. References, enum values and times are the pure core's job
/// (`CatalogBuilder`), so the same rules hold for catalogs built in tests.
///
/// All tables are read in one read transaction: a back office writing while the
/// server reloads yields the catalog before or after its change, never a mix. (In
/// rollback-journal mode that read also holds off the writer's commit for the length
/// of the load, up to its busy timeout; a catalog in WAL mode never blocks it.)
public enum CatalogLoader {
    /// How long to wait for a back office's write lock before giving up.
    public static let busyTimeoutMilliseconds: Int32 = 2_000

    /// Opens the catalog file read-only (never creating it) and reads every table.
    ///
    /// A file that cannot be used (missing, not a database, unreadable, locked past
    /// the busy timeout) is `CatalogError.file("cannot open catalog <path>: <reason>")`.
    public static func loadRows(path: String) throws(CatalogError) -> CatalogRows {
        try loadRows(path: path, busyTimeout: busyTimeoutMilliseconds)
    }

    /// Reads every table from an open database, e.g. the in-memory demo catalog.
    /// Inside a transaction the caller already has, reads that transaction's view.
    public static func loadRows(from db: Database) throws(CatalogError) -> CatalogRows {
        try read(db, source: db.path)
    }

    static func loadRows(path: String, busyTimeout: Int32) throws(CatalogError) -> CatalogRows {
        // SQLite opens a private temporary database for "", which is never a catalog.
        guard !path.isEmpty else { throw .file("cannot open catalog: empty path") }
        let db: Database
        do {
            db = try Database(path: path, mode: .readOnly, busyTimeout: busyTimeout)
        } catch {
            // A new user's first mistake: say how to make one.
            let hint = access(path, F_OK) != 0 && errno == ENOENT
                ? "; create it with `tessera init --catalog \(path)` (--demo for the demo data)" : ""
            throw .file("cannot open catalog \(path): \(error.reason)\(hint)")
        }
        return try read(db, source: path)
    }

    private static func read(_ db: Database, source: String) throws(CatalogError) -> CatalogRows {
        let ownsTransaction = db.isAutocommit
        if ownsTransaction {
            do { try db.execute("BEGIN DEFERRED") } catch { throw .file("cannot open catalog \(source): \(error.reason)") }
        }
        defer { if ownsTransaction { db.rollbackIfActive() } }  // reads only: nothing to commit

        let found = try CatalogSchemaCheck.verify(db, source: source)
        func reader(_ index: Int) throws(CatalogError) -> CatalogTableReader {
            let (table, columns) = CatalogSchema.tables[index]
            return try CatalogTableReader(
                database: db, table: table, columns: columns + (CatalogSchema.optionalColumns[table] ?? []),
                absent: found.absentColumns[table] ?? [], hasRowid: found.rowidTables.contains(table), source: source)
        }

        // Rows in `table`, to size arrays up front: SQLite counts without decoding rows.
        func count(_ table: String) throws(CatalogError) -> Int {
            do {
                let statement = try db.prepare("SELECT count(*) FROM \"\(table)\"")
                return try statement.step() == .row ? Int(statement.int64(at: 0)) : 0
            } catch {
                throw .file("cannot read catalog \(source): table \(table): \(error.reason)")
            }
        }

        var rows = CatalogRows()
        var r = try reader(0)  // events: id, name, starts_at
        while try r.next() {
            rows.events.append(EventRow(id: try r.text(1), name: try r.text(2), startsAt: try r.optionalText(3)))
        }
        r = try reader(1)  // ticket_types: id, event_id, name, price, exclusive
        while try r.next() {
            rows.ticketTypes.append(
                TicketTypeRow(
                    id: try r.text(1), eventID: try r.text(2), name: try r.text(3), price: try r.integer(4),
                    exclusive: try r.flag(5)))
        }
        r = try reader(2)  // seats: event_id, label, category, locked
        while try r.next() {
            rows.seats.append(
                SeatRow(
                    rowid: r.rowid, eventID: try r.text(1), label: try r.text(2), category: try r.optionalText(3),
                    locked: try r.flag(4)))
        }
        r = try reader(3)  // audiences: id, name, description, active, source_event_id
        while try r.next() {
            rows.audiences.append(
                AudienceRow(
                    id: try r.text(1), name: try r.text(2), description: try r.optionalText(3), active: try r.flag(4),
                    sourceEventID: try r.optionalText(5)))
        }
        rows.members = try readMembers(try reader(4), count: try count("members"))
        r = try reader(5)  // attendees: event_id, customer_id, email, barcode
        rows.attendees.reserveCapacity(try count("attendees"))
        while try r.next() {
            rows.attendees.append(
                AttendeeRow(
                    rowid: r.rowid, eventID: try r.text(1), customerID: try r.optionalText(2),
                    email: try r.optionalText(3), barcode: try r.optionalText(4)))
        }
        rows.offers = try readOffers(try reader(6))
        r = try reader(7)  // offer_events: offer_id, event_id
        while try r.next() {
            rows.offerEvents.append(OfferEventRow(rowid: r.rowid, offerID: try r.text(1), eventID: try r.text(2)))
        }
        r = try reader(8)  // offer_tickets: offer_id, ticket_type_id
        while try r.next() {
            rows.offerTickets.append(
                OfferTicketRow(rowid: r.rowid, offerID: try r.text(1), ticketTypeID: try r.text(2)))
        }
        return rows
    }

    /// The hot path: a large catalog has a million members. One statement, values
    /// copied straight from SQLite's buffers into the compact rows, no `String` per
    /// value and no per-row SQL. Columns are checked in table order, as elsewhere.
    private static func readMembers(_ r: CatalogTableReader, count: Int) throws(CatalogError) -> MemberRows {
        var members = MemberRows()
        // Growing a million rows by doubling would copy every row about twice more.
        members.reserveCapacity(count)
        // id, audience_id, customer_id, email, code, quantity, category, seat, location, valid_from, valid_until
        while try r.next() {
            let id = Int64(try r.integer(1))
            let audienceID = try r.textBytes(2)
            let customerID = try r.optionalTextBytes(3)
            let email = try r.optionalTextBytes(4)
            let code = try r.optionalTextBytes(5)
            let quantity = try r.optionalInteger(6)
            let category = try r.optionalTextBytes(7)
            let seat = try r.optionalTextBytes(8)
            let location = try r.optionalTextBytes(9)
            let validFrom = try r.optionalTextBytes(10)
            let validUntil = try r.optionalTextBytes(11)
            members.append(
                id: id, audienceID: audienceID, customerID: customerID, email: email, code: code, quantity: quantity,
                category: category, seat: seat, location: location, validFrom: validFrom, validUntil: validUntil)
        }
        members.trimTextCapacity()
        return members
    }

    private static func readOffers(_ r: CatalogTableReader) throws(CatalogError) -> [OfferRow] {
        var offers: [OfferRow] = []
        // id, name, audience_id, enabled, unlock, promo_code, discount, value, per_member, per_order,
        // total, scope, period, timezone, valid_from, valid_until; then §7's min_order, budget (NULL when absent)
        while try r.next() {
            var offer = OfferRow(id: try r.text(1), name: try r.text(2), audienceID: try r.text(3))
            offer.enabled = try r.flag(4)
            offer.unlock = try r.text(5)
            offer.promoCode = try r.optionalText(6)
            offer.discount = try r.text(7)
            offer.value = try r.integer(8)
            offer.perMember = try r.optionalInteger(9)
            offer.perOrder = try r.optionalInteger(10)
            offer.total = try r.optionalInteger(11)
            offer.scope = try r.text(12)
            offer.period = try r.optionalText(13)
            offer.timezone = try r.text(14)
            offer.validFrom = try r.optionalText(15)
            offer.validUntil = try r.optionalText(16)
            offer.minOrder = try r.optionalInteger(17)
            offer.budget = try r.optionalInteger(18)
            offers.append(offer)
        }
        return offers
    }
}
