import Foundation
import Testing
@testable import TesseraServer

/// The README's table of `serve` options (Running in production) is written for people,
/// with its defaults in words ("1 MiB", "none"), so it is not generated; this keeps it in
/// step with the one declaration of the options (`ServeOption.all`): the same options, each
/// once, and each whole-number default where the README writes it as a number.
@Suite struct ReadmeOptionsTests {
    static let readme = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("README.md")

    /// `| `name` | default | … |` rows of the table that follows "**Options**".
    static func rows(_ text: String) -> [(name: String, defaultText: String)] {
        guard let start = text.range(of: "**Options**") else { return [] }
        var rows: [(String, String)] = []
        var inTable = false
        for line in text[start.upperBound...].split(separator: "\n", omittingEmptySubsequences: false) {
            guard line.hasPrefix("|") else {
                if inTable { break } else { continue }
            }
            inTable = true
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard cells.count > 3, cells[1].hasPrefix("`"), cells[1].hasSuffix("`") else { continue }
            rows.append((String(cells[1].dropFirst().dropLast()), cells[2]))
        }
        return rows
    }

    @Test func theReadmeListsEveryOptionOnceWithItsNumberDefault() throws {
        let rows = Self.rows(try String(contentsOf: Self.readme, encoding: .utf8))
        #expect(rows.map(\.name).sorted() == ServeOption.all.map(\.name).sorted())
        for row in rows {
            guard let option = ServeOption.named(row.name), case .integer(_, let value, _) = option.kind,
                let written = Int(row.defaultText)
            else { continue }
            #expect(written == value, "README gives \(option.name) the default \(written), the table \(value)")
        }
    }
}
