import Testing

@testable import TesseraStore

extension Admin {
    @Suite struct AudienceTests {
        @Test func createMakesAnIdFromTheNameUnlessGiven() throws {
            let fixture = try AdminFixture()
            defer { fixture.remove() }
            let editor = try fixture.editor()
            #expect(try editor.createAudience(name: "  Gala 2027: VIP guests ") == "gala-2027-vip-guests")
            #expect(try editor.createAudience(name: "Gala 2027 VIP guests") == "gala-2027-vip-guests-2")
            #expect(try editor.createAudience(name: "Члены клуба", description: "Москва") == "члены-клуба")
            #expect(try editor.createAudience(name: "!!!") == "audience")
            #expect(try editor.createAudience(name: "Sponsors", id: "sp-26", active: false) == "sp-26")
            let sponsors = try editor.audience("Sponsors")
            #expect(sponsors.id == "sp-26" && !sponsors.active)
            #expect(try editor.audience("члены-клуба").description == "Москва")
            #expect(try editor.audience("Gala 2027: VIP guests").name == "Gala 2027: VIP guests")
            _ = try fixture.load()
        }

        @Test func createRefusesDuplicatesAndUnknownEvents() throws {
            let fixture = try AdminFixture(demo: true)
            defer { fixture.remove() }
            let editor = try fixture.editor()
            #expect(throws: AdminError("an audience named 'VIP codes' already exists")) {
                try editor.createAudience(name: "VIP codes")
            }
            #expect(throws: AdminError("an audience with id 'club' already exists")) {
                try editor.createAudience(name: "X", id: "club")
            }
            #expect(throws: AdminError("an audience needs a name")) { try editor.createAudience(name: "  ") }
            #expect(throws: AdminError("no event 'nope' in catalog \(fixture.path)")) {
                try editor.createAudience(name: "Y", sourceEventID: "nope")
            }
            #expect(try editor.createAudience(name: "Jazz guests", sourceEventID: "jazz-night") == "jazz-guests")
            #expect(try editor.audience("jazz-guests").sourceEventID == "jazz-night")
        }

        @Test func listAndShowCountMembersAndOffers() throws {
            let fixture = try AdminFixture(demo: true)
            defer { fixture.remove() }
            let all = try fixture.editor().audiences()
            #expect(
                all.map(\.id) == [
                    "club", "external-promoters", "gala-2025-guests", "influencers", "internal-promoters", "launch-list",
                    "newsletter", "partners", "school-groups", "section2-sheet", "sponsors-2024", "students", "thank-you",
                    "vip-codes",
                ])
            let guests = try #require(all.first { $0.id == "gala-2025-guests" })
            #expect(guests.memberCount == 0 && guests.attendeeCount == 4 && guests.sourceEventID == "gala-2025")
            let vip = try fixture.editor().audience("VIP codes")
            #expect(vip.memberCount == 2 && vip.codeCount == 2 && vip.active)
            #expect(vip.offers == [.init(id: "seat-unlock", name: "VIP seats", enabled: true)])
            #expect(try fixture.editor().audience("internal-promoters").codeCount == 0)
        }

        @Test func activateAndDeactivateSayWhetherAnythingChanged() throws {
            let fixture = try AdminFixture(demo: true)
            defer { fixture.remove() }
            let editor = try fixture.editor()
            #expect(try editor.setActive("VIP codes", false))
            #expect(try !editor.setActive("vip-codes", false))
            #expect(try !editor.audience("vip-codes").active)
            #expect(try editor.setActive("sponsors-2024", true))
            #expect(try editor.audience("Sponsors 2024").active)
            #expect(throws: AdminError.self) { try editor.setActive("nope", true) }
            _ = try fixture.load()
        }

        @Test func renameChangesTheNameOnly() throws {
            let fixture = try AdminFixture(demo: true)
            defer { fixture.remove() }
            let editor = try fixture.editor()
            try editor.renameAudience("VIP codes", to: "VIP seat codes")
            #expect(try editor.audience("vip-codes").name == "VIP seat codes")
            #expect(throws: AdminError("an audience named 'Tessera Club' already exists")) {
                try editor.renameAudience("vip-codes", to: "Tessera Club")
            }
            try editor.renameAudience("vip-codes", to: "VIP seat codes")  // no change, no error
            #expect(throws: AdminError("an audience needs a name")) { try editor.renameAudience("vip-codes", to: " ") }
            _ = try fixture.load()
        }

        @Test func deleteRefusesWhileOffersUseItUnlessForced() throws {
            let fixture = try AdminFixture(demo: true)
            defer { fixture.remove() }
            let editor = try fixture.editor()
            #expect(
                throws: AdminError(
                    "audience 'VIP codes' is used by offer seat-unlock; deactivate it instead, or delete with --force (which deletes those offers too)"
                )
            ) { try editor.deleteAudience("VIP codes") }
            #expect(try fixture.integer("SELECT count(*) FROM members WHERE audience_id = 'vip-codes'") == 2)

            let deleted = try editor.deleteAudience("VIP codes", force: true)
            #expect(deleted == AudienceDeletion(audienceID: "vip-codes", members: 2, offers: ["seat-unlock"]))
            for sql in [
                "SELECT count(*) FROM audiences WHERE id = 'vip-codes'",
                "SELECT count(*) FROM members WHERE audience_id = 'vip-codes'",
                "SELECT count(*) FROM offers WHERE id = 'seat-unlock'",
                "SELECT count(*) FROM offer_events WHERE offer_id = 'seat-unlock'",
                "SELECT count(*) FROM offer_tickets WHERE offer_id = 'seat-unlock'",
            ] {
                #expect(try fixture.integer(sql) == 0, "\(sql)")
            }
            _ = try fixture.load()  // what is left is a catalog the server accepts

            try editor.createAudience(name: "Unused", id: "unused")
            try fixture.importSheet("Code\nU-1\n", into: "unused")
            #expect(
                try editor.deleteAudience("unused") == AudienceDeletion(audienceID: "unused", members: 1, offers: []))
        }
    }
}
