import Testing

@testable import TesseraStore

extension Admin {
    @Suite struct CSVWriterTests {
        private func written(_ fields: [String?], separator: UInt8 = UInt8(ascii: ",")) -> String {
            var out: [UInt8] = []
            CSVWriter(separator: separator).append(fields, to: &out)
            return String(decoding: out, as: UTF8.self)
        }

        @Test func quotesOnlyWhatMustBeQuoted() {
            #expect(written(["VIP321", "1", nil, "North-1"]) == "VIP321,1,,North-1\r\n")
            #expect(
                written(["A,1", "say \"hi\"", "two\nlines", " padded", "tab\t"])
                    == "\"A,1\",\"say \"\"hi\"\"\",\"two\nlines\",\" padded\",\"tab\t\"\r\n")
            #expect(written(["A,1", "B;2"], separator: UInt8(ascii: ";")) == "A,1;\"B;2\"\r\n")
            #expect(written(["Ёлка", "São", "Ærø"]) == "Ёлка,São,Ærø\r\n")
        }

        /// Whatever the field, the reader gets back exactly what the writer was given.
        @Test func theReaderReadsBackWhatTheWriterWrote() throws {
            let tricky = [
                "plain", "with,comma", "with;semicolon", "with\ttab", "\"quoted\"", "a\"b", "line\nbreak", "cr\r\nlf",
                " lead", "trail ", "\t", "Ж Ё", "ã ç", "æ ø å", "=1+2", "-", "''",
            ]
            for separator in CSVSeparator.candidates {
                var out: [UInt8] = []
                let writer = CSVWriter(separator: separator)
                for field in tricky { writer.append(["x", field, "y"], to: &out) }
                let reader = try CSVReader(bytes: out, separator: separator)
                for field in tricky {
                    let record = try #require(try reader.next())
                    #expect(record.fields == ["x", field, "y"], "separator \(separator)")
                }
                #expect(try reader.next() == nil)
            }
        }
    }
}
