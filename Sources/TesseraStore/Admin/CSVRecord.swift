/// One record of a CSV file: its fields, and the line it starts on.
///
/// Lines count from 1 and include the line breaks inside quoted fields, so the
/// number is the one a text editor shows, which is what a rejection report names.
public struct CSVRecord: Sendable, Equatable {
    public var line: Int
    public var fields: [String]

    public init(line: Int, fields: [String]) {
        self.line = line
        self.fields = fields
    }

    /// The field at a 0-based position, or "" past the end (a short row).
    public subscript(column: Int) -> String {
        column < fields.count ? fields[column] : ""
    }
}
