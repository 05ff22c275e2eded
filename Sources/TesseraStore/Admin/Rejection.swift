/// A row that was not imported: the line it starts on and every reason, so the
/// operator can fix the sheet in one pass.
public struct Rejection: Error, Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var reasons: [String]

    public init(line: Int, reasons: [String]) {
        self.line = line
        self.reasons = reasons
    }

    /// `line 7: quantity must be a whole number from 0 to 1000000000, got 'two'`
    public var description: String { "line \(line): " + reasons.joined(separator: "; ") }
}
