import Foundation
import Testing

@testable import TesseraCore
@testable import TesseraStore

/// Every ledger format Tessera has written keeps opening: each fixture (Fixtures/README.md
/// says how it was made) is copied, opened and read back as it was written.
@Suite struct LedgerFormatTests {
    /// A copy of fixture `name` in a new temporary directory: tests change the file.
    static func copy(_ name: String) throws -> (TemporaryDirectory, String) {
        let dir = try TemporaryDirectory()
        let path = dir.file("ledger.db")
        try FileManager.default.copyItem(atPath: fixture(name), toPath: path)
        return (dir, path)
    }

    static func fixture(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/\(name)").path
    }

    @Test func aVersion1LedgerOpensWithEveryHoldAsWritten() throws {
        let (dir, path) = try Self.copy("ledger-v1.sqlite")
        defer { dir.remove() }

        let ledger = try Ledger(path: path)
        let holds = try ledger.loadHolds()
        ledger.close()
        #expect(holds.map(\.id) == ["cart-1", "cart-2", "cart-3", "cart-4"])
        #expect(holds.map(\.state) == [.committed, .held, .released, .committed])
        #expect(holds[0].order == "web-1001")
        #expect(holds.map { $0.takes.map(\.offerID) } == [["thank-you-ticket"], ["club-monthly"], ["seat-unlock"], ["welcome-back"]])
        #expect(holds.map { $0.takes.map(\.quantity) } == [[1], [2], [1], [2]])
        #expect(holds[1].createdAt == Instant(seconds: 1_795_435_200))  // 2026-11-23T12:00:00Z
        #expect(holds[1].expiresAt == Instant(seconds: 1_795_435_200 + 2_592_000))
        let slots = holds.flatMap { $0.takes.flatMap(\.allocations) }.map(\.slot)
        #expect(slots.map(\.member.ledgerText) == ["m:80", "m:60", "m:1", "a:cust-greg\u{1F}\u{1F}GALA25-0002\u{1F}1"])
        #expect(slots[1].periodStart != nil && slots[1].event == nil)
        #expect(slots[2].event == "gala")
        #expect(String(decoding: holds[0].reply, as: UTF8.self)
            == "HELD offer=thank-you-ticket qty=1 remaining=0\nOK id=cart-1 expires=2026-11-23T12:15:00Z\n")
    }

    /// The demo catalog's amount of a unit (SPEC §7 Discount of a unit).
    static func demoAmount() throws -> Ledger.UnitAmount {
        let catalog = try CatalogBuilder.build(CatalogLoader.loadRows(from: DemoCatalog.makeDatabase()))
        return { catalog.unitAmount(offerID: $0, ticketID: $1) }
    }

    static func units(_ holds: [HoldRecord]) -> [[String]] {
        holds.map { $0.takes.flatMap { take in take.units.map { "\(take.offerID):\($0.ticketID):\($0.amount)" } } }
    }

    @Test func aVersion1LedgerIsUpgradedWithTheAmountsOfTheCatalogServedThen() throws {
        let (dir, path) = try Self.copy("ledger-v1.sqlite")
        defer { dir.remove() }

        let ledger = try Ledger(path: path, unitAmount: Self.demoAmount())
        let holds = try ledger.loadHolds()
        ledger.close()
        // 3500 free; 3500 at 1500; seat-unlock has no discount; 15% of 6000 and of 3500.
        #expect(Self.units(holds) == [
            ["thank-you-ticket:gala-standing:3500"],
            ["club-monthly:gala-standing:2000", "club-monthly:gala-standing:2000"],
            ["seat-unlock:gala-seated:0"],
            ["welcome-back:gala-seated:900", "welcome-back:gala-standing:525"],
        ])
        #expect(try Database(path: path, mode: .readOnly).pragma("user_version") == String(LedgerSchema.version))

        // Upgraded once: a second open (with another catalog's amounts) changes nothing.
        let again = try Ledger(path: path, unitAmount: { _, _ in 7 })
        #expect(try again.loadHolds() == holds)
        again.close()
    }

    @Test func anUpgradeGivesZeroForWhatTheCatalogNoLongerHas() throws {
        let (dir, path) = try Self.copy("ledger-v1.sqlite")
        defer { dir.remove() }
        let demo = try Self.demoAmount()
        let ledger = try Ledger(path: path, unitAmount: { $0 == "club-monthly" ? 0 : demo($0, $1) })
        let holds = try ledger.loadHolds()
        ledger.close()
        #expect(Self.units(holds)[1] == ["club-monthly:gala-standing:0", "club-monthly:gala-standing:0"])
        #expect(Self.units(holds)[0] == ["thank-you-ticket:gala-standing:3500"])
    }

    @Test func aVersion2LedgerOpensWithEveryUnitAsWritten() throws {
        let (dir, path) = try Self.copy("ledger-v2.sqlite")
        defer { dir.remove() }

        let ledger = try Ledger(path: path, unitAmount: { _, _ in 7 })
        let holds = try ledger.loadHolds()
        ledger.close()
        #expect(holds.map(\.id) == ["cart-1", "cart-2", "cart-3"])
        #expect(holds.map(\.state) == [.held, .committed, .released])
        #expect(holds[1].order == "web-2001")
        #expect(holds[0].takes.map(\.offerID) == ["welcome-back", "club-monthly"])
        #expect(Self.units(holds) == [
            ["welcome-back:gala-seated:900", "club-monthly:gala-standing:2000", "club-monthly:gala-standing:2000",
             "club-monthly:gala-standing:2000"],
            ["thank-you-ticket:gala-standing:3500"],
            ["seat-unlock:gala-seated:0"],
        ])
        #expect(String(decoding: holds[0].reply, as: UTF8.self) == """
            HELD offer=welcome-back qty=1 remaining=1
            HELD offer=club-monthly qty=3 remaining=7
            OK id=cart-1 expires=2026-12-23T12:00:00Z

            """)
    }

    @Test func aVersion2LedgerIsUpgradedToVersion3WithNoRefunds() throws {
        let (dir, path) = try Self.copy("ledger-v2.sqlite")
        defer { dir.remove() }
        let ledger = try Ledger(path: path, unitAmount: { _, _ in 7 })
        let holds = try ledger.loadHolds()
        ledger.close()
        #expect(try Database(path: path, mode: .readOnly).pragma("user_version") == String(LedgerSchema.version))
        #expect(holds.map(\.id) == ["cart-1", "cart-2", "cart-3"])
        #expect(holds.allSatisfy { $0.refunds.isEmpty })
        #expect(holds.map { $0.takes.map(\.quantity) } == [[1, 3], [1], [1]])
    }

    @Test func aVersion3LedgerOpensWithItsPartialRefundsReplayed() throws {
        let (dir, path) = try Self.copy("ledger-v3.sqlite")
        defer { dir.remove() }
        let ledger = try Ledger(path: path, unitAmount: { _, _ in 7 })
        let holds = try ledger.loadHolds()
        ledger.close()
        #expect(holds.map(\.id) == ["cart-1", "cart-2", "cart-3"])
        #expect(holds.map(\.state) == [.held, .committed, .released])
        #expect(holds[1].order == "web-3001")
        #expect(holds.map { $0.refunds.map(\.id) } == [["r1"], ["r1"], ["all"]])
        // cart-1 gave back 1 of 3 club-monthly units; cart-2 its seated welcome-back unit.
        #expect(Self.units(holds) == [
            ["club-monthly:gala-standing:2000", "club-monthly:gala-standing:2000",
             "crew-guest-list:gala-crew:0", "crew-guest-list:gala-crew:0"],
            ["welcome-back:gala-standing:525"],
            [],
        ])
        #expect(String(decoding: holds[1].refunds[0].reply, as: UTF8.self) == """
            RELEASED offer=welcome-back qty=1 remaining=1
            OK id=cart-2 state=committed

            """)
    }

    @Test func anOlderHoldsUnitsAreMatchedToItsItemsAsHoldTakesThem() {
        // HoldContent's form: event, customer, email, codes, "items", triples, ttl.
        func part(_ s: String) -> String { "\(s.utf8.count):\(s)" }
        let content = ["gala", "\u{0}", "\u{0}", "items", "items", "a", "t1", "2", "*", "t2", "3", "b", "t3", "1", "*", "t4", "1", "900"]
            .map(part).joined()
        let items = HoldContent(text: content)?.items
        #expect(items?.map(\.offerID) == ["a", "*", "b", "*"])
        #expect(items?.map(\.quantity) == [2, 3, 1, 1])
        // a: 2 named + 2 from the first `*`; b: 1 named; c: 1 from the first `*`, 1 from the second.
        let units = LedgerUpgrade.units(of: [("a", 4), ("c", 2), ("b", 1)], items: items ?? [])
        #expect(units == [["t1", "t1", "t2", "t2"], ["t2", "t4"], ["t3"]])
        // An unreadable content: the units keep their count, with no ticket.
        #expect(HoldContent(text: "9:x") == nil)
        #expect(LedgerUpgrade.units(of: [("a", 2)], items: []) == [["", ""]])
    }

    @Test func aVersion1LedgerThatCannotBeWrittenIsRefusedUntouched() throws {
        let (dir, path) = try Self.copy("ledger-v1.sqlite")
        defer { dir.remove() }
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: path)
        // root writes a read-only file all the same: then the upgrade simply succeeds.
        guard getuid() != 0 else { return }
        #expect(throws: LedgerError.self) { try Ledger(path: path, unitAmount: Self.demoAmount()) }
        #expect(try Database(path: path, mode: .readOnly).pragma("user_version") == "1")
    }
}
