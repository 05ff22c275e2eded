import Foundation
import Testing
import TesseraCore

@testable import TesseraStore

/// A catalog file in a temporary directory: the SPEC schema, optionally with some
/// tables replaced by looser ones (to store what the SPEC's constraints forbid),
/// then `data`.
private func makeCatalog(
    in dir: TemporaryDirectory, replacing tables: [String: String] = [:], _ data: String = ""
) throws -> String {
    let path = dir.file("catalog.db")
    let db = try Database(path: path, mode: .create)
    try CatalogSchema.create(in: db)
    for (table, ddl) in tables.sorted(by: { $0.key < $1.key }) {
        try db.execute("DROP TABLE \(table); \(ddl)")
    }
    try db.execute(data)
    return path
}

private func loadError(_ path: String) -> CatalogError? {
    #expect(throws: CatalogError.self) { try CatalogLoader.loadRows(path: path) }
}

@Suite struct CatalogLoaderTests {
    @Test func roundTripsEveryTableAndColumn() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try makeCatalog(
            in: dir,
            """
            INSERT INTO events VALUES ('b', 'Bee', NULL), ('a', 'Ay', '2026-12-01T00:00:00Z');
            INSERT INTO ticket_types VALUES ('t2', 'a', 'Two', 0, 1), ('t1', 'a', 'One', 6000, 0);
            INSERT INTO seats VALUES ('a', 'N-2', NULL, 0), ('a', 'N-1', 'Sec', 1);
            INSERT INTO audiences VALUES ('y', 'Why', NULL, 0, 'b'), ('x', 'Ex', 'desc', 1, NULL);
            INSERT INTO members VALUES
              (9, 'x', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
              (3, 'x', 'c1', 'A@b.example', 'Code', 2, 'Sec', 'N-1', 'Gate', '2026-01-01', '2027-01-01');
            INSERT INTO attendees VALUES ('b', 'c9', NULL, 'BC-2'), ('b', NULL, 'e@x.example', NULL);
            INSERT INTO offers (id, name, audience_id) VALUES ('o2', 'Defaults', 'x');
            INSERT INTO offers VALUES ('o1', 'Full', 'y', 0, 'code', 'PROMO', 'percent', 15, 1, 2, 3, 'all',
                                       'month', 'Europe/Copenhagen', '2026-01-01', '2027-01-01');
            INSERT INTO offer_events VALUES ('o1', 'b'), ('o1', 'a');
            INSERT INTO offer_tickets VALUES ('o1', 't2'), ('o1', 't1');
            """)
        let rows = try CatalogLoader.loadRows(path: path)

        #expect(rows.events.map(\.id) == ["a", "b"])
        #expect(rows.events[0].name == "Ay" && rows.events[0].startsAt == "2026-12-01T00:00:00Z")
        #expect(rows.events[1].startsAt == nil)

        #expect(rows.ticketTypes.map(\.id) == ["t1", "t2"])
        #expect(rows.ticketTypes[0].eventID == "a" && rows.ticketTypes[0].price == 6000 && !rows.ticketTypes[0].exclusive)
        #expect(rows.ticketTypes[1].exclusive && rows.ticketTypes[1].name == "Two")

        #expect(rows.seats.map(\.label) == ["N-2", "N-1"])  // rowid order
        #expect(rows.seats.map(\.rowid) == [1, 2])
        #expect(rows.seats[0].category == nil && !rows.seats[0].locked)
        #expect(rows.seats[1].category == "Sec" && rows.seats[1].locked)

        #expect(rows.audiences.map(\.id) == ["x", "y"])
        #expect(rows.audiences[0].description == "desc" && rows.audiences[0].active)
        #expect(!rows.audiences[1].active && rows.audiences[1].sourceEventID == "b")

