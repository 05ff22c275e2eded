import Foundation
import Testing

@testable import TesseraStore

extension Admin {
    @Suite struct CSVReaderTests {
        private func records(_ text: String, separator: UInt8? = nil) throws -> [CSVRecord] {
            try records(bytes: Array(text.utf8), separator: separator)
        }

        private func records(bytes: [UInt8], separator: UInt8? = nil) throws -> [CSVRecord] {
            let reader = try CSVReader(bytes: bytes, separator: separator)
            var all: [CSVRecord] = []
            while let record = try reader.next() { all.append(record) }
            return all
        }

        private func fields(_ text: String, separator: UInt8? = nil) throws -> [[String]] {
            try records(text, separator: separator).map(\.fields)
        }

        @Test func readsPlainRecordsWithAnyLineEnding() throws {
            #expect(try fields("a,b\nc,d\n") == [["a", "b"], ["c", "d"]])
            #expect(try fields("a,b\r\nc,d\r\n") == [["a", "b"], ["c", "d"]])
            #expect(try fields("a,b\rc,d") == [["a", "b"], ["c", "d"]])
            #expect(try fields("a,b\nc,d") == [["a", "b"], ["c", "d"]], "no line break after the last record")
        }

        @Test func quotedFieldsHoldSeparatorsQuotesAndLineBreaks() throws {
            let text = "Code,Seat\n\"A,1\",\"Row \"\"North\"\"\"\n\"multi\r\nline\",\"x\ny\"\n"
            #expect(try fields(text) == [["Code", "Seat"], ["A,1", "Row \"North\""], ["multi\r\nline", "x\ny"]])
        }

        @Test func linesCountTheBreaksInsideQuotedFields() throws {
            let text = "Code,Note\nA,\"one\ntwo\nthree\"\nB,x\n\nC,y\n"
            #expect(try records(text).map(\.line) == [1, 2, 5, 7])
        }

        @Test func unquotedFieldsAreTrimmedQuotedOnesKeptExactly() throws {
            #expect(try fields(" VIP321 , 1 \n") == [["VIP321", "1"]])
            #expect(try fields("\" VIP321 \",1\n") == [[" VIP321 ", "1"]])
            #expect(try fields("  \"A,B\"  ,1\n") == [["A,B", "1"]], "blanks around quotes are dropped")
            #expect(try fields("\"ab\"cd,1\n") == [["abcd", "1"]], "text after a closing quote is kept")
            #expect(
                try fields("5\" screen,1\n") == [["5\" screen", "1"]], "a quote inside an unquoted field is a character"
            )
        }

        @Test func skipsEmptyLinesButKeepsEmptyFields() throws {
            #expect(try fields("\n\na,,c\n\n,\n") == [["a", "", "c"], ["", ""]])
            #expect(try fields("") == [])
            #expect(try fields("\r\n\r\n") == [])
        }

        @Test func detectsCommaSemicolonAndTab() throws {
            #expect(try CSVReader(text: "Code,Quantity\nA,1\n").separator == UInt8(ascii: ","))
            #expect(try CSVReader(text: "Code;Quantity;Seat\nA;1;B,2\n").separator == UInt8(ascii: ";"))
            #expect(try CSVReader(text: "Code\tQuantity\nA\t1\n").separator == 0x09)
            #expect(
                try CSVReader(text: "\"Code;x\",Quantity\nA,1\n").separator == UInt8(ascii: ","),
                "quoted separators do not count")
            #expect(try CSVReader(text: "Code\nA\n").separator == UInt8(ascii: ","), "one column: comma")
            #expect(try fields("Code;Quantity\nA,1;2\n") == [["Code", "Quantity"], ["A,1", "2"]])
            #expect(try fields("Code\tQuantity\n A B \t 2 \n") == [["Code", "Quantity"], ["A B", "2"]])
        }

        @Test func aGivenSeparatorWins() throws {
            #expect(try fields("a;b,c\n", separator: UInt8(ascii: ",")) == [["a;b", "c"]])
            #expect(try CSVSeparator.parse("tab") == 0x09)
            #expect(try CSVSeparator.parse(";") == UInt8(ascii: ";"))
            #expect(try CSVSeparator.parse("|") == UInt8(ascii: "|"))
            #expect(throws: AdminError.self) { try CSVSeparator.parse("\"") }
            #expect(throws: AdminError.self) { try CSVSeparator.parse(";;") }
        }

        @Test func skipsAByteOrderMark() throws {
            let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("Code;Quantity\nÆble;2\n".utf8)
            #expect(try records(bytes: bytes).map(\.fields) == [["Code", "Quantity"], ["Æble", "2"]])
            #expect(try CSVReader(bytes: bytes).separator == UInt8(ascii: ";"))
        }

        @Test func keepsEveryScript() throws {
            let text = "Code,Name\nЖ-001,Ёлка Дмитриевна\nSÃO-2,João Conceição\nÅ-3,Søren Ærø\n"
            #expect(
                try fields(text)[1...] == [
                    ["Ж-001", "Ёлка Дмитриевна"], ["SÃO-2", "João Conceição"], ["Å-3", "Søren Ærø"],
                ])
        }

        @Test func bytesThatAreNotUTF8AreAnErrorNamingTheLine() throws {
            // "Søren" in Latin-1, as Excel's plain "CSV" saves it.
            let bytes = Array("Code,Name\nA,ok\nB,S".utf8) + [0xF8] + Array("ren\n".utf8)
            #expect(throws: AdminError("input line 3: bytes that are not UTF-8 (save the sheet as \"CSV UTF-8\")")) {
                _ = try records(bytes: bytes)
            }
            #expect(throws: AdminError("input is UTF-16, not UTF-8 (save the sheet as \"CSV UTF-8\")")) {
                _ = try CSVReader(bytes: [0xFF, 0xFE, 0x43, 0x00])
            }
        }

        @Test func anUnclosedQuoteIsAnErrorNamingWhereItStarts() throws {
            #expect(throws: AdminError("input line 2: a quoted field is never closed (a \" is missing)")) {
                _ = try records("Code\n\"A,1\nB\nC\n")
            }
        }

        @Test func shortRowsReadAsEmptyFields() throws {
            let record = try #require(try records("a\n").first)
            #expect(record[0] == "a" && record[3] == "")
        }

        /// The same bytes cut into chunks of every size from 1 byte up give the same records.
        @Test func readsTheSameWhereverChunksEnd() throws {
            let text =
                "\u{FEFF}Code;Note;Quantity\r\n\"A;1\";\"line\r\nbreak \"\"q\"\"\";2\r\nБ-2; Ærø ;\r\rC;\"\";3\n\"x\"  ;y;\r\n"
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            let path = dir.file("sheet.csv")
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            let expected = try records(text, separator: UInt8(ascii: ";"))
            #expect(expected.count == 5)
            for size in 1...text.utf8.count + 1 {
                let reader = try CSVReader(path: path, separator: UInt8(ascii: ";"), chunkSize: size)
                var got: [CSVRecord] = []
                while let record = try reader.next() { got.append(record) }
                #expect(got == expected, "chunk size \(size)")
                #expect(reader.bytesConsumed == text.utf8.count)
            }
        }

        @Test func aMissingFileOrADirectoryIsAOneLineError() throws {
            #expect(throws: AdminError("cannot read /nonexistent/sheet.csv: No such file or directory")) {
                _ = try CSVReader(path: "/nonexistent/sheet.csv")
            }
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            #expect(throws: AdminError("cannot read \(dir.path): it is a directory")) {
                _ = try CSVReader(path: dir.path)
            }
        }
    }
}
