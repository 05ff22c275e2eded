import Testing
@testable import TesseraCore

@Suite("A broken catalog is refused with table, row and problem (SPEC §2)")
struct CatalogBuilderTests {
    func refusal(_ change: (inout CatalogFixture) -> Void) -> CatalogError? {
        var f = CatalogFixture()
        f.member(1, code: "A")
        f.offer("o")
        change(&f)
        do {
            _ = try f.build()
            return nil
        } catch {
            return error as? CatalogError
        }
    }

    @Test func unknownReferences() {
        #expect(refusal { $0.rows.ticketTypes.append(TicketTypeRow(id: "t", eventID: "nope", name: "T", price: 1)) }
            == .id("ticket_types", "t", "event_id 'nope' is not an event"))
        #expect(refusal { $0.member(2, audience: "ghosts", code: "B") }
            == .id("members", "2", "audience_id 'ghosts' is not an audience"))
        #expect(refusal { $0.rows.offerEvents.append(OfferEventRow(rowid: 7, offerID: "o", eventID: "nope")) }
            == .rowid("offer_events", 7, "event_id 'nope' is not an event"))
        #expect(refusal { $0.rows.offerTickets.append(OfferTicketRow(rowid: 3, offerID: "o", ticketTypeID: "x")) }
            == .rowid("offer_tickets", 3, "ticket_type_id 'x' is not a ticket type"))
        #expect(refusal { $0.rows.audiences.append(AudienceRow(id: "a2", name: "A2", sourceEventID: "nope")) }
            == .id("audiences", "a2", "source_event_id 'nope' is not an event"))
    }

    @Test func badEnumValues() {
        #expect(refusal { $0.offer("x") { $0.unlock = "password" } }?.problem.contains("unlock") == true)
        #expect(refusal { $0.offer("x") { $0.discount = "half" } }?.problem.contains("discount") == true)
        #expect(refusal { $0.offer("x") { $0.scope = "world" } }?.problem.contains("scope") == true)
        #expect(refusal { $0.offer("x") { $0.period = "fortnight" } }?.problem.contains("period") == true)
        #expect(refusal { $0.offer("x") { $0.discount = "percent"; $0.value = 120 } }?.problem.contains("0..100") == true)
    }

    @Test func unparsableTimesAndZones() {
        #expect(refusal { $0.offer("x") { $0.timezone = "Mars/Olympus" } }
            == .id("offers", "x", "timezone 'Mars/Olympus' is not an IANA time zone"))
        #expect(refusal { $0.member(2, code: "B", from: "next tuesday") }
            == .id("members", "2", "valid_from 'next tuesday' is not an ISO 8601 time"))
        #expect(refusal { $0.offer("x") { $0.validUntil = "2026-13-01" } }?.row == "id=x")
    }

    @Test func duplicateCodeWithinOneAudienceButNotAcrossAudiences() {
        #expect(refusal { $0.member(2, code: " a ") }?.problem.contains("duplicate code") == true)
        #expect(refusal {
            $0.rows.audiences.append(AudienceRow(id: "other", name: "Other"))
            $0.member(2, audience: "other", code: "A")
        } == nil)
    }

    @Test func errorsReadAsTableRowProblem() {
        let error = CatalogError.id("offers", "x", "timezone 'Mars' is not an IANA time zone")
        #expect(error.description == "table offers, row id=x: timezone 'Mars' is not an IANA time zone")
    }

    @Test func countsIncludeDisabledOffersAndAttendeeMembers() throws {
        var f = CatalogFixture()
        f.member(1, code: "A")
        f.offer("on")
        f.offer("off") { $0.enabled = false }
        f.rows.audiences.append(AudienceRow(id: "alumni", name: "Alumni", sourceEventID: "jazz"))
        f.rows.attendees = [AttendeeRow(rowid: 1, eventID: "jazz", barcode: "X"), AttendeeRow(rowid: 2, eventID: "jazz", barcode: "X")]
        let catalog = try f.build()
        #expect(catalog.offerCount == 2)
        #expect(catalog.memberCount == 3)
        // Identical attendee rows are distinct members with distinct usage keys.
        let keys = catalog.members.filter { $0.key != .row(1) }.map(\.key)
        #expect(Set(keys).count == 2)
    }

    @Test func membersKeepTheirOwnBytesWhenTheirValuesAreShared() throws {
        var f = CatalogFixture()
        f.member(1, code: "A", category: "Caf\u{E9}")
        f.member(2, code: "B", category: "Cafe\u{301}")  // canonically equal, other bytes
        f.member(3, code: "C", category: "Caf\u{E9}")
        let catalog = try f.build()
        let categories = catalog.members.map { Array(($0.category ?? "").utf8) }
        #expect(categories == [Array("Caf\u{E9}".utf8), Array("Cafe\u{301}".utf8), Array("Caf\u{E9}".utf8)])
    }
}
