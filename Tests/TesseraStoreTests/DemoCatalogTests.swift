import Foundation
import Testing
import TesseraCore

@testable import TesseraStore

@Suite struct DemoCatalogTests {
    private func demoRows() throws -> CatalogRows {
        try CatalogLoader.loadRows(from: DemoCatalog.makeDatabase())
    }

    @Test func configFileIsTheSameTextByteForByte() throws {
        let file = try Data(contentsOf: URL(fileURLWithPath: PackageRoot.path + "/config/demo-catalog.sql"))
        #expect(file == Data(DemoCatalog.sql.utf8))
    }

    @Test func usesTheSchemaVerbatim() {
        #expect(DemoCatalog.sql.contains(CatalogSchema.sql))
    }

    @Test func containsTheSpecExampleExactly() throws {
        let rows = try demoRows()
        #expect(rows.events.contains { $0.id == "gala" })
        let seated = try #require(rows.ticketTypes.first { $0.id == "gala-seated" })
        #expect(seated.eventID == "gala" && seated.price == 6000)

        let vipMembers = rows.members.filter { $0.audienceID == "vip-codes" }
        #expect(vipMembers.map(\.code) == ["VIP321", "VIP238"])
        #expect(vipMembers.map(\.quantity) == [1, 1])
        #expect(vipMembers.map(\.seat) == ["North-1", "South-3"])
        #expect(vipMembers.allSatisfy { $0.category == nil && $0.customerID == nil && $0.email == nil })
        #expect(vipMembers.allSatisfy { $0.validFrom == nil && $0.validUntil == nil })
        #expect(rows.audiences.first { $0.id == "vip-codes" }?.active == true)

        let offer = try #require(rows.offers.first { $0.id == "seat-unlock" })
        #expect(offer.name == "VIP seats" && offer.audienceID == "vip-codes" && offer.enabled)
        #expect(offer.unlock == "code" && offer.discount == "none" && offer.value == 0 && offer.promoCode == nil)
        #expect(offer.perMember == nil && offer.perOrder == nil && offer.total == nil)
        #expect(offer.period == nil && offer.validFrom == nil && offer.validUntil == nil)
        #expect(rows.offerEvents.filter { $0.offerID == "seat-unlock" }.map(\.eventID) == ["gala"])
        #expect(rows.offerTickets.filter { $0.offerID == "seat-unlock" }.map(\.ticketTypeID) == ["gala-seated"])

        for label in ["North-1", "South-3"] {
            let seat = try #require(rows.seats.first { $0.eventID == "gala" && $0.label == label })
            #expect(seat.locked && seat.category == nil)
        }
    }

    /// `EVAL event=gala code=vip321` must list seat-unlock only: no other member,
    /// attendee barcode or promo code may match vip321.
    @Test func noOtherOfferMatchesTheExampleCode() throws {
        let rows = try demoRows()
        let matches = { (code: String?) in code?.lowercased() == "vip321" }
        #expect(rows.members.filter { matches($0.code) }.map(\.id) == [1])
        #expect(!rows.attendees.contains { matches($0.barcode) })
        #expect(!rows.offers.contains { matches($0.promoCode) })
    }