        #expect(rows.members.map(\.id) == [3, 9])
        let m = rows.members[0]
        #expect(m.audienceID == "x" && m.customerID == "c1" && m.email == "A@b.example" && m.code == "Code")
        #expect(m.quantity == 2 && m.category == "Sec" && m.seat == "N-1" && m.location == "Gate")
        #expect(m.validFrom == "2026-01-01" && m.validUntil == "2027-01-01")
        let empty = rows.members[1]
        #expect(empty.customerID == nil && empty.email == nil && empty.code == nil && empty.quantity == nil)
        #expect(empty.category == nil && empty.seat == nil && empty.location == nil)
        #expect(empty.validFrom == nil && empty.validUntil == nil)

        #expect(rows.attendees.map(\.rowid) == [1, 2])
        #expect(rows.attendees[0].customerID == "c9" && rows.attendees[0].email == nil && rows.attendees[0].barcode == "BC-2")
        #expect(rows.attendees[1].email == "e@x.example" && rows.attendees[1].eventID == "b")

        #expect(rows.offers.map(\.id) == ["o1", "o2"])
        let full = rows.offers[0]
        #expect(full.name == "Full" && full.audienceID == "y" && !full.enabled && full.unlock == "code")
        #expect(full.promoCode == "PROMO" && full.discount == "percent" && full.value == 15)
        #expect(full.perMember == 1 && full.perOrder == 2 && full.total == 3 && full.scope == "all")
        #expect(full.period == "month" && full.timezone == "Europe/Copenhagen")
        #expect(full.validFrom == "2026-01-01" && full.validUntil == "2027-01-01")
        let defaults = rows.offers[1]
        #expect(defaults.enabled && defaults.unlock == "any" && defaults.promoCode == nil && defaults.discount == "none")
        #expect(defaults.value == 0 && defaults.perMember == nil && defaults.perOrder == nil && defaults.total == nil)
        #expect(defaults.scope == "event" && defaults.period == nil && defaults.timezone == "UTC")
        #expect(defaults.validFrom == nil && defaults.validUntil == nil)

