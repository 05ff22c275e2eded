import Testing

@testable import TesseraStore

extension Admin {
    @Suite struct ColumnMappingTests {
        @Test func recognisesEveryDocumentedHeaderInAnyCase() {
            let names: [(String, MemberField)] = [
                ("Code", .code), ("BARCODE", .code), ("Email", .email), ("e-mail", .email), ("Customer", .customer),
                ("customer_id", .customer), ("Quantity", .quantity), ("quantity", .quantity),
                ("Number of tickets", .quantity), ("Category", .category), ("Seat", .seat), ("Seat Label", .seat),
                ("seat_label", .seat), ("Location", .location), ("Valid from", .validFrom), ("valid_from", .validFrom),
                ("Valid Until", .validUntil), ("VALID_UNTIL", .validUntil),
            ]
            for (header, field) in names { #expect(MemberField(header: header) == field, "\(header)") }
            #expect(MemberField(header: "Name") == nil)
            for field in MemberField.allCases { #expect(MemberField(header: field.header) == field) }
        }

        @Test func theOriginSheetsHeadersMap() throws {
            #expect(try ColumnMapping.fromHeader(["Code", "Quantity"]).columns == [.code: 0, .quantity: 1])
            #expect(
                try ColumnMapping.fromHeader(["Barcode", "Quantity", "Category"]).columns == [
                    .code: 0, .quantity: 1, .category: 2,
                ])
            #expect(
                try ColumnMapping.fromHeader(["Code", "quantity", "Seat Label"]).columns == [
                    .code: 0, .quantity: 1, .seat: 2,
                ])
        }

        @Test func otherColumnsAreListedAsIgnored() throws {
            let mapping = try ColumnMapping.fromHeader(["Name", "Email", "", "Notes"])
            #expect(mapping.columns == [.email: 1])
            #expect(mapping.ignoredHeaders == ["Name", "Notes"])
        }

        @Test func refusesAmbiguousOrIdentityLessHeaders() {
            #expect(throws: AdminError("columns 'Code' and 'Barcode' both give the code; choose one with --map")) {
                try ColumnMapping.fromHeader(["Code", "Barcode"])
            }
            #expect(throws: AdminError.self) { try ColumnMapping.fromHeader(["VIP321", "1"]) }
            #expect(throws: AdminError.self) { try ColumnMapping.fromHeader(["Quantity", "Seat"]) }
        }

        @Test func mapTakesNumbersOrHeaderNames() throws {
            #expect(try ColumnMapping.parse("code=1,quantity=2", header: nil).columns == [.code: 0, .quantity: 1])
            #expect(
                try ColumnMapping.parse(" code = 3 , seat_label=1,valid_until=2", header: nil).columns == [
                    .code: 2, .seat: 0, .validUntil: 1,
                ])
            #expect(
                try ColumnMapping.parse("code=Ticket ID,email=Mail", header: ["Mail", "ticket id"]).columns == [
                    .code: 1, .email: 0,
                ])
        }

        @Test func mapRefusesWhatItCannotRead() {
            #expect(throws: AdminError.self) { try ColumnMapping.parse("colour=1,code=2", header: nil) }
            #expect(throws: AdminError.self) { try ColumnMapping.parse("code=0", header: nil) }
            #expect(throws: AdminError.self) { try ColumnMapping.parse("code=Ticket", header: nil) }
            #expect(throws: AdminError("--map gives code twice")) {
                try ColumnMapping.parse("code=1,barcode=2", header: nil)
            }
            #expect(throws: AdminError("--map must give a code, email or customer column")) {
                try ColumnMapping.parse("quantity=1", header: nil)
            }
        }
    }
}
