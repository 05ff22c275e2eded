import TesseraCore
import Testing

@testable import TesseraStore

extension Admin {
    /// `tessera offer` over the editor: every column, links replaced as a whole, the
    /// server's own checks, SPEC §7 columns added when first set, and delete guarded by
    /// the ledger.
    @Suite struct OfferEditorTests {
        /// An event with two ticket types and an audience, on an empty catalog.
        func catalog() throws -> AdminFixture {
            let fixture = try AdminFixture()
            let editor = try fixture.editor()
            try editor.addEvent(id: "jazz", ["name": "Jazz Night"])
            try editor.addTicketType(id: "standard", ["name": "Standard", "event_id": "jazz", "price": "45000"])
            try editor.addTicketType(id: "table", ["name": "Table", "event_id": "jazz", "price": "60000"])
            try editor.createAudience(name: "Jazz club", id: "club")
            return fixture
        }

        @Test func addSetsEveryColumnAndTheLinks() throws {
            let fixture = try catalog()
            defer { fixture.remove() }
            let editor = try fixture.editor()
            let id = try editor.addOffer(
                [
                    "name": "Club 20% off", "audience_id": "Jazz club", "unlock": "code", "promo_code": "JAZZ",
                    "discount": "percent", "value": "20", "per_member": "2", "per_order": "4", "total": "100",
                    "scope": "all", "period": "month", "timezone": "Europe/Copenhagen", "valid_from": "2027-01-01",
                    "valid_until": "2027-07-01", "min_order": "2", "budget": "500000",
                ], events: ["Jazz Night"], ticketTypes: ["standard", "Table"])
            #expect(id == "club-20-off")
            let offer = try editor.offer("Club 20% off")
            #expect(
                offer
                    == OfferRecord(
                        id: "club-20-off", name: "Club 20% off", audienceID: "club", enabled: true, unlock: "code",
                        promoCode: "JAZZ", discount: "percent", value: 20, perMember: 2, perOrder: 4, total: 100,
                        scope: "all", period: "month", timezone: "Europe/Copenhagen", validFrom: "2027-01-01",
                        validUntil: "2027-07-01", minOrder: 2, budget: 500000, events: ["jazz"],
                        ticketTypes: ["standard", "table"]))
            let loaded = try fixture.load()
            #expect(loaded.offers.count == 1)
        }