        #expect(rows.offerEvents.map(\.eventID) == ["b", "a"])
        #expect(rows.offerEvents.map(\.rowid) == [1, 2])
        #expect(rows.offerTickets.map(\.ticketTypeID) == ["t2", "t1"])
        #expect(rows.offerTickets.allSatisfy { $0.offerID == "o1" })
    }

    @Test func readsAnOpenDatabaseAlsoInsideItsTransaction() throws {
        let db = try Database(path: ":memory:")
        try CatalogSchema.create(in: db)
        try db.transaction {
            try db.execute("INSERT INTO events VALUES ('e', 'E', NULL)")
            let rows = try CatalogLoader.loadRows(from: db)
            #expect(rows.events.map(\.id) == ["e"])
        }
        #expect(db.isAutocommit)
        #expect(try CatalogLoader.loadRows(from: db).events.count == 1)
    }

    @Test func extraTablesColumnsAndWithoutRowidTablesAreAllowed() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try makeCatalog(
            in: dir,
            replacing: [
                "offer_events": """
                    CREATE TABLE offer_events (note TEXT, EVENT_ID TEXT NOT NULL, offer_id TEXT NOT NULL,
                                               PRIMARY KEY (offer_id, event_id)) WITHOUT ROWID
                    """
            ],
            """
            CREATE TABLE back_office_notes (x);
            ALTER TABLE members ADD COLUMN imported_at TEXT;
            INSERT INTO members (id, audience_id, imported_at) VALUES (1, 'a', 'yesterday');
            INSERT INTO offer_events VALUES ('n', 'e2', 'o'), ('n', 'e1', 'o');
            """)
        let rows = try CatalogLoader.loadRows(path: path)
        #expect(rows.members.count == 1)
        // Without a rowid, rows come in key order and are named by position.
        #expect(rows.offerEvents.map(\.eventID) == ["e1", "e2"])
        #expect(rows.offerEvents.map(\.rowid) == [1, 2])
    }

    // MARK: Rejected values name table, row and column

    struct Rejection: CustomTestStringConvertible, Sendable {
        var replacing: [String: String] = [:]
        var data: String
        var expected: CatalogError
        var testDescription: String { expected.description }
    }

    static let rejections: [Rejection] = [
        Rejection(
            data: "INSERT INTO members (id, audience_id, quantity) VALUES (7, 'a', 'abc')",
            expected: .id("members", "7", "column quantity must be an integer, found text 'abc'")),
        Rejection(
            replacing: ["members": "CREATE TABLE members (id INTEGER PRIMARY KEY, audience_id, customer_id, email, code, quantity, category, seat, location, valid_from, valid_until)"],
            data: "INSERT INTO members (id, audience_id, quantity) VALUES (8, 'a', '5')",
            expected: .id("members", "8", "column quantity must be an integer, found text '5'")),
        Rejection(
            replacing: ["members": "CREATE TABLE members (id INTEGER PRIMARY KEY, audience_id, customer_id, email, code, quantity, category, seat, location, valid_from, valid_until)"],
            data: "INSERT INTO members (id, audience_id, customer_id) VALUES (9, 'a', 12345)",
            expected: .id("members", "9", "column customer_id must be text, found 12345")),
        Rejection(
            replacing: ["members": "CREATE TABLE members (id INTEGER PRIMARY KEY, audience_id, customer_id, email, code, quantity, category, seat, location, valid_from, valid_until)"],
            data: "INSERT INTO members (id, audience_id) VALUES (10, NULL)",
            expected: .id("members", "10", "column audience_id must not be NULL")),
        Rejection(
            data: "INSERT INTO offers (id, name, audience_id, per_order) VALUES ('o', 'O', 'a', 2.5)",
            expected: .id("offers", "o", "column per_order must be an integer, found real 2.5")),
        Rejection(
            data: "INSERT INTO offers (id, name, audience_id, enabled) VALUES ('o', 'O', 'a', 2)",
            expected: .id("offers", "o", "column enabled must be 0 or 1, found 2")),
        Rejection(
            data: "INSERT INTO offers (id, name, audience_id, value) VALUES ('o', 'O', 'a', '10 off')",
            expected: .id("offers", "o", "column value must be an integer, found text '10 off'")),
        Rejection(
            data: "INSERT INTO ticket_types VALUES ('t', 'e', 'T', 100, -1)",
            expected: .id("ticket_types", "t", "column exclusive must be 0 or 1, found -1")),
        Rejection(
            data: "INSERT INTO ticket_types VALUES ('t', 'e', 'T', 'free', 0)",
            expected: .id("ticket_types", "t", "column price must be an integer, found text 'free'")),
        Rejection(
            data: "INSERT INTO seats VALUES ('e', 'A-1', NULL, 1), ('e', 'A-2', NULL, 'yes')",
            expected: .rowid("seats", 2, "column locked must be 0 or 1, found text 'yes'")),
        Rejection(
            data: "INSERT INTO audiences (id, name, active) VALUES ('a', 'A', 0.5)",
            expected: .id("audiences", "a", "column active must be 0 or 1, found real 0.5")),
        Rejection(
            replacing: ["events": "CREATE TABLE events (id TEXT PRIMARY KEY, name TEXT, starts_at TEXT)"],
            data: "INSERT INTO events VALUES ('gala', NULL, NULL)",
            expected: .id("events", "gala", "column name must not be NULL")),
        Rejection(
            // A TEXT PRIMARY KEY may be NULL in SQLite: the row is then named by rowid.
            data: "INSERT INTO events VALUES ('a', 'A', NULL), (NULL, 'B', NULL)",
            expected: .rowid("events", 2, "column id must not be NULL")),
        Rejection(
            replacing: ["attendees": "CREATE TABLE attendees (event_id, customer_id, email, barcode)"],
            data: "INSERT INTO attendees VALUES ('e', 'c', NULL, NULL), (NULL, 'c', NULL, NULL)",
            expected: .rowid("attendees", 2, "column event_id must not be NULL")),
        Rejection(
            replacing: ["attendees": "CREATE TABLE attendees (event_id, customer_id, email, barcode)"],
            data: "INSERT INTO attendees VALUES ('e', NULL, NULL, x'00ff')",
            expected: .rowid("attendees", 1, "column barcode must be text, found a blob")),
        Rejection(
            replacing: ["offer_events": "CREATE TABLE offer_events (offer_id, event_id)"],
            data: "INSERT INTO offer_events VALUES ('o', 42)",
            expected: .rowid("offer_events", 1, "column event_id must be text, found 42")),
        Rejection(
            replacing: ["offer_tickets": "CREATE TABLE offer_tickets (offer_id, ticket_type_id)"],
            data: "INSERT INTO offer_tickets VALUES (NULL, 't')",
            expected: .rowid("offer_tickets", 1, "column offer_id must not be NULL")),
    ]

    @Test(arguments: rejections)
    func rejectsValuesOfTheWrongType(_ rejection: Rejection) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try makeCatalog(in: dir, replacing: rejection.replacing, rejection.data)
        #expect(loadError(path) == rejection.expected)
    }

    // MARK: Schema problems

    @Test func missingColumnIsNamed() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try makeCatalog(
            in: dir,
            replacing: [
                "members": "CREATE TABLE members (id INTEGER PRIMARY KEY, audience_id, customer_id, email, code, quantity, category, seat, location, valid_from)"
            ])
        #expect(loadError(path) == CatalogError(table: "members", row: "", problem: "missing column valid_until"))
    }

    @Test func missingTableIsNamed() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try makeCatalog(in: dir, "DROP TABLE attendees")
        #expect(loadError(path) == CatalogError(table: "attendees", row: "", problem: "missing table"))
    }

    @Test func aDatabaseWithoutTheTablesIsNotACatalog() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("other.db")
        try Database(path: path, mode: .create).execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
        let error = loadError(path)
        #expect(error?.table == "" && error?.row == "")
        #expect(error?.problem.hasPrefix("cannot open catalog \(path): not a Tessera catalog") == true)
    }

    // MARK: File problems

    @Test func missingFileIsAFileProblemAndIsNotCreated() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("nope.db")
        let error = loadError(path)
        #expect(error?.table == "")
        #expect(error?.problem.hasPrefix("cannot open catalog \(path): ") == true)
        #expect(error?.problem.contains("No such file or directory") == true)
        #expect(error?.problem.hasSuffix("; create it with `tessera init --catalog \(path)` (--demo for the demo data)") == true)
        #expect(try dir.listing().isEmpty)
        #expect(loadError("") == .file("cannot open catalog: empty path"))
    }

    @Test func aFileThatIsNotADatabaseIsAFileProblem() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("catalog.csv")
        try "id,name\ngala,Gala\n".write(toFile: path, atomically: false, encoding: .utf8)
        #expect(loadError(path) == .file("cannot open catalog \(path): file is not a database"))
    }

    @Test func anEmptyFileIsNotACatalog() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("empty.db")
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        #expect(loadError(path)?.problem.contains("not a Tessera catalog") == true)
    }

    @Test func aCatalogLockedPastTheTimeoutIsAFileProblem() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try makeCatalog(in: dir)
        let writer = try Database(path: path, mode: .readWrite)
        try writer.execute("BEGIN EXCLUSIVE")  // rollback journal: readers are shut out
        defer { writer.rollbackIfActive() }
        let error = #expect(throws: CatalogError.self) { try CatalogLoader.loadRows(path: path, busyTimeout: 50) }
        #expect(error == .file("cannot open catalog \(path): database is locked"))
    }

    @Test func loadingOpensReadOnlyAndChangesNothing() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try makeCatalog(in: dir, "INSERT INTO events VALUES ('e', 'E', NULL)")
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let listing = try dir.listing()
        let modified = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date

        #expect(try CatalogLoader.loadRows(path: path).events.count == 1)

        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(try dir.listing() == listing)
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date == modified)
    }
}

