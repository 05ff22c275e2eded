import Foundation
import Testing
@testable import TesseraServer

/// The README's table of `serve` options (Running in production) is written for people,
/// with its defaults in words ("1 MiB", "none"), so it is not generated; this keeps it in
/// step with the one declaration of the options (`ServeOption.all`): the same options, each
/// once, and each whole-number default where the README writes it as a number.
@Suite struct ReadmeOptionsTests {
    @Test func theReadmeListsEveryOptionOnceWithItsNumberDefault() throws {
        let rows = try ReadmeTables.rows(after: "**Options**", minimumCells: 3).map { (name: $0[0], defaultText: $0[1]) }
        #expect(rows.map(\.name).sorted() == ServeOption.all.map(\.name).sorted())
        for row in rows {
            guard let option = ServeOption.named(row.name), case .integer(_, let value, _) = option.kind,
                let written = Int(row.defaultText)
            else { continue }
            #expect(written == value, "README gives \(option.name) the default \(written), the table \(value)")
        }
    }
}
