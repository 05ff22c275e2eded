import Foundation
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
            #expect(MemberField(header: "Name") == .name && MemberField(header: "Notes") == nil)
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
            #expect(mapping.columns == [.name: 0, .email: 1])
            #expect(mapping.ignoredHeaders == ["Notes"])
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

/// The README's table of header names, in every language it lists: each name is recognised
/// as its row's member column, so the table and the importer never drift apart.
@Suite struct ReadmeHeaderNamesTests {
    @Test func everyHeaderNameInTheReadmeIsRecognised() throws {
        let readme = try String(contentsOfFile: PackageRoot.path + "/README.md", encoding: .utf8)
        let start = try #require(readme.range(of: "| Member column | English |"))
        var checked = 0
        for line in readme[start.upperBound...].split(separator: "\n").dropFirst(2) {
            guard line.hasPrefix("| `") else { break }
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            let column = cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            let field = try #require(MemberField.allCases.first { $0.column == column }, "\(column)")
            for names in cells.dropFirst() {
                for name in names.split(separator: ",") {
                    let header = name.trimmingCharacters(in: .whitespaces)
                    #expect(MemberField(header: header) == field, "'\(header)' should name \(column)")
                    checked += 1
                }
            }
        }
        #expect(checked > 80)
        #expect(MemberField(header: "Kode") == .code && MemberField(header: "Антал") == nil)
        #expect(MemberField(header: "Código") == .code && MemberField(header: "Codigo") == .code)
        #expect(MemberField(header: "Quantidade") == .quantity && MemberField(header: "Количество") == .quantity)
        #expect(MemberField(header: "Navn") == .name && MemberField(header: "ФИО") == .name)
        #expect(MemberField(header: "Notes") == nil && MemberField(header: "Bemærkning") == nil)
    }

    @Test func anExcelWorkbookIsRecognisedAndRefusedWithWhatToDo() throws {
        for magic: [UInt8] in [[0x50, 0x4B, 0x03, 0x04, 0x14, 0, 6, 0], [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]] {
            #expect(
                throws: AdminError(
                    "guests.csv is an Excel workbook, not a CSV file: open it in Excel (or LibreOffice, Numbers), "
                        + "choose File > Save As > \"CSV UTF-8 (Comma delimited)\", and import that file")
            ) { try CSVReader(bytes: magic + Array(repeating: 0, count: 100), name: "guests.csv") }
        }
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("sheet.csv")
        #expect(FileManager.default.createFile(atPath: path, contents: Data([0x50, 0x4B, 0x03, 0x04] + Array(repeating: 0, count: 50))))
        #expect(throws: AdminError.self) { try CSVReader(path: path) }
        // Refused, the file is closed (once: by the reader's deinit, not also by its init).
        #expect(Self.openDescriptors(of: path).isEmpty)
    }

    /// This process's descriptors open on `path`, from /proc/self/fd.
    static func openDescriptors(of path: String) -> [String] {
        let target = URL(fileURLWithPath: path).standardizedFileURL.path  // no "//", as the kernel names it
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return entries.filter { (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\($0)")) == target }
    }
}
