import Testing

@testable import TesseraStore

extension Admin {
    @Suite struct MembersTests {
        @Test func addChecksLikeAnImportedRow() throws {
            let fixture = try AdminFixture(demo: true)
            defer { fixture.remove() }
            let editor = try fixture.editor()
            let id = try editor.addMember(to: "VIP codes", [.code: " VIP999 ", .quantity: "1", .seat: "North-2"])
            #expect(
                try fixture.members("vip-codes").last
                    == StoredMember(
                        id: id, audienceID: "vip-codes",
                        values: MemberValues(code: "VIP999", quantity: 1, seat: "North-2")))
            #expect(throws: AdminError("code 'vip999' is already in audience 'VIP codes' (member \(id))")) {
                try editor.addMember(to: "vip-codes", [.code: "vip999"])
            }
            #expect(
                throws: AdminError(
                    "needs a code, an e-mail or a customer id; quantity must be a whole number from 0 to 1000000000, got '-1'"
                )
            ) {
                try editor.addMember(to: "vip-codes", [.quantity: "-1"])
            }
            #expect(throws: AdminError.self) { try editor.addMember(to: "nope", [.code: "X"]) }
            _ = try fixture.load()
        }

        @Test func removeMatchesAsTheServerMatches() throws {
            let fixture = try AdminFixture(demo: true)
            defer { fixture.remove() }
            let editor = try fixture.editor()
            #expect(try editor.removeMembers(from: "vip-codes", matching: .code("  vip321 ")) == 1)
            #expect(try fixture.members("vip-codes").map(\.values.code) == ["VIP238"])
            #expect(try editor.removeMembers(from: "influencers", matching: .email("chloe.moreau@EXAMPLE.com")) == 1)
            #expect(throws: AdminError("no member of audience 'Internal promoters' has customer id 'CUST-ANNA'")) {
                try editor.removeMembers(from: "internal-promoters", matching: .customer("CUST-ANNA"))
            }
            #expect(try editor.removeMembers(from: "internal-promoters", matching: .customer("cust-anna")) == 1)
            #expect(try editor.removeMembers(from: "club", matching: .id(61)) == 1)
            #expect(throws: AdminError("no member of audience 'Tessera Club' has id 20")) {
                try editor.removeMembers(from: "club", matching: .id(20))  // a member, but of another audience
            }
            _ = try fixture.load()
        }

        /// The server keys usage by member id: a new member never gets a removed one's id.
        @Test func idsAreNeverReusedAfterARemove() throws {
            let fixture = try AdminFixture(demo: true)
            defer { fixture.remove() }
            let editor = try fixture.editor()
            try editor.removeMembers(from: "sponsors-2024", matching: .code("SPONSOR24"))  // id 95, the largest
            #expect(try editor.addMember(to: "sponsors-2024", [.code: "SPONSOR26"]) == 96)
            try editor.deleteAudience("sponsors-2024", force: true)  // 96 goes too
            try editor.createAudience(name: "Later", id: "later")
            #expect(try editor.addMember(to: "later", [.code: "L-1"]) == 97)
            _ = try fixture.load()
        }

        @Test func setQuantitySetsOrClears() throws {
            let fixture = try AdminFixture(demo: true)
            defer { fixture.remove() }
            let editor = try fixture.editor()
            #expect(try editor.setQuantity(5, in: "section2-sheet", matching: .code("7350012340011")) == 1)
            #expect(try editor.setQuantity(nil, in: "partners", matching: .customer("cust-nordbrew")) == 1)
            let quantities = try fixture.members("section2-sheet").map(\.values.quantity)
            #expect(quantities == [5, 2, 4])
            #expect(try fixture.members("partners").map(\.values.quantity) == [8, nil])
            #expect(throws: AdminError.self) { try editor.setQuantity(-1, in: "partners", matching: .id(50)) }
            #expect(throws: AdminError.self) { try editor.setQuantity(1, in: "partners", matching: .code("none")) }
            _ = try fixture.load()
        }

        @Test func searchByPartIgnoresCaseAndAccents() throws {
            let fixture = try AdminFixture(demo: true)
            defer { fixture.remove() }
            let editor = try fixture.editor()
            let søren = try editor.addMember(to: "influencers", [.customer: "Søren Ærø", .email: "søren@eksempel.dk"])
            let joão = try editor.addMember(to: "influencers", [.customer: "João Conceição", .code: "ÉTÉ-2027"])
            func part(_ text: String, _ field: MemberQuery.Field = .any) throws -> [Int64] {
                try editor.searchMembers(MemberQuery(text: text, field: field, part: true)).members.map(\.id)
            }
            #expect(try part("SOREN") == [søren])
            #expect(try part("SØRE") == [søren])
            #expect(try part("aero") == [søren])
            #expect(try part("conceicao") == [joão])
            #expect(try part("ete-20") == [joão])
            #expect(try part("ete", .email) == [])
            #expect(try part("EKSEMPEL", .email) == [søren])
            #expect(try part("club-100", .code) == [60, 61, 62, 63, 64])
            #expect(throws: AdminError("nothing to search for")) { try part("  ") }
            #expect(SearchFolding.fold(" Ёлка ") == SearchFolding.fold("елка"))
        }

        @Test func aNameIsKeptForSearchingAndNeverMatchedOn() throws {
            let fixture = try AdminFixture(demo: true)
            defer { fixture.remove() }
            let editor = try fixture.editor()
            #expect(try fixture.integer("SELECT count(*) FROM pragma_table_info('members') WHERE name = 'name'") == 0)
            let id = try editor.addMember(to: "vip-codes", [.code: "VIP900", .name: "Åsa Lindström"])
            // The column appears with the first name; the server loads the catalog as before.
            #expect(try fixture.integer("SELECT count(*) FROM pragma_table_info('members') WHERE name = 'name'") == 1)
            _ = try fixture.load()
            #expect(try editor.searchMembers(MemberQuery(text: "lindstrom", part: true)).members.map(\.id) == [id])
            #expect(try editor.searchMembers(MemberQuery(text: "Åsa Lindström")).total == 0, "whole-value search never looks at names")
            // The same name twice is two people: names play no part in one person, one member.
            _ = try editor.addMember(to: "vip-codes", [.code: "VIP901", .name: "Åsa Lindström"])
            var out: [UInt8] = []
            try editor.exportMembers(of: "vip-codes") { out += $0 }
            #expect(String(decoding: out, as: UTF8.self).hasPrefix(
                "Code,Email,Customer,Quantity,Category,Seat,Location,Valid from,Valid until,Name\r\nVIP321,"))
            #expect(String(decoding: out, as: UTF8.self).contains("VIP900,,,,,,,,,Åsa Lindström\r\n"))
        }

        @Test func searchFindsCodesEmailsAndCustomersWholeOrByPrefix() throws {
            let fixture = try AdminFixture(demo: true)
            defer { fixture.remove() }
            let editor = try fixture.editor()
            #expect(try editor.searchMembers(MemberQuery(text: "vip321")).members.map(\.id) == [1])
            #expect(try editor.searchMembers(MemberQuery(text: "VIP", prefix: true)).members.map(\.id) == [1, 2])
            #expect(try editor.searchMembers(MemberQuery(text: "VIP")).total == 0)
            #expect(try editor.searchMembers(MemberQuery(text: "CHLOE.moreau@example.com")).members.map(\.id) == [40])
            #expect(try editor.searchMembers(MemberQuery(text: "cust-anna")).members.map(\.id) == [20, 60])
            #expect(
                try editor.searchMembers(MemberQuery(text: "cust-anna", audience: "club")).members.map(\.id) == [60])
            #expect(
                try editor.searchMembers(MemberQuery(text: "CUST-ANNA", field: .customer)).total == 0,
                "customer ids are exact")
            #expect(try editor.searchMembers(MemberQuery(text: "cust-", field: .customer, prefix: true)).total == 11)
            #expect(try editor.searchMembers(MemberQuery(text: "cust-anna", field: .code)).total == 0)
            #expect(
                try editor.searchMembers(MemberQuery(text: "CLUB-", field: .code, prefix: true)).members.map(\.id) == [
                    60, 61, 62, 63, 64,
                ])
            let limited = try editor.searchMembers(MemberQuery(text: "club-", prefix: true), limit: 2)
            #expect(limited.members.map(\.id) == [60, 61] && limited.total == 5)
            #expect(throws: AdminError("nothing to search for")) { try editor.searchMembers(MemberQuery(text: " ")) }
        }
    }
}
