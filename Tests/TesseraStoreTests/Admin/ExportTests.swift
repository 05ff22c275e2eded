import Testing

@testable import TesseraStore

extension Admin {
    @Suite struct ExportTests {
        private func export(
            _ fixture: AdminFixture, _ audience: String, separator: UInt8 = UInt8(ascii: ","), bom: Bool = false
        ) throws -> [UInt8] {
            var out: [UInt8] = []
            try fixture.editor().exportMembers(of: audience, separator: separator, byteOrderMark: bom) { out += $0 }
            return out
        }

        @Test func writesEveryFieldUnderTheHeadersImportRecognises() throws {
            let fixture = try AdminFixture(demo: true)
            defer { fixture.remove() }
            let text = String(decoding: try export(fixture, "club"), as: UTF8.self)
            #expect(
                text == """
                    Code,Email,Customer,Quantity,Category,Seat,Location,Valid from,Valid until\r
                    CLUB-1001,,cust-anna,,,,,2026-01-01,2028-01-01\r
                    CLUB-1002,,cust-david,,,,,2026-12-01,2027-12-01\r
                    CLUB-1003,,cust-eva,,,,,2025-10-01,2026-10-01\r
                    CLUB-1004,marta@example.com,,4,,,,2026-11-01,2027-11-01\r
                    CLUB-1005,hanna@example.com,,,,,,2026-06-01,2027-06-01\r

                    """)
        }

        /// Export, import into a fresh audience, export again: the same members, the same bytes.
        @Test func exportThenImportRoundTripsUnchanged() throws {
            let fixture = try AdminFixture()
            defer { fixture.remove() }
            let editor = try fixture.editor()
            try editor.createAudience(name: "Original", id: "original")
            try editor.createAudience(name: "Copy", id: "copy")
            try editor.createAudience(name: "Copy 2", id: "copy-2")
            let sheet =
                "\u{FEFF}Code;Email;Customer;Quantity;Category;Seat;Location;Valid from;Valid until\r\n"
                + "Ж-001;дмитрий@пример.рф;Дмитрий;2;Секция 2;Ряд 1;\"Москва; зал 2\";2026-12-01;2027-01-01T00:00:00+01:00\r\n"
                + "\" padded \";joao@exemplo.pt;;0;;\"say \"\"hi\"\"\";\"Lisboa,\nPraça\";;\r\n"
                + ";soren@eksempel.dk;cust, with comma;;;;Ærø;;\r\n"
            #expect(try fixture.importSheet(sheet, into: "original").imported == 3)
            for separator in CSVSeparator.candidates {
                let first = try export(fixture, "original", separator: separator, bom: true)
                let target = separator == 0x09 ? "copy-2" : "copy"
                try editor.deleteAudience(target)
                try editor.createAudience(name: target, id: target)
                let report = try editor.importMembers(into: target, from: try CSVReader(bytes: first))
                #expect(report.imported == 3 && report.rejections.isEmpty)
                #expect(try fixture.members(target).map(\.values) == fixture.members("original").map(\.values))
                #expect(try export(fixture, target, separator: separator, bom: true) == first)
            }
        }

        @Test func anUnknownAudienceIsAnError() throws {
            let fixture = try AdminFixture()
            defer { fixture.remove() }
            #expect(throws: AdminError.self) { try export(fixture, "nope") }
        }
    }
}