// MARK: SPEC §7 offer columns

extension CatalogLoaderTests {
    /// The §2 catalog plus one audience, one member and one offer `o`, after `alter`.
    private func groupCatalog(_ dir: TemporaryDirectory, _ alter: String) throws -> String {
        try makeCatalog(
            in: dir,
            """
            INSERT INTO events VALUES ('e', 'E', NULL);
            INSERT INTO audiences (id, name) VALUES ('a', 'A');
            INSERT INTO members (id, audience_id, code) VALUES (1, 'a', 'X');
            INSERT INTO offers (id, name, audience_id, per_order) VALUES ('o', 'O', 'a', 6), ('p', 'P', 'a', NULL);
            \(alter)
            """)
    }

    private func buildError(_ path: String) -> CatalogError? {
        #expect(throws: CatalogError.self) { try CatalogBuilder.build(CatalogLoader.loadRows(path: path)) }
    }

    @Test func aCatalogWithoutTheNewColumnsLoadsAsIfTheyWereNull() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let rows = try CatalogLoader.loadRows(path: try groupCatalog(dir, ""))
        #expect(rows.offers.map(\.minOrder) == [nil, nil])
        #expect(rows.offers.map(\.budget) == [nil, nil])
    }

    @Test func minOrderIsReadAndBuilt() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try groupCatalog(dir, "ALTER TABLE offers ADD COLUMN min_order INTEGER; UPDATE offers SET min_order = 6 WHERE id = 'o';")
        #expect(try CatalogLoader.loadRows(path: path).offers.map(\.minOrder) == [6, nil])
        #expect(try CatalogBuilder.build(CatalogLoader.loadRows(path: path)).offers.map(\.minOrder) == [6, nil])
    }

    @Test(arguments: [
        ("UPDATE offers SET min_order = 0 WHERE id = 'p'", CatalogError.id("offers", "p", "min_order must be >= 1, got 0")),
        ("UPDATE offers SET min_order = -1 WHERE id = 'o'", .id("offers", "o", "min_order must be >= 1, got -1")),
        ("UPDATE offers SET min_order = 7 WHERE id = 'o'", .id("offers", "o", "min_order 7 is greater than per_order 6")),
        ("UPDATE offers SET min_order = '3' WHERE id = 'o'", .id("offers", "o", "column min_order must be an integer, found text '3'")),
    ])
    func aMinOrderOutOfRangeIsABrokenCatalog(_ update: String, _ expected: CatalogError) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        // Declared without a type, so SQLite stores the text as text.
        let path = try groupCatalog(dir, "ALTER TABLE offers ADD COLUMN min_order; \(update);")
        #expect(buildError(path) == expected)
    }

    @Test func budgetIsReadAndBuilt() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let allNull = try groupCatalog(dir, "ALTER TABLE offers ADD COLUMN budget INTEGER;")
        #expect(try CatalogBuilder.build(CatalogLoader.loadRows(path: allNull)).offers.map(\.budget) == [nil, nil])

        let set = try TemporaryDirectory()
        defer { set.remove() }
        let path = try groupCatalog(set, "ALTER TABLE offers ADD COLUMN budget INTEGER; UPDATE offers SET budget = 0 WHERE id = 'p';")
        #expect(try CatalogBuilder.build(CatalogLoader.loadRows(path: path)).offers.map(\.budget) == [nil, 0])
    }

    @Test(arguments: [
        ("UPDATE offers SET budget = -1 WHERE id = 'p'", CatalogError.id("offers", "p", "budget must be >= 0, got -1")),
        ("UPDATE offers SET budget = '500' WHERE id = 'o'", .id("offers", "o", "column budget must be an integer, found text '500'")),
    ])
    func aBudgetOutOfRangeIsABrokenCatalog(_ update: String, _ expected: CatalogError) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        // Declared without a type, so SQLite stores the text as text.
        let path = try groupCatalog(dir, "ALTER TABLE offers ADD COLUMN budget; \(update);")
        #expect(buildError(path) == expected)
    }
}
