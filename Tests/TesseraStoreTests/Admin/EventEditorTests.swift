import Testing

@testable import TesseraStore

extension Admin {
    /// `tessera event` and `tessera ticket` over the editor: ids from names, changes
    /// checked by the server's loader, deletes only where nothing depends.
    @Suite struct EventEditorTests {
        @Test func addMakesAnIdFromTheNameAndSetChangesOnlyWhatIsGiven() throws {
            let fixture = try AdminFixture()
            defer { fixture.remove() }
            let editor = try fixture.editor()
            #expect(try editor.addEvent(["name": "  Jazz Night ", "starts_at": "2027-03-05T20:00:00+01:00"]) == "jazz-night")
            #expect(try editor.addEvent(["name": "Jazz Night"]) == "jazz-night-2")
            #expect(try editor.addEvent(id: "gala-27", ["name": "Gala"]) == "gala-27")
            #expect(throws: AdminError("events already has a row with id 'gala-27'")) {
                try editor.addEvent(id: "gala-27", ["name": "Gala again"])
            }
            #expect(throws: AdminError("an event needs a name")) { try editor.addEvent(["starts_at": "2027-01-01"]) }

            try editor.setEvent("Gala", ["starts_at": "2027-12-31"])
            #expect(try editor.event("gala-27").startsAt == "2027-12-31")
            #expect(try editor.event("gala-27").name == "Gala")
            try editor.setEvent("gala-27", ["starts_at": "none"])
            #expect(try editor.event("gala-27").startsAt == nil)
            #expect(throws: AdminError("2 events are named 'Jazz Night' (jazz-night, jazz-night-2); name one by its id")) {
                try editor.event("Jazz Night")
            }
            #expect(try editor.events().map(\.id) == ["gala-27", "jazz-night", "jazz-night-2"])
            _ = try fixture.load()
        }

        @Test func aChangeTheServerWouldRefuseIsRolledBackWithItsMessage() throws {
            let fixture = try AdminFixture()
            defer { fixture.remove() }
            let editor = try fixture.editor()
            #expect(
                throws: AdminError(
                    "table events, row id=gala: starts_at 'New Year's Eve' is not an ISO 8601 time; nothing was changed")
            ) { try editor.addEvent(id: "gala", ["name": "Gala", "starts_at": "New Year's Eve"]) }
            #expect(try editor.events().isEmpty)
            try editor.addEvent(id: "gala", ["name": "Gala"])
            #expect(throws: AdminError.self) { try editor.setEvent("gala", ["starts_at": "31/12/2027"]) }
            #expect(try editor.event("gala").startsAt == nil)
        }

        @Test func ticketTypesNameTheirEventByIdOrNameAndAreCheckedToo() throws {
            let fixture = try AdminFixture()
            defer { fixture.remove() }
            let editor = try fixture.editor()
            try editor.addEvent(["name": "Jazz Night"])
            #expect(try editor.addTicketType(["name": "Standard", "event_id": "Jazz Night", "price": "45000"]) == "standard")
            #expect(
                try editor.addTicketType(
                    id: "table", ["name": "Members' table", "event_id": "jazz-night", "price": "60000", "exclusive": "yes"])
                    == "table")
            #expect(try editor.ticketType("table").exclusive)
            #expect(throws: AdminError("a ticket type needs a price (--price, in minor units)")) {
                try editor.addTicketType(["name": "Free", "event_id": "jazz-night"])
            }
            #expect(throws: AdminError("--price must be a whole number, got '45.00'")) {
                try editor.addTicketType(["name": "Free", "event_id": "jazz-night", "price": "45.00"])
            }
            #expect(throws: AdminError("--exclusive must be yes or no, got 'maybe'")) {
                try editor.setTicketType("table", ["exclusive": "maybe"])
            }
            #expect(throws: AdminError("no event 'gala' in catalog \(fixture.path) (tessera event list shows them)")) {
                try editor.addTicketType(["name": "Seated", "event_id": "gala", "price": "100"])
            }
            try editor.setTicketType("Members' table", ["exclusive": "no", "price": "55000"])
            let table = try editor.ticketType("table")
            #expect(!table.exclusive && table.price == 55000 && table.eventID == "jazz-night")
            #expect(try editor.ticketTypes(event: "jazz-night").map(\.id) == ["standard", "table"])
            _ = try fixture.load()
        }

        @Test func deleteRefusesWhileSomethingDependsAndSaysWhat() throws {
            let fixture = try AdminFixture(demo: true)
            defer { fixture.remove() }
            let editor = try fixture.editor()
            #expect(
                throws: AdminError(
                    "event 'gala-2025' is used by 1 ticket type (gala-2025-seated), 1 audience (gala-2025-guests) as source event; delete or move those first (tessera ticket, seat, offer set --event)"
                )
            ) { try editor.deleteEvent("gala-2025") }
            #expect(throws: AdminError.self) { try editor.deleteEvent("gala") }
            #expect(
                throws: AdminError(
                    "ticket type 'gala-crew' is listed by 1 offer (crew-guest-list); take it out of their ticket types first (tessera offer set OFFER --ticket …)"
                )
            ) { try editor.deleteTicketType("gala-crew") }

            try editor.addEvent(id: "empty", ["name": "Empty"])
            try editor.addTicketType(id: "e-1", ["name": "One", "event_id": "empty", "price": "0"])
            #expect(throws: AdminError.self) { try editor.deleteEvent("empty") }
            #expect(try editor.deleteTicketType("e-1") == "e-1")
            #expect(try editor.deleteEvent("Empty") == "empty")
            #expect(throws: AdminError.self) { try editor.event("empty") }
            _ = try fixture.load()
        }
    }
}

extension Admin.EventEditorTests {
    /// A row broken by other means (SQL) stops every checked change, and the message says
    /// that the catalog was broken before, not that the change broke it.
    @Test func aCatalogBrokenBeforeTheChangeIsNamedAsSuch() throws {
        let fixture = try AdminFixture(demo: true)
        defer { fixture.remove() }
        try Database(path: fixture.path, mode: .readWrite)
            .execute("UPDATE offers SET timezone = 'Mars/Olympus' WHERE id = 'club-monthly'")
        let editor = try fixture.editor()
        #expect(
            throws: AdminError(
                "catalog \(fixture.path) is already broken, so no change can be checked: table offers, row id=club-monthly: timezone 'Mars/Olympus' is not an IANA time zone; fix that first (tessera check \(fixture.path) shows it); nothing was changed"
            )
        ) { try editor.addEvent(["name": "Late show"]) }
        // The fix itself goes through: it leaves a catalog the server loads.
        try editor.setOffer("club-monthly", ["timezone": "Europe/Copenhagen"])
        #expect(try editor.addEvent(["name": "Late show"]) == "late-show")
        _ = try fixture.load()
    }
}