    @Test func tellsTheWholeStory() throws {
        let rows = try demoRows()
        let offers = Dictionary(uniqueKeysWithValues: rows.offers.map { ($0.id, $0) })

        // A barcode sheet opening the locked Section2 seats of the gala.
        #expect(rows.members.contains { $0.audienceID == "section2-sheet" && $0.category == "Section2" && $0.code != nil })
        #expect(rows.seats.filter { $0.eventID == "gala" && $0.category == "Section2" && $0.locked }.count >= 4)
        #expect(offers["section2-seats"]?.audienceID == "section2-sheet")

        // Promoter groups, each with its own exclusive ticket types.
        let exclusive = Set(rows.ticketTypes.filter(\.exclusive).map(\.id))
        for (audience, offer) in [
            ("internal-promoters", "crew-guest-list"), ("external-promoters", "promoter-allocation"),
            ("influencers", "press-passes"), ("partners", "partner-boxes"),
        ] {
            #expect(offers[offer]?.audienceID == audience)
            #expect(offers[offer]?.unlock == "login")
            let tickets = rows.offerTickets.filter { $0.offerID == offer }.map(\.ticketTypeID)
            #expect(!tickets.isEmpty && tickets.contains(where: exclusive.contains), "\(offer)")
            #expect(rows.members.filter { $0.audienceID == audience }.allSatisfy { $0.customerID != nil || $0.email != nil })
        }

        // The monthly club.
        let club = try #require(offers["club-monthly"])
        #expect(club.perMember == 10 && club.period == "month" && club.timezone == "Europe/Copenhagen" && club.scope == "all")
        #expect(club.discount == "price")
        #expect(rows.members.filter { $0.audienceID == club.audienceID }.allSatisfy { $0.validFrom != nil && $0.validUntil != nil })

        // A promo code for one customer group only.
        #expect(rows.offers.contains { $0.promoCode != nil && $0.unlock == "login" })

        // Last year's attendees, 
        let guests = try #require(rows.audiences.first { $0.sourceEventID == "gala-2025" })
        #expect(rows.attendees.contains { $0.eventID == "gala-2025" })
        #expect(rows.offers.contains { $0.audienceID == guests.id && $0.discount == "percent" })
        #expect(rows.offerEvents.contains { $0.offerID == "welcome-back" && $0.eventID == "gala" })

        // Once across all events, a budget, every kind of discount.
        #expect(rows.offers.contains { $0.perMember == 1 && $0.scope == "all" && $0.perOrder == 1 })
        #expect(rows.offers.contains { $0.total != nil })
        #expect(Set(rows.offers.map(\.discount)) == ["none", "percent", "amount", "price"])
        #expect(rows.events.contains { $0.id == "jazz-night" })
    }
}

/// The demo's windows are set around its story day; on the real clock its dates move by
/// whole weeks so that today stands where the story day stands, and its table stays true.
@Suite struct DemoCatalogDatesTests {
    static let day: Int64 = 86_400
    /// 2026-11-23T00:00:00Z.
    static let storyMidnight: Int64 = 1_795_392_000

    @Test func theStoryDayIsWhereTheDatesStandAsWritten() throws {
        #expect(Instant(iso8601: DemoCatalog.storyDay + "T00:00:00Z")?.seconds == Self.storyMidnight)
        #expect(Int64(DemoCatalog.storyDayNumber) * Self.day == Self.storyMidnight)
        #expect(DemoCatalog.movedDays(at: Self.storyMidnight) == 0)
        #expect(DemoCatalog.movedDays(at: Self.storyMidnight + 6 * Self.day + 86_399) == 0)
        #expect(DemoCatalog.movedDays(at: Self.storyMidnight + 7 * Self.day) == 7)
        #expect(DemoCatalog.movedDays(at: Self.storyMidnight + 400 * Self.day) == 399)
        #expect(DemoCatalog.movedDays(at: Self.storyMidnight - 1) == -7)
        #expect(DemoCatalog.movedDays(at: Self.storyMidnight - 7 * Self.day) == -7)
    }

    @Test func everyDateMovesByTheDaysKeepingItsFormAndOffset() throws {
        func values(_ db: Database, _ sql: String) throws -> [String] {
            let statement = try db.prepare(sql)
            var found: [String] = []
            while try statement.step() == .row { found.append(statement.isNull(at: 0) ? "-" : statement.text(at: 0)) }
            return found
        }
        let fixed = try DemoCatalog.makeDatabase()
        let moved = try DemoCatalog.makeDatabase(movingDatesBy: 14)
        #expect(try values(fixed, "SELECT starts_at FROM events WHERE id = 'gala'") == ["2026-12-31T19:00:00+01:00"])
        #expect(try values(moved, "SELECT starts_at FROM events WHERE id = 'gala'") == ["2027-01-14T19:00:00+01:00"])
        #expect(try values(fixed, "SELECT valid_from FROM members WHERE code = 'CLUB-1002'") == ["2026-12-01"])
        #expect(try values(moved, "SELECT valid_from FROM members WHERE code = 'CLUB-1002'") == ["2026-12-15"])
        #expect(try values(moved, "SELECT valid_until FROM offers WHERE id = 'jazz-early-bird'") == ["2026-11-15"])
        #expect(try values(moved, "SELECT valid_from FROM offers WHERE id = 'seat-unlock'") == ["-"])
        // Every row still loads, with the same counts.
        let catalog = try CatalogBuilder.build(CatalogLoader.loadRows(from: moved))
        #expect(catalog.offers.count == 14 && catalog.memberCount == 33)
    }
}
