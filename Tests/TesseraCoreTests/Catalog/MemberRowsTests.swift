import Testing

@testable import TesseraCore

@Suite struct MemberRowsTests {
    /// Every field of a row, compared as one value (`MemberRow` is not Equatable).
    func fields(_ row: MemberRow) -> [String] {
        [String(row.id), row.audienceID] + [
            row.customerID, row.email, row.code, row.quantity.map(String.init), row.category, row.seat, row.location,
            row.validFrom, row.validUntil,
        ].map { $0.map { "'\($0)'" } ?? "NULL" }
    }

    @Test func rowsReadBackAsAppendedWithNullsEmptyTextsAndLongTexts() {
        let rows = [
            MemberRow(id: 9, audienceID: "vip"),
            MemberRow(
                id: 3, audienceID: "a-rather-long-audience-id", customerID: "", email: "chloë.moreau@example.com",
                code: " VIP-321 ", quantity: 0, category: "Section 2", seat: "R12", location: "", validFrom: "2026-01-01",
                validUntil: "2026-12-31T23:59:59Z"),
            MemberRow(id: -4, audienceID: "vip", quantity: Int.min, validUntil: "2027-01-01"),
            MemberRow(id: Int64.max, audienceID: "🎟", customerID: "c", quantity: -1, location: "Hall\u{0}B"),
            MemberRow(id: 5, audienceID: "a-rather-long-audience-id", email: ""),
        ]
        var table = MemberRows()
        for row in rows { table.append(row) }
        table.trimTextCapacity()
        #expect(table.count == rows.count)
        #expect(table.map(fields) == rows.map(fields))
        #expect(table.audienceIDs == ["vip", "a-rather-long-audience-id", "🎟"])
        #expect(table.indices.map(table.audience) == [0, 1, 0, 2, 1])
        let literal: MemberRows = [rows[1], rows[0]]
        #expect(literal.map(fields) == [fields(rows[1]), fields(rows[0])])
    }

    @Test func bytesAreCopiedAndInvalidUTF8IsRepairedAsInAString() {
        var table = MemberRows()
        var audience: [UInt8] = Array("vip".utf8)
        var email: [UInt8] = [0xFF, 0x41]
        audience.withUnsafeBufferPointer { audience in
            email.withUnsafeBufferPointer { email in
                table.append(
                    id: 1, audienceID: audience, customerID: nil, email: email, code: UnsafeBufferPointer(start: nil, count: 0),
                    quantity: nil, category: nil, seat: nil, location: nil, validFrom: nil, validUntil: nil)
            }
        }
        // The buffers the loader passes are SQLite's, reused for the next row.
        audience[0] = UInt8(ascii: "x")
        email[1] = UInt8(ascii: "x")
        #expect(table[0].audienceID == "vip")
        #expect(table[0].email == String(decoding: [0xFF, 0x41] as [UInt8], as: UTF8.self))
        #expect(table[0].code == "")
        #expect(table[0].customerID == nil && table[0].quantity == nil)
    }

    @Test func theBuilderReadsRowsOutOfOrderAndAcrossAudiences() throws {
        var f = CatalogFixture()
        f.rows.audiences.append(AudienceRow(id: "club", name: "Club"))
        f.member(7, audience: "club", email: "B@example.com", quantity: 2)
        f.member(2, code: "A", from: "2026-01-01", until: "2026-12-31")
        f.member(5, audience: "club", customer: "", email: "a@example.com", seat: "R1")
        f.member(1, customer: "c-1", category: "Gold")
        let catalog = try f.build()
        let members = catalog.members.map { ($0.key, $0.email, $0.code, $0.customerID, $0.category, $0.quantity) }
        // Audiences in id order (club, vip), each in member id order.
        #expect(members.map { $0.0 } == [.row(5), .row(7), .row(1), .row(2)])
        #expect(members.map { $0.1 } == ["a@example.com", "b@example.com", nil, nil])
        #expect(members.map { $0.2 } == [nil, nil, nil, "a"])
        #expect(members.map { $0.3 } == [nil, nil, "c-1", nil])
        #expect(members.map { $0.4 } == [nil, nil, "Gold", nil])
        #expect(members.map { $0.5 } == [nil, 2, nil, nil])
        #expect(catalog.members[3].window != .always)

        f.member(5, code: "B")
        #expect(throws: CatalogError.id("members", "5", "duplicate id")) { try f.build() }
    }
}
