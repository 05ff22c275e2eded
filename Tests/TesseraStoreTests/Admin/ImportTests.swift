import Foundation
import TesseraCore
import Testing

@testable import TesseraStore

extension Admin {
    @Suite struct ImportTests {
        // MARK: The three sheets of the product's origin (SPEC §4), as they are

        @Test func theCodeQuantitySheetImports() throws {
            let fixture = try AdminFixture()
            defer { fixture.remove() }
            try fixture.editor().createAudience(name: "Thank-you codes", id: "thanks")
            let report = try fixture.importSheet(
                "Code,Quantity\nTHANKS-4F7K,1\nTHANKS-9M2P,1\nTHANKS-C3XR,2\n", into: "thanks")
            #expect(report.rows == 3 && report.imported == 3 && report.rejections.isEmpty)
            #expect(
                try fixture.members("thanks").map(\.values) == [
                    MemberValues(code: "THANKS-4F7K", quantity: 1), MemberValues(code: "THANKS-9M2P", quantity: 1),
                    MemberValues(code: "THANKS-C3XR", quantity: 2),
                ])
            #expect(report.summary == "imported 3 members into audience 'Thank-you codes' (3 rows read, 0 rejected)")
        }

        @Test func theBarcodeQuantityCategorySheetImports() throws {
            let fixture = try AdminFixture()
            defer { fixture.remove() }
            try fixture.editor().createAudience(name: "Section 2 barcodes", id: "section2-sheet")
            let sheet =
                "Barcode;Quantity;Category\r\n7350012340011;2;Section2\r\n7350012340028;2;Section2\r\n7350012340035;4;Section2\r\n"
            let report = try fixture.importSheet(sheet, into: "Section 2 barcodes")
            #expect(report.imported == 3 && report.separator == UInt8(ascii: ";"))
            #expect(
                try fixture.members("section2-sheet").map(\.values) == [
                    MemberValues(code: "7350012340011", quantity: 2, category: "Section2"),
                    MemberValues(code: "7350012340028", quantity: 2, category: "Section2"),
                    MemberValues(code: "7350012340035", quantity: 4, category: "Section2"),
                ])
        }

        @Test func theCodeQuantitySeatLabelSheetImports() throws {
            let fixture = try AdminFixture()
            defer { fixture.remove() }
            try fixture.editor().createAudience(name: "VIP codes", id: "vip-codes")
            let report = try fixture.importSheet(
                "Code\tquantity\tSeat Label\nVIP321\t1\tNorth-1\nVIP238\t1\tSouth-3\n", into: "vip-codes")
            #expect(report.imported == 2)
            #expect(
                try fixture.members("vip-codes").map(\.values) == [
                    MemberValues(code: "VIP321", quantity: 1, seat: "North-1"),
                    MemberValues(code: "VIP238", quantity: 1, seat: "South-3"),
                ])
            _ = try fixture.load()
        }

        // MARK: Text and format

        @Test func keepsCyrillicPortugueseAndDanishWithABOMAndQuotedFields() throws {
            let fixture = try AdminFixture()
            defer { fixture.remove() }
            try fixture.editor().createAudience(name: "Гости", id: "guests")
            let text =
                "\u{FEFF}Email;Customer;Location;Seat\r\n"
                + "дмитрий@пример.рф;Дмитрий Ёлкин;\"Москва; зал 2\";Ряд 1\r\n"
                + "joao@exemplo.pt;João Conceição;\"Lisboa,\nPraça do Comércio\";Fila 3\r\n"
                + "soren@eksempel.dk;Søren Ærø;\"Aarhus \"\"Øst\"\"\";Række 5\r\n"
            let report = try fixture.importSheet(text, into: "Гости")
            #expect(report.imported == 3)
            #expect(
                try fixture.members("guests").map(\.values) == [
                    MemberValues(
                        customerID: "Дмитрий Ёлкин", email: "дмитрий@пример.рф", seat: "Ряд 1",
                        location: "Москва; зал 2"),
                    MemberValues(
                        customerID: "João Conceição", email: "joao@exemplo.pt", seat: "Fila 3",
                        location: "Lisboa,\nPraça do Comércio"),
                    MemberValues(
                        customerID: "Søren Ærø", email: "soren@eksempel.dk", seat: "Række 5", location: "Aarhus \"Øst\""
                    ),
                ])
        }

        @Test func mapWithNoHeaderReadsTheFirstLineAsData() throws {
            let fixture = try AdminFixture()
            defer { fixture.remove() }
            try fixture.editor().createAudience(name: "Raw", id: "raw")
            let options = ImportOptions(hasHeader: false, map: "quantity=2,code=1,seat=3")
            let report = try fixture.importSheet("A1;2;N-1\nA2;;N-2\n", into: "raw", options: options)
            #expect(report.rows == 2 && report.imported == 2)
            #expect(
                try fixture.members("raw").map(\.values) == [
                    MemberValues(code: "A1", quantity: 2, seat: "N-1"), MemberValues(code: "A2", seat: "N-2"),
                ])
            #expect(throws: AdminError("--no-header needs --map (e.g. --map code=1,quantity=2)")) {
                try fixture.importSheet("A1\n", into: "raw", options: ImportOptions(hasHeader: false))
            }
        }

        @Test func mapWithAHeaderReplacesRecognition() throws {
            let fixture = try AdminFixture()
            defer { fixture.remove() }
            try fixture.editor().createAudience(name: "Raw", id: "raw")
            let report = try fixture.importSheet(
                "Ticket ID,Tickets wanted,Notes\nT-1,3,x\n", into: "raw",
                options: ImportOptions(map: "code=Ticket ID,quantity=2"))
            #expect(report.imported == 1 && report.ignoredColumns.isEmpty)
            #expect(try fixture.members("raw").map(\.values) == [MemberValues(code: "T-1", quantity: 3)])
        }

        // MARK: Rejections

        @Test func reportsEachRejectedRowWithItsLineAndImportsTheRest() throws {
            let fixture = try AdminFixture(demo: true)
            defer { fixture.remove() }
            let sheet = """
                Code,Quantity,Email,Valid from,Name
                NEW-1,1,,,Ann
                vip321,1,,,already there
                ,2,,,nobody
                NEW-2,two,,,bad quantity
                NEW-3,1,not an address,,bad e-mail
                NEW-4,1,,next week,bad time
                new-1,1,,,twice
                "NEW-5","1","","2026-12-01","quoted, fine"
                NEW-6,1,,,too,many

                ,,,,
                """
            let report = try fixture.importSheet(sheet, into: "VIP codes")
            #expect(
                report.rejections.map(\.description) == [
                    "line 3: code 'vip321' is already in audience 'VIP codes' (member 1)",
                    "line 4: needs a code, an e-mail or a customer id",
                    "line 5: quantity must be a whole number from 0 to 1000000000, got 'two'",
                    "line 6: e-mail 'not an address' does not look like an address",
                    "line 7: valid from 'next week' is not a date or time (2026-12-01 or 2026-12-01T19:00:00+01:00)",
                    "line 8: code 'new-1' is also on line 2",
                    "line 10: 6 fields but the header has 5 (a value holding the separator ',' needs quotes)",
                ])
            #expect(report.ignoredColumns == [])
            #expect(report.rows == 9 && report.valid == 2 && report.imported == 2)
            #expect(
                try fixture.members("vip-codes").compactMap(\.values.code) == ["VIP321", "VIP238", "NEW-1", "NEW-5"])
            // Names are kept, for people searching (a column Tessera adds), never matched on.
            #expect(try fixture.members("vip-codes").map(\.values.name) == [nil, nil, "Ann", "quoted, fine"])
            _ = try fixture.load()  // the server accepts the result
        }

        @Test func strictImportsNothingWhenAnyRowIsRejected() throws {
            let fixture = try AdminFixture(demo: true)
            defer { fixture.remove() }
            let before = try fixture.integer("SELECT count(*) FROM members")
            let report = try fixture.importSheet(
                "Code\nS-1\nS-2\nVIP238\nS-3\n", into: "vip-codes", options: ImportOptions(strict: true))
            #expect(report.valid == 3 && report.imported == 0 && report.rejections.count == 1)
            #expect(report.summary == "strict: nothing imported into audience 'VIP codes': 1 of 4 rows rejected")
            #expect(try fixture.integer("SELECT count(*) FROM members") == before)
            let clean = try fixture.importSheet(
                "Code\nS-1\nS-2\n", into: "vip-codes", options: ImportOptions(strict: true))
            #expect(clean.imported == 2)
        }

        @Test func dryRunReportsTheSameAndWritesNothing() throws {
            let fixture = try AdminFixture(demo: true)
            defer { fixture.remove() }
            let before = try fixture.integer("SELECT count(*) FROM members")
            let sheet = "Code,Quantity\nD-1,1\nVIP321,1\nD-2,x\n"
            let dry = try fixture.importSheet(sheet, into: "vip-codes", options: ImportOptions(dryRun: true))
            #expect(try fixture.integer("SELECT count(*) FROM members") == before)
            #expect(dry.imported == 0 && dry.valid == 1)
            #expect(
                dry.summary
                    == "dry run: 3 rows read, 1 would be imported into audience 'VIP codes', 2 rejected; nothing written"
            )
            let real = try fixture.importSheet(sheet, into: "vip-codes")
            #expect(real.rejections == dry.rejections && real.imported == 1)
        }

        // MARK: Bad input: one error, nothing written

        @Test func aFileThatIsNotUTF8WritesNothingEvenAfterGoodRows() throws {
            let fixture = try AdminFixture(demo: true)
            defer { fixture.remove() }
            let before = try fixture.integer("SELECT count(*) FROM members")
            let bytes = Array("Code,Name\nL-1,ok\nL-2,ok\nL-3,S".utf8) + [0xF8] + Array("ren\n".utf8)
            let path = try fixture.sheet("latin1.csv", bytes: bytes)
            #expect(throws: AdminError("\(path) line 4: bytes that are not UTF-8 (save the sheet as \"CSV UTF-8\")")) {
                try fixture.editor().importMembers(into: "vip-codes", from: try CSVReader(path: path))
            }
            #expect(try fixture.integer("SELECT count(*) FROM members") == before)
        }

        @Test func anUnknownAudienceOrAnEmptyFileIsAnError() throws {
            let fixture = try AdminFixture(demo: true)
            defer { fixture.remove() }
            #expect(
                throws: AdminError("no audience 'nope' in catalog \(fixture.path) (tessera audience list shows them)")
            ) {
                try fixture.importSheet("Code\nA\n", into: "nope")
            }
            #expect(throws: AdminError("input is empty")) { try fixture.importSheet("", into: "vip-codes") }
            #expect(try fixture.importSheet("Code,Quantity\n", into: "vip-codes").rows == 0)
        }

        @Test func anAudienceIsFoundByIdOrName() throws {
            let fixture = try AdminFixture(demo: true)
            defer { fixture.remove() }
            #expect(try fixture.importSheet("Code\nN-1\n", into: "VIP codes").audienceID == "vip-codes")
            #expect(try fixture.importSheet("Code\nN-2\n", into: "vip-codes").audienceName == "VIP codes")
        }

        @Test func importedMembersTakeAscendingIdsInSheetOrder() throws {
            let fixture = try AdminFixture(demo: true)
            defer { fixture.remove() }
            try fixture.importSheet("Code\nZ-3\nZ-1\nZ-2\n", into: "thank-you")
            let added = try fixture.members("thank-you").suffix(3)
            #expect(added.map(\.values.code) == ["Z-3", "Z-1", "Z-2"])
            #expect(added.map(\.id) == [96, 97, 98], "after the demo's largest id, 95")
        }

        @Test func reportsProgress() throws {
            let fixture = try AdminFixture()
            defer { fixture.remove() }
            try fixture.editor().createAudience(name: "Many")
            var seen: [Int] = []
            var options = ImportOptions(progress: { seen.append($0.rows) })
            options.progressInterval = 10
            let sheet = "Code\n" + (1...25).map { "M-\($0)\n" }.joined()
            try fixture.importSheet(sheet, into: "many", options: options)
            #expect(seen == [10, 20, 25])
        }
    }
}