        @Test func setChangesWhatIsGivenNoneClearsAndLinksAreReplacedAsAWhole() throws {
            let fixture = try catalog()
            defer { fixture.remove() }
            let editor = try fixture.editor()
            try editor.addOffer(
                id: "o", ["name": "O", "audience_id": "club", "per_member": "2", "period": "week"], events: ["jazz"],
                ticketTypes: ["standard"])
            try editor.setOffer("o", ["per_member": "none", "period": "none", "discount": "amount", "value": "500"])
            var offer = try editor.offer("o")
            #expect(offer.perMember == nil && offer.period == nil && offer.discount == "amount" && offer.value == 500)
            #expect(offer.events == ["jazz"] && offer.ticketTypes == ["standard"])
            try editor.setOffer("o", [:], ticketTypes: ["table"])
            offer = try editor.offer("o")
            #expect(offer.events == ["jazz"] && offer.ticketTypes == ["table"])
            try editor.setOffer("o", [:], events: [], ticketTypes: [])
            offer = try editor.offer("o")
            #expect(offer.events.isEmpty && offer.ticketTypes.isEmpty)
            #expect(throws: AdminError("event 'jazz' is given twice")) {
                try editor.setOffer("o", [:], events: ["jazz", "Jazz Night"])
            }
        }

        @Test func theServersChecksRefuseABrokenOfferAndNothingIsChanged() throws {
            let fixture = try catalog()
            defer { fixture.remove() }
            let editor = try fixture.editor()
            try editor.addOffer(id: "o", ["name": "O", "audience_id": "club", "per_order": "2"])
            for (values, problem) in [
                (["unlock": "password"], "unlock must be 'login', 'code' or 'any', got 'password'"),
                (["discount": "percent", "value": "120"], "value of a percent discount must be 0..100, got 120"),
                (["period": "fortnight"], "period must be NULL, 'day', 'week', 'month' or 'year', got 'fortnight'"),
                (["timezone": "Europe/Copenhagn"], "timezone 'Europe/Copenhagn' is not an IANA time zone"),
                (["min_order": "3"], "min_order 3 is greater than per_order 2"),
                (["budget": "-1"], "budget must be >= 0, got -1"),
                (["valid_from": "tomorrow"], "valid_from 'tomorrow' is not an ISO 8601 time"),
            ] {
                #expect(throws: AdminError("table offers, row id=o: \(problem); nothing was changed"), "\(values)") {
                    try editor.setOffer("o", values)
                }
            }
            #expect(try fixture.integer("SELECT count(*) FROM pragma_table_info('offers') WHERE name = 'min_order'") == 0,
                "the column added for a refused change is rolled back with it")
            #expect(throws: AdminError("no audience 'nobody' in catalog \(fixture.path) (tessera audience list shows them)")) {
                try editor.addOffer(["name": "P", "audience_id": "nobody"])
            }
            #expect(throws: AdminError("--per-member must be a whole number or none, got 'two'")) {
                try editor.setOffer("o", ["per_member": "two"])
            }
            #expect(try editor.offers().map(\.id) == ["o"])
            #expect(try editor.offer("o").unlock == "any")
        }

        @Test func minOrderAndBudgetAddTheirColumnsToACatalogWrittenForSection2() throws {
            let fixture = try catalog()
            defer { fixture.remove() }
            let editor = try fixture.editor()
            try editor.addOffer(id: "o", ["name": "O", "audience_id": "club"])
            #expect(try editor.offer("o").budget == nil)
            try editor.setOffer("o", ["budget": "10000"])
            try editor.setOffer("o", ["min_order": "2"])
            #expect(try fixture.integer("SELECT budget FROM offers WHERE id = 'o'") == 10000)
            #expect(try editor.offer("o").minOrder == 2)
            try editor.setOffer("o", ["min_order": "none"])
            #expect(try editor.offer("o").minOrder == nil)
            _ = try fixture.load()
        }

        @Test func enableAndDisableSayWhetherAnythingChanged() throws {
            let fixture = try catalog()
            defer { fixture.remove() }
            let editor = try fixture.editor()
            try editor.addOffer(id: "o", ["name": "O", "audience_id": "club"], enabled: false)
            #expect(try !editor.offer("o").enabled)
            #expect(try editor.setEnabled(offer: "o", true))
            #expect(try !editor.setEnabled(offer: "O", true))
            #expect(try editor.setEnabled(offer: "o", false))
        }

        @Test func deleteRefusesAnOfferTheLedgerHasCountedAndSuggestsDisable() throws {
            let fixture = try catalog()
            defer { fixture.remove() }
            let editor = try fixture.editor()
            // LedgerSamples' holds take the offers vip and promo.
            try editor.addOffer(id: "vip", ["name": "VIP", "audience_id": "club"], events: ["jazz"], ticketTypes: ["table"])
            try editor.addOffer(id: "unused", ["name": "Unused", "audience_id": "club"], events: ["jazz"])
            try editor.addOffer(id: "spare", ["name": "Spare", "audience_id": "club"])
            let path = fixture.directory.file("catalog.db.ledger")
            #expect(try editor.deleteOffer("unused", ledgerPath: path) == "unused", "no ledger: no usage")

            // A ledger its writer has open, as a running server's is.
            let ledger = try Ledger(path: path)
            defer { ledger.close() }
            let log = CompletionLog()
            ledger.start(deliver: log.deliver)
            let writes: [LedgerWrite] = [
                .hold(LedgerSamples.hold("cart-1")), .hold(LedgerSamples.hold("cart-2", created: 1_800_000_100)),
                .commit(id: "cart-1", order: "A-1", at: Instant(seconds: 1_800_000_200)),
            ]
            #expect(try ledger.write(writes, log: log) == [true, true, true])
            #expect(
                throws: AdminError(
                    "offer 'vip' has usage in the ledger \(path) (2 holds: 1 committed, 1 held); disable it instead (tessera offer disable vip), which keeps its usage"
                )
            ) { try editor.deleteOffer("VIP", ledgerPath: path) }
            #expect(try editor.offer("vip").events == ["jazz"])
            #expect(try editor.deleteOffer("spare", ledgerPath: path) == "spare", "the ledger never took it")

            let notALedger = try fixture.sheet("notes.txt", "hello")
            #expect(throws: AdminError.self) { try editor.deleteOffer("vip", ledgerPath: notALedger) }
            #expect(try editor.offers().map(\.id) == ["vip"])
            try editor.setOffer("vip", [:], events: [], ticketTypes: [])
            #expect(try fixture.integer("SELECT count(*) FROM offer_events") == 0)
        }
    }
}
