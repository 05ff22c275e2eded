import Foundation
import Testing

@testable import TesseraCore
@testable import TesseraStore

/// Every ledger format Tessera has written keeps opening: each fixture (Fixtures/README.md
/// says how it was made) is copied, opened and read back as it was written.
@Suite struct LedgerFormatTests {
    static func fixture(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/\(name)").path
    }

    @Test func aVersion1LedgerOpensWithEveryHoldAsWritten() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("ledger.db")
        try FileManager.default.copyItem(atPath: Self.fixture("ledger-v1.sqlite"), toPath: path)

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
}
