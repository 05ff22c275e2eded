/// `valid_from` (inclusive) to `valid_until` (exclusive); nil ends are open.
public struct ValidityWindow: Sendable, Hashable {
    public var from: Instant?
    public var until: Instant?

    public static let always = ValidityWindow(from: nil, until: nil)

    public init(from: Instant?, until: Instant?) { self.from = from; self.until = until }

    /// Where `instant` falls relative to the window.
    public enum Position: Sendable { case notYetValid, valid, expired }

    @inlinable public func position(at instant: Instant) -> Position {
        if let from, instant < from { return .notYetValid }
        if let until, instant >= until { return .expired }
        return .valid
    }

    @inlinable public func contains(_ instant: Instant) -> Bool { position(at: instant) == .valid }
}
