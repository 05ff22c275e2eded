import Foundation

/// The tables of README.md that tests keep in step with the code's one declaration of a
/// thing (the serve options, the verbs): written for people, read back here.
enum ReadmeTables {
    static let readme = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("README.md")

    /// The trimmed cells of each row, after the first cell, of the first table that follows
    /// `heading`, for rows whose first cell is a `code` name (so the header and the `---`
    /// line are skipped); the name comes first, without its backquotes.
    static func rows(after heading: String, minimumCells: Int) throws -> [[String]] {
        let text = try String(contentsOf: readme, encoding: .utf8)
        guard let start = text.range(of: heading) else { return [] }
        var rows: [[String]] = []
        var inTable = false
        for line in text[start.upperBound...].split(separator: "\n", omittingEmptySubsequences: false) {
            guard line.hasPrefix("|") else {
                if inTable { break } else { continue }
            }
            inTable = true
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast().map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard cells.count >= minimumCells, let name = cells.first, name.hasPrefix("`"), name.hasSuffix("`") else {
                continue
            }
            rows.append([String(name.dropFirst().dropLast())] + cells.dropFirst())
        }
        return rows
    }
}
